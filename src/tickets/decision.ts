// What every lifecycle decision returns, the named reasons, and the small helpers that build the next ticket.
import type { HistoryEntry, MailKind, Ticket, TicketStatus } from './ticket.js';
import type { Policy } from './policy.js';
import { isSnoozed } from './snooze.js';
import { DAY_MS } from './urgency.js';

/** Reasons of decideOnEvent. */
export type EventReason =
  | 'first-alarm' // new ticket, opened, mail
  | 'repeat-same-urgency' // counted, no mail
  | 'duplicate-alarm' // same alarm, node and alarm time seen already (two routing paths): nothing changes
  | 'trust-node-added' // another node reports the same trust entry: listed, no mail
  | 'expiry-improved' // better expiry information, same urgency: no mail
  | 'escalated' // urgency rose: mail, even if acknowledged
  | 'reopened' // alarm on a resolved ticket: open again, mail
  | 'quiet-alarm-returned' // alarm on a quiet ticket: back to the previous status, no mail
  | 'renewed-exact-expiry' // an exact expiry later than the known one: resolved
  | 'stale-alarm' // alarm raised before the ticket was resolved (late duplicate): ignored
  | 'resolved-not-expiring'; // event on a resolved ticket whose expiry is more than 7 days away: nothing to reopen

/** Reasons of decideOnTick. */
export type TickReason =
  | 'nothing-due'
  | 'resolved-no-change'
  | 'escalated' // urgency rose as time passed (e.g. the expiry is now under a day away)
  | 'reminder-due'
  | 'expired-daily-due'
  | 'quiet-suspected' // alarm stopped while the node kept talking: quiet, mail asks to confirm the renewal
  | 'silent-node-no-change' // alarm stopped but so did the node: silence alone changes nothing
  | 'urgency-aged' // urgency changed with time without anything to mail
  | 'snoozed' // a reminder (ladder step or daily after expiry) is due, but the ticket is snoozed: no mail
  | 'snooze-ended' // the snooze's end passed: cleared, reminders resume (one due at once is 'reminder-due')
  | 'cluster-snooze-applied'; // first seen after its cluster was snoozed: the ticket takes the cluster's snooze

/** Reasons of decideOnAction when the action is done. */
export type ActionDone =
  | 'acknowledged'
  | 'resolved-by-user'
  | 'reopened-by-user' // a resolved or quiet ticket is open again
  | 'noted' // a note in the history, the status kept (also a repeated ack or resolve that carries a note)
  | 'snoozed' // no reminders until the given end; the status kept
  | 'snooze-ended-by-user' // the snooze ended before its time: reminders resume
  | 'expiry-confirmed'
  | 'confirmed-renewed'; // the confirmed expiry is later than the alarmed one: the certificate was renewed

/** Reasons of decideOnAction when the ticket already is what the action asks (unchanged, and not an error: a
 * repeated request, e.g. a second click on the mail's ack command, answers like the first). */
export type ActionAlready =
  'already-acknowledged' | 'already-resolved' | 'already-open' | 'already-snoozed' | 'not-snoozed';

/** Reasons of decideOnAction when the action is refused (the ticket is then unchanged). */
export type ActionRefusal =
  | 'ticket-resolved' // ack, snooze or confirm-expiry of a resolved ticket: reopen it first
  | 'invalid-date'
  | 'until-not-future' // a snooze must end after now
  | 'until-too-far' // a snooze may last at most MAX_SNOOZE_DAYS (snooze.ts)
  | 'note-missing';

/**
 * A decision is the next ticket and why. A decision that wants a mail says so in the ticket itself: it bumps
 * `revision` and sets `pendingMail` (scheduleMail), the one record the worker acts on, also after a crash.
 */
export interface Decision<R extends string> {
  /** Always a new object; unchanged fields are copied. */
  ticket: Ticket;
  reason: R;
}

/** Copy deep enough that callers can never mutate the input through the result. */
export function cloneTicket(t: Ticket): Ticket {
  return {
    ...t,
    nodes: [...t.nodes],
    expiry: { ...t.expiry },
    pendingMail: t.pendingMail ? { ...t.pendingMail } : null,
    mailed: t.mailed.map((m) => ({ ...m })),
    remindersSent: [...t.remindersSent],
    history: t.history.map((h) => ({ ...h })),
    discovered: t.discovered ? { ...t.discovered, sources: t.discovered.sources.map((s) => ({ ...s })) } : null,
  };
}

/** Appends a history entry (also for changes that keep the status, so the record shows every decision). */
export function record(
  t: Ticket,
  to: TicketStatus,
  reason: string,
  by: string,
  now: Date,
  detail?: string,
  note?: string,
): void {
  const entry: HistoryEntry = { at: now.toISOString(), from: t.status, to, reason, by };
  if (detail !== undefined) entry.detail = detail;
  if (note !== undefined && note !== '') entry.note = note;
  t.history.push(entry);
  t.status = to;
}

/** Ladder steps (days before expiry) due at `now`; window precision counts from the earliest possible expiry. */
export function dueLadderSteps(t: Pick<Ticket, 'expiry'>, policy: Policy, now: Date): number[] {
  const reference = Date.parse(t.expiry.at ?? t.expiry.earliest);
  return policy.reminderDays.filter((d) => now.getTime() >= reference - d * DAY_MS);
}

/**
 * Asks for a mail: bumps the revision, sets the pending mail and marks every ladder step already due as covered
 * (a mail that just went out makes the reminder it would overlap pointless). While the opening mail has not been
 * sent, a newer mail replaces it but stays an opening mail. A mail decided during a snooze (an escalation: reminders
 * are not decided then) carries the snooze's end, so the mail can say it breaks the snooze.
 */
export function scheduleMail(t: Ticket, wanted: MailKind, reason: string, policy: Policy, now: Date): void {
  // Nothing went out yet: the next mail is still the opening mail (at the newer urgency), not a follow-up.
  const stillOpening = t.mailed.length === 0 && t.pendingMail?.kind === 'opened' && wanted !== 'quiet-confirm';
  const kind: MailKind = stillOpening ? 'opened' : wanted;
  t.revision += 1;
  t.pendingMail = { revision: t.revision, kind, reason, dueAt: now.toISOString() };
  if (isSnoozed(t, now)) t.pendingMail.duringSnoozeUntil = t.snoozedUntil!;
  t.lastMailDecidedAt = now.toISOString();
  t.remindersSent = [...new Set([...t.remindersSent, ...dueLadderSteps(t, policy, now)])].sort((a, b) => b - a);
}

/** The status a quiet ticket had before it went quiet (from its history), for when the alarm returns. */
export function statusBeforeQuiet(t: Ticket): TicketStatus {
  for (let i = t.history.length - 1; i >= 0; i -= 1) {
    const h = t.history[i];
    if (h !== undefined && h.to === 'quiet' && h.from !== null && h.from !== 'quiet') return h.from;
  }
  return 'notified';
}

/** When the ticket was last resolved, or null. */
export function resolvedAt(t: Ticket): string | null {
  for (let i = t.history.length - 1; i >= 0; i -= 1) {
    const h = t.history[i];
    if (h !== undefined && h.to === 'resolved' && h.from !== 'resolved') return h.at;
  }
  return null;
}
