// The ticket ids a received plan mail carries: a single-ticket mail names its ticket in X-Certwatch-Ticket; a grouped
// mail names its group and count in headers and each ticket in a "Ticket <id>: <title>" line of the text part (kept
// even when the mail is cut to MAIL_MAX_BYTES).
import type { ReceivedMail } from './smtp-sink.js';

export function ticketIdsOf(mail: Pick<ReceivedMail, 'parsed'>): string[] {
  const single = mail.parsed.headers.get('x-certwatch-ticket');
  if (single !== undefined) return [String(single)];
  const ids = [...String(mail.parsed.text ?? '').matchAll(/^Ticket (\S+): /gm)].map((m) => m[1]!);
  const count = Number(mail.parsed.headers.get('x-certwatch-count'));
  if (ids.length !== count) {
    throw new Error(`X-Certwatch-Count says ${count} tickets, the text part names ${ids.length}`);
  }
  return ids;
}
