// The only module that knows queue names, job names and how job ids are built (BullMQ ids must not contain ':').

export const QUEUES = {
  /** Accepted certificate events waiting to become ticket decisions. */
  events: 'certwatch-events',
  /** Plan mails (one job per ticket revision; the first to run mails every pending ticket of its cluster), and the
   * node-silence mails (one job per revision). */
  mail: 'certwatch-mail',
  /** The periodic tick that sends reminders and detects quiet tickets. */
  tick: 'certwatch-tick',
} as const;

export const JOBS = {
  certificateEvent: 'certificate-event',
  planMail: 'plan-mail',
  /** A node-silence ticket's opening or resolution mail (one per revision), on the mail queue. */
  nodeSilenceMail: 'node-silence-mail',
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
  /** One mail job per node-silence ticket revision (`<cluster>/<node>`: the '/' made safe). */
  nodeSilenceMail: (silenceId: string, revision: number) => `silence-${safe(silenceId)}-r${revision}`,
} as const;
