// Snoozes (pure): whether a ticket is snoozed at an instant, how far a snooze may reach, and which tickets opened
// after their cluster was snoozed take the cluster's snooze.
import type { Ticket } from './ticket.js';

/** A snooze reaching further is refused: a forgotten snooze must not silence a certificate for good. */
export const MAX_SNOOZE_DAYS = 365;

/** The history reasons of snooze decisions (by a user, or a cluster's snooze taken by a ticket). */
const SNOOZE_DECISIONS: ReadonlySet<string> = new Set(['snoozed', 'snooze-ended-by-user', 'cluster-snooze-applied']);

/** A cluster's snooze as stored (cluster-snoozes.ts). */
export interface ClusterSnooze {
  clusterId: string;
  /** End of the snooze (ISO, UTC). */
  until: string;
  /** When it was set: the tickets open then were snoozed by the request itself; those first seen later take it. */
  at: string;
  /** Who set it, and what they wrote (reason and note, as the ticket history stores them). */
  by: string;
  note: string;
}

export function isSnoozed(t: Pick<Ticket, 'snoozedUntil'>, now: Date): boolean {
  return t.snoozedUntil !== null && Date.parse(t.snoozedUntil) > now.getTime();
}

/**
 * Whether a cluster's snooze reaches a ticket that does not have it yet: it lasts at `now`, the ticket was first seen
 * after it was set, and nobody decided the ticket's snooze since (a user who ended or changed it keeps their choice).
 */
export function clusterSnoozeReaches(t: Ticket, snooze: ClusterSnooze, now: Date): boolean {
  const setAt = Date.parse(snooze.at);
  if (Date.parse(snooze.until) <= now.getTime() || t.status === 'resolved') return false;
  if (Date.parse(t.firstSeenAt) < setAt) return false;
  return !t.history.some((h) => SNOOZE_DECISIONS.has(h.reason) && Date.parse(h.at) >= setAt);
}
