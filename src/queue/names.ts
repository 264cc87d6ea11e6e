// The only module that knows queue names, job names and how job ids are built (BullMQ ids must not contain ':').

export const QUEUES = {
  /** Accepted certificate events waiting to become ticket decisions. */
  events: 'certwatch-events',
  /** Plan mails (one job per ticket revision; the first to run mails every pending ticket of its cluster). */
  mail: 'certwatch-mail',
  /** The periodic tick that sends reminders and detects quiet tickets. */
  tick: 'certwatch-tick',
} as const;

export const JOBS = {
  certificateEvent: 'certificate-event',
  planMail: 'plan-mail',
  tick: 'tick',
} as const;

export const TICK_SCHEDULER_ID = 'certwatch-tick-every';

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

export const jobIds = {
  /** One event job per accepted event id: re-adding the same spooled event cannot duplicate it. */
  event: (eventId: string) => `ev-${safe(eventId)}`,
  /** One mail job per ticket revision. */
  mail: (ticketId: string, revision: number) => `mail-${safe(ticketId)}-r${revision}`,
} as const;
