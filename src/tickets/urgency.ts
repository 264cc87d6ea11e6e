// Urgency of a ticket from its best known expiry (or, without one, from the alarm names) at a given instant.
import { URGENCY_RANK, type Urgency } from '../domain/certificate-event.js';
import type { TicketExpiry, TicketUrgency } from './ticket.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** 'later' (known to be more than 7 days away) ranks with 'unknown': neither asks for action. */
export const TICKET_URGENCY_RANK: Record<TicketUrgency, number> = { ...URGENCY_RANK, later: 0 };

export function maxUrgency(a: TicketUrgency, b: TicketUrgency): TicketUrgency {
  if (TICKET_URGENCY_RANK[b] > TICKET_URGENCY_RANK[a]) return b;
  // On a tie prefer the more informative value ('later' over 'unknown').
  if (TICKET_URGENCY_RANK[b] === TICKET_URGENCY_RANK[a] && a === 'unknown') return b;
  return a;
}

function fromRemaining(ms: number): TicketUrgency {
  if (ms <= 0) return 'expired';
  if (ms <= DAY_MS) return 'day';
  if (ms <= WEEK_MS) return 'week';
  return 'later';
}

/**
 * Urgency implied by an expiry at `now`:
 * - with a best estimate (`at`): expired when at <= now, day within 24 h, week within 7 days, else 'later';
 * - window only: what the latest possible expiry guarantees (expired once `latest` has passed, day/week as it
 *   approaches), else 'unknown' (the alarm name then decides, see ticketUrgency).
 */
export function urgencyAt(expiry: Pick<TicketExpiry, 'at' | 'latest'>, now: Date): TicketUrgency {
  if (expiry.at !== null) return fromRemaining(Date.parse(expiry.at) - now.getTime());
  const u = fromRemaining(Date.parse(expiry.latest) - now.getTime());
  return u === 'later' ? 'unknown' : u;
}

/**
 * A ticket's urgency: from the best known expiry when there is one (CertValidfor7days is also sent for certificates
 * that already expired, so a dated expiry beats the alarm name); else the highest alarm urgency seen, raised by what
 * the window's upper bound guarantees as time passes.
 */
export function ticketUrgency(
  expiry: TicketExpiry,
  alarmUrgencySeen: Urgency | TicketUrgency,
  now: Date,
): TicketUrgency {
  if (expiry.at !== null) return urgencyAt(expiry, now);
  const fromAlarm: TicketUrgency = alarmUrgencySeen === 'later' ? 'unknown' : alarmUrgencySeen;
  return maxUrgency(fromAlarm, urgencyAt(expiry, now));
}

export { DAY_MS, WEEK_MS };
