// What one plan mail may hold: MAIL_MAX_BYTES for the whole message as it goes on the wire, attachments included (the
// stored mail record holds the same mail, so it is bounded too). A longer mail gives up, in this order, until it
// fits: the HTML part's tickets (its first screen stays), the text's ticket details (their id lines stay), the
// Markdown runbook (the HTML one holds the same), the HTML runbook, and last the text itself, cut. The runbook is
// what a reader works from, so the body shrinks before it goes. The text part says what was left out and where it is
// in the API: never silent.
import type { ComposedMail, MailDraft } from './compose-mail.js';

/** Why a mail was cut, or that it fits; `dropped` names what it gave up. */
export type MailBound =
  | { fits: true }
  | { fits: false; reason: 'over-max-bytes'; bytes: number; dropped: MailCut[] };

export type MailCut = 'html-tickets' | 'text-ticket-details' | 'markdown-runbook' | 'html-runbook' | 'text';

/** Boundary lines, Content-Type, -Transfer-Encoding and -Disposition of one MIME part, with room to spare. */
const MIME_PART_OVERHEAD_BYTES = 400;
/** The header block beyond the headers counted one by one (Date, MIME-Version, the multipart types). */
const HEADER_RESERVE_BYTES = 1_024;

/** Base64 as nodemailer writes it: 76 characters and CRLF a line. */
function base64Bytes(bytes: number): number {
  const encoded = 4 * Math.ceil(bytes / 3);
  return encoded + 2 * Math.ceil(encoded / 76);
}

/** Quoted-printable: `=XX` for every byte but printable ASCII and space, CRLF line ends, a soft break every 75. */
function quotedPrintableBytes(content: Buffer): number {
  let n = 0;
  for (const byte of content) n += byte === 0x0a ? 2 : (byte >= 0x20 && byte <= 0x7e && byte !== 0x3d) ? 1 : 3;
  return n + 3 * Math.ceil(n / 75);
}

/** At most what a part takes on the wire: nodemailer sends text as 7bit, quoted-printable or base64, and 7bit is never
 * longer than quoted-printable. */
export function wireBytes(content: string): number {
  const buffer = Buffer.from(content);
  return Math.max(base64Bytes(buffer.length), quotedPrintableBytes(buffer)) + MIME_PART_OVERHEAD_BYTES;
}

/** The whole message, at most: headers (counted as if every character were encoded), both parts and the attachments. */
export function messageBytes(mail: ComposedMail): number {
  const headers = [
    mail.from,
    ...mail.to,
    mail.subject,
    mail.messageId,
    mail.inReplyTo ?? '',
    ...(mail.references ?? []),
    ...Object.values(mail.headers),
  ].reduce((n, value) => n + 3 * Buffer.byteLength(value) + 32, HEADER_RESERVE_BYTES);
  const names = mail.attachments.reduce((n, a) => n + 3 * Buffer.byteLength(a.filename), 0);
  return (
    headers +
    names +
    wireBytes(mail.text) +
    wireBytes(mail.html) +
    mail.attachments.reduce((n, a) => n + wireBytes(a.content), 0)
  );
}

const CUT_TEXT: Record<MailCut, string> = {
  'html-tickets': 'the tickets in the HTML part (they are in the text part)',
  'text-ticket-details': 'the details of each ticket and the other reply commands (GET /api/v1/tickets/<id>)',
  'markdown-runbook': 'the Markdown runbook (the HTML one holds the same)',
  'html-runbook': 'the runbook (GET /api/v1/plan?cluster=<id>&unit=<units>&format=html)',
  text: 'the end of the text',
};

function noteFor(maxBytes: number, dropped: readonly MailCut[]): string {
  return `[certwatch: this mail is cut to fit MAIL_MAX_BYTES (${maxBytes} bytes): left out are ${dropped.map((d) => CUT_TEXT[d]).join('; ')}.]`;
}

/** The mail within maxBytes (the whole message, attachments included), and what had to go. */
export function boundMail(draft: MailDraft, maxBytes: number): { mail: ComposedMail; bound: MailBound } {
  const bytes = messageBytes(draft.mail);
  if (bytes <= maxBytes) return { mail: draft.mail, bound: { fits: true } };
  const { firstScreen, ticketLines } = draft.text;
  const [runbookHtml, runbookMarkdown] = draft.mail.attachments;
  const dropped: MailCut[] = [];
  const build = (): ComposedMail => {
    const note = noteFor(maxBytes, dropped);
    const attachments = [
      ...(dropped.includes('html-runbook') || !runbookHtml ? [] : [runbookHtml]),
      ...(dropped.includes('markdown-runbook') || !runbookMarkdown ? [] : [runbookMarkdown]),
    ];
    return {
      ...draft.mail,
      text: `${firstScreen}\n${note}\n${ticketLines}`,
      html: draft.htmlFirstScreenOnly(note),
      attachments,
    };
  };
  let mail = draft.mail;
  for (const cut of ['html-tickets', 'text-ticket-details', 'markdown-runbook', 'html-runbook'] as const) {
    // The first two go together: the HTML part's first screen and the text's id lines are what both keep.
    dropped.push(cut);
    if (cut === 'html-tickets') continue;
    mail = build();
    if (messageBytes(mail) <= maxBytes) {
      return { mail, bound: { fits: false, reason: 'over-max-bytes', bytes, dropped } };
    }
  }
  // Last resort (a bound below any sane mail): the text alone, cut at the bound, the HTML part just the note.
  dropped.push('text');
  const note = noteFor(maxBytes, dropped);
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body><p>${note.replace(/[<>&]/g, '')}</p></body></html>\n`;
  const bare = { ...mail, text: '', html, attachments: [] };
  // Text is counted at its worst (3 bytes on the wire for each): what is left of the bound, a third of it.
  const room = Math.max(0, Math.floor((maxBytes - messageBytes(bare) - 3 * Buffer.byteLength(note) - 16) / 3));
  const kept = Buffer.from(`${firstScreen}${ticketLines}`)
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return {
    mail: { ...bare, text: `${kept}\n\n${note}\n` },
    bound: { fits: false, reason: 'over-max-bytes', bytes, dropped },
  };
}
