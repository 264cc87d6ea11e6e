import { isUtf8 } from 'node:buffer';

// The hot-path prefilter on raw bytes: could this message be (or contain) a certificate alarm? False positives only
// cost a parse; a false negative loses an alarm, so it errs wide.
//
// Every certificate event the parser can produce carries `Certificate name:` in its Message, so 'ertificate name'
// alone never misses one (direct, legacy, nested in an RTMT alert by syslog or mail). The tag checks add the
// UC_CERT lines cut before their Message, which the parser reports as 'truncated' rather than as noise. Case
// variants considered real for the facility: CERT, Cert, cert (the parser matches it case-insensitively).
const NEEDLES = ['CERT-', 'Cert-', 'cert-', 'ertificate name'].map((s) => Buffer.from(s, 'latin1'));
/** A message cut right after `%UC_CERT` has no '-' yet: look for the bare facility in the last few bytes only. */
const CUT_TAG = Buffer.from('_CERT', 'latin1');
const CUT_TAG_WINDOW = 12;

export function mightBeCertificateAlarm(bytes: Uint8Array): boolean {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const needle of NEEDLES) if (buf.indexOf(needle) >= 0) return true;
  return buf.length >= CUT_TAG.length && buf.indexOf(CUT_TAG, Math.max(0, buf.length - CUT_TAG_WINDOW)) >= 0;
}

/** Nothing but NUL, CR, LF, space and tab (an empty datagram included): an `empty` rejection, never noise. */
export function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x00 && b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) return false;
  }
  return true;
}

/**
 * Cheap check (native passes only) that a message which is no certificate alarm is at least text: valid UTF-8 with no
 * NUL before its last byte. What fails it goes through decodeFrame, which names the exact rejection reason, so garbage
 * is counted as rejected rather than as noise.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nul = buf.indexOf(0);
  return (nul === -1 || nul === buf.length - 1) && !isBlank(buf) && isUtf8(buf);
}
