// How important a plan mail is, and the Importance / X-Priority headers that tell mail clients: the subject stays the
// thread's, so urgency travels in these headers and the headline.
import { TICKET_URGENCY_RANK } from '../tickets/urgency.js';
import type { Ticket } from '../tickets/ticket.js';

/**
 * A mail is high importance when one of its certificates has expired or expires within this many days. Seven: the
 * Certificate Monitor's last warning before expiry (CertValidfor7days) comes at seven days, and a renewal that
 * restarts services and resets phones needs a change window inside that week. Mails before that are heads-ups:
 * flagging them too would teach readers to ignore the flag.
 */
const HIGH_IMPORTANCE_WITHIN_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

export type MailImportance = keyof typeof IMPORTANCE_HEADERS;

/** The headers as RFC 2156 (Importance) and the de facto X-Priority spell them. */
export const IMPORTANCE_HEADERS = {
  high: { Importance: 'high', 'X-Priority': '1 (Highest)' },
  normal: { Importance: 'normal', 'X-Priority': '3 (Normal)' },
} as const;

/** The reference instant: the best estimate, else the latest possible expiry (what the ticket's urgency uses too). */
function remainingMs(t: Ticket, now: Date): number {
  return Date.parse(t.expiry.at ?? t.expiry.latest) - now.getTime();
}

/**
 * high: a certificate of the mail has expired or expires within HIGH_IMPORTANCE_WITHIN_DAYS, as its date says or,
 * with only a window known, as its alarms say (CertValidfor7days and later ones rank at least 'week'); else normal.
 */
export function mailImportance(tickets: readonly Ticket[], now: Date): MailImportance {
  const soon = (t: Ticket) =>
    remainingMs(t, now) <= HIGH_IMPORTANCE_WITHIN_DAYS * DAY_MS ||
    TICKET_URGENCY_RANK[t.urgency] >= TICKET_URGENCY_RANK.week;
  return tickets.some(soon) ? 'high' : 'normal';
}
