// Adds the mail job for a ticket's pending mail: one job per ticket revision (deterministic id, so adding it again is
// harmless), delayed by the grouping window so a burst of one cluster's certificates goes out as one mail.
import type { Queue } from 'bullmq';
import { JOBS, jobIds } from '../queue/names.js';
import { unmailedRevision } from '../tickets/record-mail.js';
import type { Ticket } from '../tickets/ticket.js';

export interface MailJobData {
  ticketId: string;
  clusterId: string;
  revision: number;
}

export interface MailScheduler {
  schedule(ticket: Ticket): Promise<void>;
}

export function createMailScheduler(queue: Queue, opts: { groupWindowMs: number; attempts: number; backoffMs: number }): MailScheduler {
  return {
    async schedule(ticket) {
      const pending = unmailedRevision(ticket);
      if (!pending) return;
      const dueAt = Date.parse(pending.dueAt);
      const delay = Math.max(0, (Number.isFinite(dueAt) ? dueAt : Date.now()) + opts.groupWindowMs - Date.now());
      const data: MailJobData = { ticketId: ticket.id, clusterId: ticket.clusterId, revision: pending.revision };
      await queue.add(JOBS.planMail, data, {
        jobId: jobIds.mail(ticket.id, pending.revision),
        delay,
        attempts: opts.attempts,
        backoff: { type: 'exponential', delay: opts.backoffMs },
        removeOnComplete: { age: 30 * 24 * 3600 },
        removeOnFail: false,
      });
    },
  };
}
