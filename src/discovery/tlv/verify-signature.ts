// Whether an ITL/CTL file's signature holds (issue 12), as the certutils `tlvfile` tool and phones check it: the
// signer is the record whose serial is the header's (a SAST record first), its certificate's public key verifies
// the SIGNATURE item's value over the whole file without that item, with the digest the header names (RSA with
// PKCS#1 v1.5 padding, as CUCM signs; an EC key's signature is DER). Pure. A verified file is whole and signed by a key
// it carries itself, so this proves integrity, not trust: discovery still only reads dates and names.
import { constants, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { SignatureCheck } from '../facts-schema.js';
import { normalizeSerial } from '../certificate-fields.js';
import type { TlvFile } from './read-tlv-file.js';

/** The header's DIGESTALGORITHM names (read-tlv-file.ts) as node:crypto spells them. */
const DIGESTS: Readonly<Record<string, string>> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };

function signerCertificate(file: TlvFile): Uint8Array | null {
  const serial = file.signer.serial === null ? null : normalizeSerial(file.signer.serial);
  const same = file.records.filter((r) => r.serial !== null && normalizeSerial(r.serial) === serial);
  return (same.find((r) => r.function === 'SAST') ?? same[0])?.certificate ?? null;
}

function publicKeyOf(der: Uint8Array): KeyObject | null {
  try {
    return new X509Certificate(der).publicKey;
  } catch {
    return null;
  }
}

/** `data` is the whole file `file` was read from. */
export function verifyTlvSignature(data: Uint8Array, file: TlvFile): SignatureCheck {
  if (file.signature === null) return { outcome: 'unverifiable', reason: 'no-signature' };
  const digest = DIGESTS[file.hashAlgorithm ?? ''];
  if (digest === undefined) return { outcome: 'unverifiable', reason: 'unknown-digest' };
  const der = signerCertificate(file);
  if (der === null) return { outcome: 'unverifiable', reason: 'signer-not-in-file' };
  const key = publicKeyOf(der);
  if (key === null) return { outcome: 'unverifiable', reason: 'bad-signer-certificate' };
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') return { outcome: 'unverifiable', reason: 'unsupported-key' };
  const { offset, length } = file.signature;
  const value = data.subarray(offset + 3, offset + 3 + length);
  const signed = Buffer.concat([data.subarray(0, offset), data.subarray(offset + 3 + length)]);
  try {
    const holds = verify(digest, signed, type === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : key, value);
    return { outcome: holds ? 'verified' : 'mismatch' };
  } catch {
    // A value that is no signature of this key's kind at all (an EC signature that is not DER): it does not hold.
    return { outcome: 'mismatch' };
  }
}
