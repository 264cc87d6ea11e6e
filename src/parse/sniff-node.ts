// Cheap node extraction for noise ("other traffic from node X"): runs on every message, so it takes the last NodeID
// (the sender's, also in RTMT alerts that quote another node's line) from the label positions the prefilter noted on
// its pass (or, for a message the prefilter did not read to its end, from one backwards pass over the bytes) and only
// falls back to reading the envelope's host from the first bytes.
import { parseEnvelope } from './envelope.js';
import { internedName } from './interned-names.js';
import { findNodeLabels, type NodeLabels } from './node-labels.js';
import { isNodeNameChars } from './node-name-chars.js';
import { isNodeName, shortHostName } from './node-name.js';

const MAX_NODE_BYTES = 255;
const HEADER_SNIFF_BYTES = 256;

const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;

function view(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function valid(value: string): string | null {
  const v = value.trim();
  return v !== '' && isNodeNameChars(v) ? v : null;
}

/** Node of a message from its raw bytes: NodeID, else legacy `Node ID:`, else the envelope host (short name). Runs for
 * every datagram: the labels come from the prefilter's pass when it read the whole message (`labelsOfAll`), else
 * from one backwards pass (node-labels.ts); no regular expression on the usual paths. */
export function sniffNode(bytes: Uint8Array, labelsOfAll?: NodeLabels): string | null {
  const buf = view(bytes);
  let labels = labelsOfAll ?? findNodeLabels(buf);
  if (labels.nodeId >= 0) {
    const node = bracketValue(buf, labels.nodeId);
    if (node) return node;
    // That NodeID is no node name: the other labels anywhere before it count.
    if (labelsOfAll === undefined) labels = findNodeLabels(buf, false);
  }
  // Node ID= before NodeId= (no array of the two: this runs per datagram).
  const spaced = labels.nodeSpaceId >= 0 ? bracketValue(buf, labels.nodeSpaceId) : null;
  if (spaced) return spaced;
  const lower = labels.nodeIdLower >= 0 ? bracketValue(buf, labels.nodeIdLower) : null;
  if (lower) return lower;
  if (labels.legacy >= 0) {
    // The first token after the label, on the trimmed text, within MAX_NODE_BYTES.
    const windowEnd = Math.min(buf.length, labels.legacy + MAX_NODE_BYTES);
    let from = labels.legacy;
    while (from < windowEnd && isTrimmed(buf[from]!)) from += 1;
    let to = from;
    while (to < windowEnd && !isTokenEnd(buf[to]!)) to += 1;
    const node = nameAt(buf, from, to);
    if (node) return node;
  }
  return rfc3164Host(buf) ?? hostFromHeader(buf.toString('latin1', 0, Math.min(buf.length, HEADER_SNIFF_BYTES)));
}

/** The value of a `[Label=value]` parameter starting at `start`, when it is a node name. */
function bracketValue(buf: Buffer, start: number): string | null {
  const limit = Math.min(buf.length, start + MAX_NODE_BYTES);
  let end = start;
  while (end < limit && buf[end] !== CLOSE_BRACKET) end += 1;
  return nameAt(buf, start, end);
}

/** What String.prototype.trim removes, among latin1 characters. */
const isTrimmed = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0xa0;
/** Where the legacy label's token ends (as `split(/[\s|\]]/, 1)[0]` on latin1 text): whitespace, '|', ']'. */
const isTokenEnd = (b: number) => isTrimmed(b) || b === 0x7c || b === CLOSE_BRACKET;

/**
 * valid() on bytes: the node name in buf[from..to) once trimmed, by isNodeNameChars' rule, without decoding; the
 * string is made (or reused, interned-names.ts) only for a name that passes.
 */
function nameAt(buf: Buffer, from: number, to: number): string | null {
  while (from < to && isTrimmed(buf[from]!)) from += 1;
  while (to > from && isTrimmed(buf[to - 1]!)) to -= 1;
  if (to === from || to - from > MAX_NODE_BYTES || !isAlnum(buf[from])) return null;
  for (let i = from + 1; i < to; i++) {
    const c = buf[i]!;
    if (!(isAlnum(c) || c === 0x5f || ((c === 0x2e || c === 0x2d) && i < to - 1))) return null;
  }
  return internedName(buf, from, to);
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isUpper = (c: number | undefined) => c !== undefined && c >= 0x41 && c <= 0x5a;
const isLower = (c: number | undefined) => c !== undefined && c >= 0x61 && c <= 0x7a;
const isAlnum = (c: number | undefined) => isDigit(c) || isUpper(c) || isLower(c);
const isHostChar = (c: number | undefined) => c !== undefined && (isDigit(c) || isUpper(c) || isLower(c) || c === 0x2e || c === 0x5f || c === 0x2d);

/**
 * The host of the commonest plain header, `<PRI>Mmm dd hh:mm:ss HOST ` (crond and other Linux daemons on a CUCM node),
 * read byte by byte; null for anything else, which the general header reading then handles. A header naming a
 * CiscoLog tag in its first bytes is left to it too (the tag's envelope decides there).
 */
function rfc3164Host(buf: Buffer): string | null {
  let i = 0;
  if (buf[0] === 0x3c) {
    let digits = 0;
    for (i = 1; isDigit(buf[i]) && digits < 3; i++) digits += 1;
    if (digits === 0 || buf[i] !== 0x3e) return null;
    i += 1;
  }
  if (!isUpper(buf[i]) || !isLower(buf[i + 1]) || !isLower(buf[i + 2]) || buf[i + 3] !== 0x20) return null;
  i += 4;
  if (buf[i] === 0x20) i += 1;
  if (!isDigit(buf[i])) return null;
  i += isDigit(buf[i + 1]) ? 2 : 1;
  if (buf[i] !== 0x20 || !isDigit(buf[i + 1]) || !isDigit(buf[i + 2]) || buf[i + 3] !== COLON || !isDigit(buf[i + 4]) || !isDigit(buf[i + 5])
    || buf[i + 6] !== COLON || !isDigit(buf[i + 7]) || !isDigit(buf[i + 8]) || buf[i + 9] !== 0x20) return null;
  i += 10;
  const start = i;
  if (!isAlnum(buf[i])) return null;
  let firstDot = -1;
  while (i < buf.length && i - start < MAX_NODE_BYTES && isHostChar(buf[i])) {
    if (buf[i] === 0x2e && firstDot < 0) firstDot = i;
    i += 1;
  }
  if (buf[i] !== 0x20 || i >= HEADER_SNIFF_BYTES) return null; // the host and its space lie within the header read
  if (hasCiscoTag(buf, Math.min(buf.length, HEADER_SNIFF_BYTES))) return null;
  const last = buf[i - 1];
  if (last === 0x2e || last === 0x2d) return null; // isNodeNameChars: a name ends with a letter, a digit or '_'
  // shortHostName: an IPv4 address whole, else up to the first dot.
  return internedName(buf, start, firstDot < 0 || isIpv4(buf, start, i) ? i : firstDot);
}

/** `%UC_` or `%CCM_` wholly within buf[0..end) (what `includes` on the header's text finds). */
function hasCiscoTag(buf: Buffer, end: number): boolean {
  for (let p = buf.indexOf(0x25 /* % */); p >= 0 && p < end; p = buf.indexOf(0x25, p + 1)) {
    if (p + 4 <= end && buf[p + 1] === 0x55 && buf[p + 2] === 0x43 && buf[p + 3] === 0x5f) return true; // UC_
    if (p + 5 <= end && buf[p + 1] === 0x43 && buf[p + 2] === 0x43 && buf[p + 3] === 0x4d && buf[p + 4] === 0x5f) return true; // CCM_
  }
  return false;
}

/** shortHostName's IPV4 pattern on bytes: four groups of 1 to 3 digits joined by dots, nothing else. */
function isIpv4(buf: Buffer, from: number, to: number): boolean {
  let groups = 0;
  let i = from;
  while (groups < 4) {
    const digitsStart = i;
    while (i < to && i - digitsStart < 3 && isDigit(buf[i])) i += 1;
    if (i === digitsStart) return false;
    groups += 1;
    if (groups < 4) {
      if (buf[i] !== 0x2e || i >= to) return false;
      i += 1;
    }
  }
  return i === to;
}

/** Same as sniffNode, for text already decoded (the parser's noise path). */
export function sniffNodeText(text: string, headerEnd?: number): string | null {
  for (const label of ['NodeID=', 'Node ID=', 'NodeId=']) {
    const at = text.lastIndexOf(label);
    if (at < 0) continue;
    const start = at + label.length;
    const close = text.indexOf(']', start);
    const node = valid(text.slice(start, close < 0 ? Math.min(text.length, start + MAX_NODE_BYTES) : Math.min(close, start + MAX_NODE_BYTES)));
    if (node) return node;
  }
  const legacy = text.lastIndexOf(' Node ID:');
  if (legacy >= 0) {
    const token = text.slice(legacy + 9, legacy + 9 + MAX_NODE_BYTES).trim().split(/[\s|\]]/, 1)[0] ?? '';
    const node = valid(token);
    if (node) return node;
  }
  return hostFromHeader(text.slice(0, Math.min(headerEnd ?? HEADER_SNIFF_BYTES, HEADER_SNIFF_BYTES)));
}

/** Host of a plain syslog header (`<14>Mar 18 16:40:52 cucm01 crond[9538]: ...`) or a CiscoLog one, short form. */
function hostFromHeader(head: string): string | null {
  const tag = head.search(/%(?:UC|CCM)_/);
  if (tag >= 0) {
    const env = parseEnvelope(head.slice(0, tag));
    const host = env.host ?? env.relayHost;
    return host !== null && isNodeName(host) ? shortHostName(host) : null;
  }
  // A CiscoLog header cut before its tag: `<PRI>SEQ: HOST: ...`.
  const cisco = /^<\d{1,3}>\d{1,10}: ([A-Za-z0-9][A-Za-z0-9._-]{0,254}): /.exec(head);
  if (cisco?.[1] && isNodeName(cisco[1])) return shortHostName(cisco[1]);
  // Plain RFC 3164: `<PRI>Mmm dd hh:mm:ss HOST prog[pid]: ...`.
  const m = /^(?:<\d{1,3}>)?(?:1 \S+ )?[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} ([A-Za-z0-9][A-Za-z0-9._-]{0,254}) /.exec(head);
  if (m?.[1] && isNodeName(m[1])) return shortHostName(m[1]);
  const r5424 = /^<\d{1,3}>1 \S+ ([A-Za-z0-9][A-Za-z0-9._-]{0,254}) /.exec(head);
  if (r5424?.[1] && isNodeName(r5424[1])) return shortHostName(r5424[1]);
  return null;
}
