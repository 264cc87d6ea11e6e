// When the tick next has to look at a ticket (pure): the earliest instant from which time alone can change what
// decideOnTick decides for it, or the tick has to re-add its mail job. The tick reads only the tickets due by then
// (redisKeys.openTicketsByTick) instead of every open ticket; every write of a ticket makes it due at once, so only
// time has to be foreseen here. Earlier than needed only costs a read; later would lose a reminder.
import { quietDueAt } from './decide-tick.js';
import type { Policy } from './policy.js';
import { unmailedRevision } from './record-mail.js';
import type { Ticket } from './ticket.js';
import { DAY_MS, WEEK_MS, ticketUrgency } from './urgency.js';

/**
 * Epoch ms from which the tick has to decide on this ticket again; Infinity: never by time alone (resolved). For a
 * ticket on which decideOnTick at `now` changes nothing (what the tick leaves behind): whatever time could do up to
 * `now` is done or held back by a snooze (whose end is a candidate), so only instants after `now` count, except the
 * quiet rule's, which needs a look at every tick once overdue (the node's other traffic may come at any time).
 */
export function nextTickAt(ticket: Ticket, policy: Policy, now: Date): number {
  const n = now.getTime();
  if (ticket.status === 'resolved') return Number.POSITIVE_INFINITY;
  // The safety net: while a mail is pending, every tick re-adds its job (tick-processor.ts).
  if (unmailedRevision(ticket) !== null) return n;
  const candidates: number[] = [];
  // 'snooze-ended' once the snooze's end passed.
  if (ticket.snoozedUntil !== null) candidates.push(Date.parse(ticket.snoozedUntil));
  if (ticket.status !== 'quiet') {
    // The quiet rule: overdue strictly after quietDueAt.
    const overdue = quietDueAt(ticket, policy) + 1;
    if (overdue <= n) return n;
    candidates.push(overdue);
    // Urgency follows time in steps: a week, a day and nothing left before the reference (urgency.ts).
    if (ticketUrgency(ticket.expiry, ticket.urgency, now) !== ticket.urgency) return n;
    const reference = Date.parse(ticket.expiry.at ?? ticket.expiry.latest);
    candidates.push(reference - WEEK_MS, reference - DAY_MS, reference);
    if (ticket.status !== 'acknowledged') {
      if (policy.dailyAfterExpiry) {
        const last = Date.parse(ticket.lastMailDecidedAt ?? ticket.firstSeenAt);
        const expiredFrom = ticket.urgency === 'expired' ? n : reference;
        candidates.push(Math.max(last + DAY_MS, expiredFrom));
      }
      // Ladder steps not yet covered by a mail (window precision counts from the earliest possible expiry).
      const ladderReference = Date.parse(ticket.expiry.at ?? ticket.expiry.earliest);
      for (const d of policy.reminderDays)
        if (!ticket.remindersSent.includes(d)) candidates.push(ladderReference - d * DAY_MS);
    }
  }
  return Math.min(...candidates.filter((c) => Number.isFinite(c) && c > n));
}

/** What the tick's scores depend on: when it changes (a restart with another ladder), every score is recomputed. */
export function policyFingerprint(policy: Policy): string {
  return JSON.stringify({
    reminderDays: policy.reminderDays,
    quietAfterMs: policy.quietAfterMs,
    dailyAfterExpiry: policy.dailyAfterExpiry,
  });
}
