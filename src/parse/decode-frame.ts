// Bytes of one message -> text, or a typed rejection: empty, oversized, invalid UTF-8 (fatal, no U+FFFD guessing),
// binary (NUL or control characters other than tab/CR/LF). Trailing CR/LF and a trailing NUL are framing, not content.
import { isUtf8 } from 'node:buffer';
import { isBlank } from './prefilter.js';
import type { RejectReason } from './types.js';

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: RejectReason; detail: string };

function isTrailingJunk(b: number): boolean {
  return b === 0x0a || b === 0x0d || b === 0x00;
}

/** Index of the first byte that makes the frame binary, or -1. Tab, LF and CR are text. */
export function firstBinaryByte(buf: Uint8Array, end: number): number {
  for (let i = 0; i < end; i += 1) {
    const b = buf[i] ?? 0;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return i;
  }
  return -1;
}

export function decodeFrame(bytes: Uint8Array, maxBytes: number): DecodeResult {
  if (bytes.byteLength > maxBytes) {
    return { ok: false, reason: 'oversized', detail: `${bytes.byteLength} bytes, limit ${maxBytes}` };
  }
  if (isBlank(bytes)) return { ok: false, reason: 'empty', detail: bytes.byteLength === 0 ? 'no bytes' : 'only line endings, NULs or blanks' };
  let end = bytes.byteLength;
  // Trailing CR/LF (newline framing) and one trailing NUL (some senders terminate datagrams with it), in any order.
  let nulSeen = false;
  while (end > 0 && isTrailingJunk(bytes[end - 1] ?? 0)) {
    if (bytes[end - 1] === 0x00) {
      if (nulSeen) break;
      nulSeen = true;
    }
    end -= 1;
  }
  if (end === 0) return { ok: false, reason: 'empty', detail: bytes.byteLength === 0 ? 'no bytes' : 'only line endings' };
  const binaryAt = firstBinaryByte(bytes, end);
  if (binaryAt >= 0) {
    return { ok: false, reason: 'binary', detail: `control byte 0x${(bytes[binaryAt] ?? 0).toString(16).padStart(2, '0')} at offset ${binaryAt}` };
  }
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  if (!isUtf8(view)) return { ok: false, reason: 'invalid-utf8', detail: 'not valid UTF-8' };
  const text = view.toString('utf8');
  if (text.trim() === '') return { ok: false, reason: 'empty', detail: 'only white space' };
  return { ok: true, text };
}
