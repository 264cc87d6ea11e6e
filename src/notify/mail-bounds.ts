// What one plan mail may hold: MAIL_MAX_BYTES of text and HTML parts (the stored mail record holds the same mail, so
// it is bounded too). A longer mail keeps its text part only, cut at the bound, with a note that says so: never
// silent, and the whole plan stays available from the API.
import type { ComposedMail } from './compose-mail.js';

/** Why a mail was cut, or that it fits. */
export type MailBound = { fits: true } | { fits: false; reason: 'over-max-bytes'; bytes: number };

const SHORT_HTML = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body><p>This plan is too long for the'
  + ' HTML part of a mail: it is in the text part, cut to fit.</p></body></html>\n';

function bytesOf(mail: Pick<ComposedMail, 'text' | 'html'>): number {
  return Buffer.byteLength(mail.text) + Buffer.byteLength(mail.html);
}

/** The mail within maxBytes (text plus HTML), and whether it had to be cut. */
export function boundMail(mail: ComposedMail, maxBytes: number): { mail: ComposedMail; bound: MailBound } {
  const bytes = bytesOf(mail);
  if (bytes <= maxBytes) return { mail, bound: { fits: true } };
  const total = Buffer.byteLength(mail.text);
  const note = (kept: number) => `\n\n[certwatch: this mail is cut at MAIL_MAX_BYTES (${maxBytes} bytes): ${total - kept} of `
    + `${total} bytes of its text are left out. The whole plan: GET /api/v1/plan for this cluster.]\n`;
  // The note's length barely depends on the figures in it: reserve room for its longest form.
  const room = maxBytes - Buffer.byteLength(SHORT_HTML) - Buffer.byteLength(note(total));
  const kept = Buffer.from(mail.text).subarray(0, Math.max(0, room)).toString('utf8').replace(/\uFFFD+$/, '');
  const keptBytes = Buffer.byteLength(kept);
  return { mail: { ...mail, text: kept + note(keptBytes), html: SHORT_HTML }, bound: { fits: false, reason: 'over-max-bytes', bytes } };
}
