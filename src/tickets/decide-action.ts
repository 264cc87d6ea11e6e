// Lifecycle decision for an API action (ack, resolve, reopen, note, snooze, confirm the exact expiry), named reasons.
import type { MailKind, Ticket } from './ticket.js';
import type { Policy } from './policy.js';
import { DEFAULT_POLICY } from './policy.js';
import {
  cloneTicket,
  dueLadderSteps,
  record,
  statusBeforeQuiet,
  type ActionAlready,
  type ActionDone,
  type ActionRefusal,
  type Decision,
} from './decision.js';
import { expiryReference } from './expiry-merge.js';
import { MAX_SNOOZE_DAYS } from './snooze.js';
import { DAY_MS, urgencyAt } from './urgency.js';

/** `note`: what the user wrote with the action (stored in the history entry, never dropped). */
export type TicketAction =
  | { type: 'ack'; note?: string }
  | { type: 'resolve'; note?: string }
  | { type: 'reopen'; note?: string }
  | { type: 'note'; note: string }
  /** `detail`: what certwatch adds to the history entry (a cluster's snooze names the cluster). */
  | { type: 'snooze'; until: string; note?: string; detail?: string }
  | { type: 'unsnooze'; note?: string }
  | { type: 'confirm-expiry'; at: string; note?: string };

/** done: the ticket is the next one; already: the ticket is what the action asks (unchanged); refused: unchanged,
 * the reason says why. */
export type ActionDecision =
  | (Decision<ActionDone> & { outcome: 'done' })
  | (Decision<ActionAlready> & { outcome: 'already' })
  | (Decision<ActionRefusal> & { outcome: 'refused' });

/** The mails a snooze silences (escalations, reopenings and the quiet question still go out). */
const REMINDER_KINDS: ReadonlySet<MailKind> = new Set<MailKind>(['reminder', 'expired-daily']);

/** Strict ISO-8601 instant with a zone (Z or +hh:mm); a bare date is taken as 00:00 UTC. */
function parseInstant(text: string): number | null {
  const s = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(s)) return null;
  const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(ms) ? null : ms;
}

/** The end of a snooze asked for at `now`, in UTC, or why it is refused (also checked alone by a cluster's snooze,
 * which may find no ticket to decide on). */
export function snoozeEnd(
  text: string,
  now: Date,
): { until: string } | { refused: 'invalid-date' | 'until-not-future' | 'until-too-far' } {
  const ms = parseInstant(text);
  if (ms === null) return { refused: 'invalid-date' };
  if (ms <= now.getTime()) return { refused: 'until-not-future' };
  if (ms > now.getTime() + MAX_SNOOZE_DAYS * DAY_MS) return { refused: 'until-too-far' };
  return { until: new Date(ms).toISOString() };
}

/**
 * Applies an API action by `by` (the user); every change records the user and their note in the history:
 * - ack: open/notified/quiet -> acknowledged ('acknowledged'); an acknowledged ticket is 'already-acknowledged'
 *   (unchanged; with a note, the note is recorded: 'noted'); refused for a resolved ticket ('ticket-resolved');
 * - resolve: any -> resolved, pending mail dropped ('resolved-by-user'); a resolved ticket is 'already-resolved'
 *   (with a note: 'noted');
 * - reopen: resolved -> notified (open if nothing was mailed yet), quiet -> the status before it went quiet
 *   ('reopened-by-user'); any other status is 'already-open' (with a note: 'noted'); no mail: reminders and
 *   escalations follow from the next tick and alarm;
 * - note: the note in the history, the status kept ('noted'), on any ticket; refused without text ('note-missing');
 * - snooze: no reminders until `until`, the status kept ('snoozed'); a reminder decided but not yet mailed is dropped
 *   (escalations still mail). The same end again is 'already-snoozed'. Refused for a resolved ticket
 *   ('ticket-resolved'), an unparseable end ('invalid-date'), one not after now ('until-not-future') or further than
 *   MAX_SNOOZE_DAYS ('until-too-far');
 * - unsnooze: the snooze ends now ('snooze-ended-by-user'); a ticket not snoozed is 'not-snoozed';
 * - confirm-expiry: the admin read the exact date (`show cert own ...`): stored as exact, source admin. A date more
 *   than a day later than the alarmed expiry means the certificate was renewed: resolved ('confirmed-renewed');
 *   else 'expiry-confirmed' (urgency recomputed, ladder steps already past marked as covered, no mail).
 *   Refused for an unparseable date ('invalid-date') or a resolved ticket ('ticket-resolved').
 */
export function decideOnAction(
  existing: Ticket,
  action: TicketAction,
  by: string,
  now: Date,
  policy: Policy = DEFAULT_POLICY,
): ActionDecision {
  const t = cloneTicket(existing);
  const note = action.note?.trim() ?? '';
  const refuse = (reason: ActionRefusal): ActionDecision => ({ ticket: t, reason, outcome: 'refused' });
  const done = (reason: ActionDone): ActionDecision => ({ ticket: t, reason, outcome: 'done' });
  // Asked for what already is: unchanged, unless the user wrote something, which is never dropped.
  const already = (reason: ActionAlready): ActionDecision => {
    if (note === '') return { ticket: t, reason, outcome: 'already' };
    record(t, t.status, 'noted', by, now, reason, note);
    return done('noted');
  };

  switch (action.type) {
    case 'ack': {
      if (existing.status === 'resolved') return refuse('ticket-resolved');
      if (existing.status === 'acknowledged') return already('already-acknowledged');
      record(t, 'acknowledged', 'acknowledged', by, now, undefined, note);
      return done('acknowledged');
    }
    case 'resolve': {
      if (existing.status === 'resolved') return already('already-resolved');
      t.pendingMail = null;
      record(t, 'resolved', 'resolved-by-user', by, now, undefined, note);
      return done('resolved-by-user');
    }
    case 'reopen': {
      if (existing.status === 'quiet') {
        record(t, statusBeforeQuiet(existing), 'reopened-by-user', by, now, undefined, note);
      }
      else if (existing.status === 'resolved')
        record(t, t.mailed.length > 0 ? 'notified' : 'open', 'reopened-by-user', by, now, undefined, note);
      else return already('already-open');
      return done('reopened-by-user');
    }
    case 'note': {
      if (note === '') return refuse('note-missing');
      record(t, t.status, 'noted', by, now, undefined, note);
      return done('noted');
    }
    case 'snooze': {
      if (existing.status === 'resolved') return refuse('ticket-resolved');
      const end = snoozeEnd(action.until, now);
      if ('refused' in end) return refuse(end.refused);
      const { until } = end;
      if (existing.snoozedUntil === until) return already('already-snoozed');
      t.snoozedUntil = until;
      if (t.pendingMail !== null && REMINDER_KINDS.has(t.pendingMail.kind)) t.pendingMail = null;
      record(t, t.status, 'snoozed', by, now, [`until ${until}`, action.detail].filter(Boolean).join('; '), note);
      return done('snoozed');
    }
    case 'unsnooze': {
      if (existing.snoozedUntil === null) return already('not-snoozed');
      t.snoozedUntil = null;
      record(t, t.status, 'snooze-ended-by-user', by, now, `snoozed until ${existing.snoozedUntil}`, note);
      return done('snooze-ended-by-user');
    }
    case 'confirm-expiry': {
      if (existing.status === 'resolved') return refuse('ticket-resolved');
      const ms = parseInstant(action.at);
      if (ms === null) return refuse('invalid-date');
      const at = new Date(ms).toISOString();
      const renewed = ms > expiryReference(existing.expiry) + DAY_MS;
      const previous = existing.expiry.at ?? `${existing.expiry.earliest} .. ${existing.expiry.latest}`;
      t.expiry = { at, earliest: at, latest: at, precision: 'exact', source: 'admin', note: `confirmed by ${by}` };
      t.urgency = urgencyAt(t.expiry, now);
      if (renewed) {
        t.pendingMail = null;
        record(t, 'resolved', 'confirmed-renewed', by, now, `expiry ${previous} -> ${at}`, note);
        return done('confirmed-renewed');
      }
      t.remindersSent = [...new Set([...t.remindersSent, ...dueLadderSteps(t, policy, now)])].sort((a, b) => b - a);
      record(t, t.status, 'expiry-confirmed', by, now, `expiry ${previous} -> ${at}`, note);
      return done('expiry-confirmed');
    }
  }
}
