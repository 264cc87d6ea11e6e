// Adds accepted certificate events to the events queue, one job per accepted event id.
import type { Queue } from 'bullmq';
import { EVENT_JOB_OPTIONS, type EventJobData } from './jobs.js';
import { JOBS, jobIds } from './names.js';

export interface EventProducer {
  /**
   * Resolves once Redis holds the job (a re-add of the same event id resolves without a second job). The second lane
   * (a source over its fair share) is a BullMQ priority: such jobs run only when no first-lane job waits.
   */
  add(accepted: EventJobData, lane?: 'first' | 'second'): Promise<unknown>;
}

export function createEventProducer(queue: Queue): EventProducer {
  return {
    add: (accepted, lane = 'first') => queue.add(JOBS.certificateEvent, accepted, {
      ...EVENT_JOB_OPTIONS, jobId: jobIds.event(accepted.id), ...(lane === 'second' ? { priority: 1 } : {}),
    }),
  };
}
