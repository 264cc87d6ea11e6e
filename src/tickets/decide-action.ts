// Lifecycle decision for an API action (ack, resolve, confirm the exact expiry), with named refusals.
import type { Ticket } from './ticket.js';
import type { Policy } from './policy.js';
import { DEFAULT_POLICY } from './policy.js';
import { cloneTicket, dueLadderSteps, record, type ActionDone, type ActionRefusal, type Decision } from './decision.js';
import { expiryReference } from './expiry-merge.js';
import { DAY_MS, urgencyAt } from './urgency.js';

export type TicketAction =
  | { type: 'ack' }
  | { type: 'resolve'; note?: string }
  | { type: 'confirm-expiry'; at: string };

/** Done (the ticket is the next one) or refused (the ticket is unchanged, the reason says why). */
export type ActionDecision =
  | (Decision<ActionDone> & { refused: false })
  | (Decision<ActionRefusal> & { refused: true });

/** Strict ISO-8601 instant with a zone (Z or +hh:mm); a bare date is taken as 00:00 UTC. */
function parseInstant(text: string): number | null {
  const s = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(s)) return null;
  const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Applies an API action by `by` (the user):
 * - ack: open/notified/quiet -> acknowledged ('acknowledged'); refused when resolved or already acknowledged;
 * - resolve: any -> resolved, pending mail dropped ('resolved-by-user'); refused when already resolved;
 * - confirm-expiry: the admin read the exact date (`show cert own ...`): stored as exact, source admin. A date more
 *   than a day later than the alarmed expiry means the certificate was renewed: resolved ('confirmed-renewed');
 *   else 'expiry-confirmed' (urgency recomputed, ladder steps already past marked as covered, no mail).
 *   Refused for an unparseable date ('invalid-date') or a resolved ticket.
 */
export function decideOnAction(
  existing: Ticket,
  action: TicketAction,
  by: string,
  now: Date,
  policy: Policy = DEFAULT_POLICY,
): ActionDecision {
  const t = cloneTicket(existing);
  const refuse = (reason: ActionRefusal): ActionDecision => ({ ticket: t, reason, refused: true });
  const done = (reason: ActionDone): ActionDecision => ({ ticket: t, reason, refused: false });
  if (existing.status === 'resolved') return refuse('already-resolved');

  switch (action.type) {
    case 'ack': {
      if (existing.status === 'acknowledged') return refuse('already-acknowledged');
      record(t, 'acknowledged', 'acknowledged', by, now);
      return done('acknowledged');
    }
    case 'resolve': {
      t.pendingMail = null;
      record(t, 'resolved', 'resolved-by-user', by, now, action.note);
      return done('resolved-by-user');
    }
    case 'confirm-expiry': {
      const ms = parseInstant(action.at);
      if (ms === null) return refuse('invalid-date');
      const at = new Date(ms).toISOString();
      const renewed = ms > expiryReference(existing.expiry) + DAY_MS;
      const previous = existing.expiry.at ?? `${existing.expiry.earliest} .. ${existing.expiry.latest}`;
      t.expiry = { at, earliest: at, latest: at, precision: 'exact', source: 'admin', note: `confirmed by ${by}` };
      t.urgency = urgencyAt(t.expiry, now);
      if (renewed) {
        t.pendingMail = null;
        record(t, 'resolved', 'confirmed-renewed', by, now, `expiry ${previous} -> ${at}`);
        return done('confirmed-renewed');
      }
      t.remindersSent = [...new Set([...t.remindersSent, ...dueLadderSteps(t, policy, now)])].sort((a, b) => b - a);
      record(t, t.status, 'expiry-confirmed', by, now, `expiry ${previous} -> ${at}`);
      return done('expiry-confirmed');
    }
  }
}
