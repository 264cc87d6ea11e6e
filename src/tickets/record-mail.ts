// Whether a revision was mailed, and what the worker records after a mail went out: the revision, its Message-ID,
// the thread and its subject, open -> notified.
import { SYSTEM_ACTOR, type PendingMail, type Ticket } from './ticket.js';
import { cloneTicket, record } from './decision.js';

export type MailRecordReason = 'mail-recorded' | 'already-recorded';

/** True when a mail for this revision went out (one mail per revision). */
export function wasMailed(ticket: Pick<Ticket, 'mailed'>, revision: number): boolean {
  return ticket.mailed.some((m) => m.revision === revision);
}

/**
 * The mail the ticket still wants: its pending mail, unless that revision was mailed already. Everything that
 * schedules, composes or skips a mail asks this.
 */
export function unmailedRevision(ticket: Pick<Ticket, 'pendingMail' | 'mailed'>): PendingMail | null {
  const pending = ticket.pendingMail;
  return pending !== null && !wasMailed(ticket, pending.revision) ? pending : null;
}

/**
 * Records a sent mail: appends to `mailed` (once per revision), sets the thread on the first Message-ID and its
 * subject (`threadSubject`: the mail's subject without `Re: `; a thread started before subjects were kept takes the
 * one of its next mail), clears the pending mail of that revision (keeping whether it was decided during a snooze)
 * and moves an open ticket to notified.
 */
export function recordMailSent(
  existing: Ticket,
  sent: { revision: number; messageId: string; threadSubject: string; groupId?: string },
  now: Date,
): { ticket: Ticket; reason: MailRecordReason } {
  const t = cloneTicket(existing);
  if (wasMailed(t, sent.revision)) return { ticket: t, reason: 'already-recorded' };
  const duringSnoozeUntil = t.pendingMail?.revision === sent.revision ? t.pendingMail.duringSnoozeUntil : undefined;
  t.mailed.push({
    revision: sent.revision, messageId: sent.messageId, at: now.toISOString(),
    ...(duringSnoozeUntil === undefined ? {} : { duringSnoozeUntil }),
    ...(sent.groupId === undefined ? {} : { groupId: sent.groupId }),
  });
  t.threadMessageId ??= sent.messageId;
  t.threadSubject ??= sent.threadSubject;
  if (t.pendingMail?.revision === sent.revision) t.pendingMail = null;
  if (t.status === 'open') record(t, 'notified', 'mail-sent', SYSTEM_ACTOR, now, sent.messageId);
  return { ticket: t, reason: 'mail-recorded' };
}
