// The fields discovery keeps of one X.509 certificate (DER), read with Node's own parser: pure, no I/O, no trust.
import { X509Certificate } from 'node:crypto';

export interface CertificateFields {
  subject: string;
  issuer: string;
  /** Lower-case hex, leading zeros dropped (TLV files and `show` outputs print serials with and without them). */
  serial: string;
  notBefore: string;
  notAfter: string;
  keyType: 'RSA' | 'EC' | 'unknown';
}

export type CertificateRead =
  { ok: true; fields: CertificateFields } | { ok: false; reason: 'bad-certificate'; detail: string };

/** A serial as certwatch compares it: hex digits only, lower-case, no leading zeros (a zero serial stays "0"). */
export function normalizeSerial(text: string): string {
  const hex = text.replace(/[^0-9a-fA-F]/g, '').toLowerCase().replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

/** Node prints names one attribute a line (`CN=x\nO=y`); discovery shows them on one line, comma-separated. */
function oneLine(name: string): string {
  return name.split('\n').filter((part) => part !== '').join(', ');
}

function isoOf(text: string): string | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Reads a DER certificate; anything Node cannot parse (or a date it cannot read) is `bad-certificate`, never
 * thrown. */
export function readCertificate(der: Uint8Array): CertificateRead {
  try {
    const cert = new X509Certificate(der);
    const notBefore = isoOf(cert.validFrom);
    const notAfter = isoOf(cert.validTo);
    if (notBefore === null || notAfter === null) {
      return { ok: false, reason: 'bad-certificate', detail: 'unreadable validity dates' };
    }
    // Reading the key can itself fail (a curve OpenSSL does not know): inside the same try.
    const keyKind = cert.publicKey.asymmetricKeyType;
    return {
      ok: true,
      fields: {
        subject: oneLine(cert.subject),
        issuer: oneLine(cert.issuer),
        serial: normalizeSerial(cert.serialNumber),
        notBefore,
        notAfter,
        keyType: keyKind === 'rsa' || keyKind === 'rsa-pss' ? 'RSA' : keyKind === 'ec' ? 'EC' : 'unknown',
      },
    };
  } catch (error) {
    return {
      ok: false,
      reason: 'bad-certificate',
      detail: error instanceof Error ? error.message.slice(0, 200) : 'unreadable',
    };
  }
}

/** The CN of a distinguished name in either spelling (`CN=a, O=b`, `CN=a;OU=b`, `/CN=a/O=b`); null when absent. */
export function commonName(name: string): string | null {
  const match = /(?:^|[,;/\n]\s*)CN=([^,;/\n]*)/i.exec(name);
  const cn = match?.[1]?.trim();
  return cn ? cn : null;
}
