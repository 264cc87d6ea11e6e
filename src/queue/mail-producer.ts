// Adds the mail job for a ticket's pending mail: one job per ticket revision (deterministic id, so adding it again is
// harmless), delayed by the grouping window so a burst of one cluster's certificates goes out as one mail; and the
// job for a node-silence ticket's revision, the same way.
import type { Queue } from 'bullmq';
import { unmailedRevision } from '../tickets/record-mail.js';
import { unmailedSilenceRevision, type NodeSilenceTicket } from '../tickets/node-silence.js';
import type { Ticket } from '../tickets/ticket.js';
import { mailJobOptions, type MailJobData, type MailRetryPolicy, type NodeSilenceMailJobData } from './jobs.js';
import { JOBS, jobIds } from './names.js';

export interface MailProducer {
  schedule(ticket: Ticket): Promise<void>;
  /** The mail of a node-silence ticket's unmailed revision, at once (nothing to group: one node, one path). */
  scheduleNodeSilence(ticket: NodeSilenceTicket): Promise<void>;
}

export function createMailProducer(queue: Queue, opts: MailRetryPolicy & { groupWindowMs: number }): MailProducer {
  return {
    async schedule(ticket) {
      const pending = unmailedRevision(ticket);
      if (!pending) return;
      const dueAt = Date.parse(pending.dueAt);
      const delay = Math.max(0, (Number.isFinite(dueAt) ? dueAt : Date.now()) + opts.groupWindowMs - Date.now());
      const data: MailJobData = { ticketId: ticket.id, clusterId: ticket.clusterId, revision: pending.revision };
      await queue.add(JOBS.planMail, data, {
        ...mailJobOptions(opts),
        jobId: jobIds.mail(ticket.id, pending.revision),
        delay,
      });
    },
    async scheduleNodeSilence(ticket) {
      const revision = unmailedSilenceRevision(ticket);
      if (revision === null) return;
      const data: NodeSilenceMailJobData = { silenceId: ticket.id, clusterId: ticket.clusterId, revision };
      await queue.add(JOBS.nodeSilenceMail, data, {
        ...mailJobOptions(opts),
        jobId: jobIds.nodeSilenceMail(ticket.id, revision),
      });
    },
  };
}
