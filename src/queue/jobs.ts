// What each job carries and how BullMQ keeps and retries it: the one place for job data shapes and job options.
import type { AcceptedEvent } from '../accept/accepted-event.js';

/** An accepted certificate event, as persisted: its id makes the job id, so a re-added event is a no-op. */
export type EventJobData = AcceptedEvent;

/** One plan-mail job per ticket revision; the first to run mails every pending ticket of its cluster. */
export interface MailJobData {
  ticketId: string;
  clusterId: string;
  revision: number;
}

/** One node-silence mail job per silence ticket revision (its opening, its resolution). */
export interface NodeSilenceMailJobData {
  silenceId: string;
  clusterId: string;
  revision: number;
}

export const EVENT_JOB_OPTIONS = {
  attempts: 1_000_000, // processing failures are Redis blips: retry until it works, never drop an accepted event
  backoff: { type: 'exponential', delay: 500 },
  // Kept long enough that a spool replay re-adding an event is recognised by its job id.
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: false,
} as const;

export interface MailRetryPolicy {
  attempts: number;
  backoffMs: number;
}

export function mailJobOptions(retry: MailRetryPolicy) {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    removeOnComplete: { age: 30 * 24 * 3600 },
    // Failed mails stay listed (GET /api/v1/jobs/failed) until someone looks.
    removeOnFail: false,
  } as const;
}
