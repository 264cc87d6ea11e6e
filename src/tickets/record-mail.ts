// What the worker records after a mail went out: the revision, its Message-ID, the thread, open -> notified.
import { SYSTEM_ACTOR, type Ticket } from './ticket.js';
import { cloneTicket, record } from './decision.js';

export type MailRecordReason = 'mail-recorded' | 'already-recorded';

/** True when the ticket still wants a mail for this revision (the worker checks this before sending). */
export function mailWanted(ticket: Ticket, revision: number): boolean {
  return (
    ticket.status !== 'resolved' &&
    ticket.pendingMail?.revision === revision &&
    !ticket.mailed.some((m) => m.revision === revision)
  );
}

/**
 * Records a sent mail: appends to `mailed` (once per revision), sets the thread on the first Message-ID, clears the
 * pending mail of that revision and moves an open ticket to notified.
 */
export function recordMailSent(
  existing: Ticket,
  sent: { revision: number; messageId: string },
  now: Date,
): { ticket: Ticket; reason: MailRecordReason } {
  const t = cloneTicket(existing);
  if (t.mailed.some((m) => m.revision === sent.revision)) return { ticket: t, reason: 'already-recorded' };
  t.mailed.push({ revision: sent.revision, messageId: sent.messageId, at: now.toISOString() });
  t.threadMessageId ??= sent.messageId;
  if (t.pendingMail?.revision === sent.revision) t.pendingMail = null;
  if (t.status === 'open') record(t, 'notified', 'mail-sent', SYSTEM_ACTOR, now, sent.messageId);
  return { ticket: t, reason: 'mail-recorded' };
}
