// The e-mail form of an RTMT alert (brief 2.4), as pasted or posted: optional mail headers (a quoted-printable body
// is decoded), the `At <date> on node <x>, the following <Alert> events generated:` line, then one block per event.
import { blocksFromFieldLines, type RtmtBlock } from './rtmt.js';

export interface RtmtMail {
  alertName: string | null;
  /** Node named in the At-line (the node that raised the alert; often an address). */
  atNode: string | null;
  /** Date text of the At-line (Java Date form). */
  atTime: string | null;
  blocks: RtmtBlock[];
}

const AT_LINE = /^\s*At (.{10,60}?) on node (\S{1,255}?),? the following (\S{1,128}) events? generated/m;
const MATCHED_EVENT_LINE = /^\s*MatchedEvent\s*:/m;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]{0,76}:[ \t]/;

/** True for the text of an RTMT alert e-mail (not for syslog lines, where `MatchedEvent` follows `#012`). */
export function looksLikeRtmtMail(text: string): boolean {
  return MATCHED_EVENT_LINE.test(text) || AT_LINE.test(text);
}

/** Quoted-printable body: `=\r\n` soft breaks removed, `=XX` bytes decoded as UTF-8. */
export function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const c = joined.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else for (const b of Buffer.from(joined[i] ?? '', 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits off a mail header block (lines `Name: value` and folded continuations up to the first blank line). */
function splitHeaders(text: string): { headers: string; body: string } {
  const lines = text.split(/\r?\n/);
  if (lines.length === 0 || !HEADER_LINE.test(lines[0] ?? '') || /^\s*At /.test(lines[0] ?? '')) return { headers: '', body: text };
  let i = 0;
  while (i < lines.length && (HEADER_LINE.test(lines[i] ?? '') || /^[ \t]+\S/.test(lines[i] ?? ''))) i += 1;
  if (i >= lines.length || (lines[i] ?? '').trim() !== '') return { headers: '', body: text };
  return { headers: lines.slice(0, i).join('\n'), body: lines.slice(i + 1).join('\n') };
}

export function parseRtmtMail(text: string): RtmtMail {
  let { headers, body } = splitHeaders(text);
  if (/^Content-Transfer-Encoding:[ \t]*quoted-printable/im.test(headers)) body = decodeQuotedPrintable(body);
  const at = AT_LINE.exec(body);
  const lines = body.split(/\r?\n/);
  return {
    alertName: at?.[3] ?? null,
    atNode: at?.[2] ?? null,
    atTime: at?.[1] ?? null,
    blocks: blocksFromFieldLines(lines, true),
  };
}
