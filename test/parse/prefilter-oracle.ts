// The prefilter as it was before the one-pass scan (native Buffer.indexOf per needle, then NUL, blank and isUtf8
// checks), kept only here as the oracle of the equivalence tests. Not used by the service.
import { isUtf8 } from 'node:buffer';
import { isBlank } from '../../src/parse/prefilter.js';

const NEEDLES = ['CERT-', 'Cert-', 'cert-', 'ertificate name'].map((s) => Buffer.from(s, 'latin1'));
const CUT_TAG = Buffer.from('_CERT', 'latin1');
const CUT_TAG_WINDOW = 12;

export function oldMightBeCertificateAlarm(bytes: Uint8Array): boolean {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const needle of NEEDLES) if (buf.indexOf(needle) >= 0) return true;
  return buf.length >= CUT_TAG.length && buf.indexOf(CUT_TAG, Math.max(0, buf.length - CUT_TAG_WINDOW)) >= 0;
}

export function oldLooksLikeText(bytes: Uint8Array): boolean {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nul = buf.indexOf(0);
  return (nul === -1 || nul === buf.length - 1) && !isBlank(buf) && isUtf8(buf);
}
