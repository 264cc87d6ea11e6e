// The hot-path prefilter on raw bytes, in one pass without regular expressions: is this message noise (text that
// cannot be a certificate alarm: counted and dropped), might it be a certificate alarm (parse it), or is it not text
// (decodeFrame names the rejection)? False positives only cost a parse; a false negative loses an alarm, so it errs
// wide.
//
// The marks of an alarm: every certificate event the parser can produce carries `Certificate name:` in its Message,
// so 'ertificate name' alone never misses one (direct, legacy, nested in an RTMT alert by syslog or mail). The tag
// marks `CERT-` add the UC_CERT lines cut before their Message, which the parser reports as 'truncated' rather than
// as noise; case variants considered real for the facility: CERT, Cert, cert (the parser matches it
// case-insensitively). A message cut right after `%UC_CERT` has no '-' yet: the bare `_CERT` counts in the last
// CUT_TAG_WINDOW bytes only.
//
// Text: valid UTF-8 (strict, as Node's isUtf8: no overlongs, no surrogates, nothing above U+10FFFF), no NUL before
// the last byte (one trailing NUL is a datagram terminator), and not blank.
//
// Each mark is looked for only where a rare byte of it is read ('-' for the tag, 'f' for the Message, '_' near the
// end), so an ordinary byte costs one table read; the scan stops at the first mark or the first byte that is
// not text (either way the message goes to decodeFrame, which decides).
//
// The same pass notes where the node labels are ('=' and ':' end them), for the traffic record of the quiet rule: a
// message found to be noise was read to its end, so sniffNode needs no pass of its own over it (issue 11).
import { labelEndingAt, type NodeLabels } from './node-labels.js';

export type PrefilterVerdict = 'noise' | 'might-be-alarm' | 'not-text';

const CUT_TAG_WINDOW = 12;
const C = 0x43, E = 0x45, R = 0x52, T = 0x54;
const c = 0x63, e = 0x65, r = 0x72, t = 0x74;
/** 'ertificate name': the 'f' is at offset 4. */
const MESSAGE_MARK = Buffer.from('ertificate name', 'latin1');
const MESSAGE_MARK_F = 4;

/** 1 for the bytes that need no look: printable ASCII and space, but not the ones a mark is looked for at ('-', 'f',
 * '_') nor the ones a node label ends with ('=', ':'). */
const PLAIN = new Uint8Array(256);
for (let b = 0x20; b < 0x7f; b++) PLAIN[b] = 1;
PLAIN[0x2d] = PLAIN[0x66] = PLAIN[0x5f] = PLAIN[0x3d] = PLAIN[0x3a] = 0;

/**
 * The verdict on `bytes`. With `labels`, also where the last of each node label is (as findNodeLabels(bytes, false)
 * gives), complete when the verdict is 'noise' (the whole message was read); otherwise only the part read so far.
 */
export function prefilter(bytes: Uint8Array, labels?: NodeLabels): PrefilterVerdict {
  const n = bytes.length;
  if (labels !== undefined) labels.nodeId = labels.nodeSpaceId = labels.nodeIdLower = labels.legacy = -1;
  let blank = true;
  let i = 0;
  while (i < n) {
    // The tight loop over plain bytes is where nearly all the time goes: one table read per byte.
    const run = i;
    while (i < n && PLAIN[bytes[i]!] === 1) i += 1;
    // Only while nothing but blanks was read: does this run hold more than spaces?
    for (let k = run; blank && k < i; k++) if (bytes[k] !== 0x20) blank = false;
    if (i === n) break;
    const b = bytes[i]!;
    if (b === 0x2d /* - */) {
      if (i >= 4 && isTagWord(bytes, i - 4)) return 'might-be-alarm';
      blank = false;
      i += 1;
    } else if (b === 0x66 /* f */) {
      if (i >= MESSAGE_MARK_F && matchesAt(bytes, i - MESSAGE_MARK_F, MESSAGE_MARK)) return 'might-be-alarm';
      blank = false;
      i += 1;
    } else if (b === 0x5f /* _ */) {
      if (i >= n - CUT_TAG_WINDOW && i + 4 < n && bytes[i + 1] === C && bytes[i + 2] === E && bytes[i + 3] === R && bytes[i + 4] === T) return 'might-be-alarm';
      blank = false;
      i += 1;
    } else if (b === 0x3d /* = */ || b === 0x3a /* : */) {
      if (labels !== undefined && i >= 6) {
        const label = labelEndingAt(bytes, i);
        if (label !== null) labels[label] = i + 1; // read forwards: the last one wins
      }
      blank = false;
      i += 1;
    } else if (b < 0x80) {
      if (b === 0x00) {
        if (i !== n - 1) return 'not-text';
      } else if (b !== 0x0a && b !== 0x0d && b !== 0x09) blank = false; // other control bytes, DEL (space is plain)
      i += 1;
    } else {
      const length = utf8SequenceLength(bytes, i, n);
      if (length === 0) return 'not-text';
      blank = false;
      i += length;
    }
  }
  return blank ? 'not-text' : 'noise';
}

/** CERT, Cert or cert at `at`. */
function isTagWord(bytes: Uint8Array, at: number): boolean {
  const b0 = bytes[at], b1 = bytes[at + 1], b2 = bytes[at + 2], b3 = bytes[at + 3];
  if (b0 === C) return (b1 === E && b2 === R && b3 === T) || (b1 === e && b2 === r && b3 === t);
  return b0 === c && b1 === e && b2 === r && b3 === t;
}

function matchesAt(bytes: Uint8Array, at: number, mark: Uint8Array): boolean {
  if (at + mark.length > bytes.length) return false;
  for (let k = 0; k < mark.length; k++) if (bytes[at + k] !== mark[k]) return false;
  return true;
}

const isContinuation = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/** Length of the well-formed UTF-8 sequence of two to four bytes starting at `i` (lead byte >= 0x80), else 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number, n: number): number {
  const lead = bytes[i]!;
  if (lead >= 0xc2 && lead <= 0xdf) return isContinuation(bytes[i + 1]) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    if (i + 2 >= n) return 0;
    const b1 = bytes[i + 1]!;
    // E0 needs A0..BF (no overlong), ED needs 80..9F (no surrogate).
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return b1 >= low && b1 <= high && isContinuation(bytes[i + 2]) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (i + 3 >= n) return 0;
    const b1 = bytes[i + 1]!;
    // F0 needs 90..BF (no overlong), F4 needs 80..8F (nothing above U+10FFFF).
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return b1 >= low && b1 <= high && isContinuation(bytes[i + 2]) && isContinuation(bytes[i + 3]) ? 4 : 0;
  }
  return 0; // a continuation byte without its lead, C0/C1 (overlong), F5..FF
}

/** Nothing but NUL, CR, LF, space and tab (an empty datagram included): an `empty` rejection, never noise. */
export function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x00 && b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) return false;
  }
  return true;
}
