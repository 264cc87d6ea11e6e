// Waits until no mail job is waiting, delayed or running: after that no further mail can arrive.
import type { Queue } from 'bullmq';
import { waitFor } from './wait-for.js';

export async function waitForMailQueueIdle(mailQueue: Queue, timeoutMs = 30_000): Promise<void> {
  await waitFor('mail queue to be idle', async () => {
    const counts = await mailQueue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  }, timeoutMs);
}
