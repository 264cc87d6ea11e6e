// Mailbox validation shared by the config (MAIL_FROM, MAIL_TO) and the cluster inventory (recipients).
import { IsEmail } from 'typebox/format';

/** A mailbox is either a bare address (ops@example.com) or a display form (Certwatch <certwatch@example.com>). */
export type MailboxCheck = { ok: true; address: string } | { ok: false; reason: string };

const DISPLAY_FORM = /^\s*(?:"[^"]*"|[^<>"]*?)\s*<([^<>\s]+)>\s*$/;

export function checkMailbox(text: string): MailboxCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'is empty' };
  // Header injection guard: a mailbox ends up in a mail header, so no line breaks ever.
  if (/[\r\n]/.test(trimmed)) return { ok: false, reason: 'contains a line break' };
  const display = DISPLAY_FORM.exec(trimmed);
  const address = display ? display[1] ?? '' : trimmed;
  if (!IsEmail(address)) return { ok: false, reason: 'is not an e-mail address' };
  return { ok: true, address };
}
