// Test certificates with exactly chosen dates, serials and names, built as DER and signed with Node's crypto (OpenSSL
// 3.0's `req`/`x509` take only a day count, not an end date). RSA and EC (P-256) keys made by `openssl genpkey`, as a
// site's would be; self-signed or CA-signed. Enough X.509 for readers and TLS listeners in tests; no extensions beyond
// what a CA certificate needs.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';

export interface TestKey {
  type: 'RSA' | 'EC';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface TestCertificate {
  der: Buffer;
  pem: string;
  key: TestKey;
  /** The subject as given, for use as a later certificate's issuer. */
  subject: NameParts;
  serialHex: string;
  /** The issuer's signature over the certificate (ITL/CTL records carry it beside the certificate). */
  signature: Buffer;
}

/** Attributes in the order CUCM's self-signed certificates carry them; only those given are written. */
export interface NameParts {
  CN: string;
  OU?: string;
  O?: string;
  L?: string;
  ST?: string;
  C?: string;
}

export interface CertificateOptions {
  subject: NameParts;
  /** Hex serial (CUCM's are 16 bytes); a leading high bit gets its 00 byte. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  key: TestKey;
  /** The issuing certificate; the certificate is self-signed when absent. */
  issuer?: TestCertificate;
  isCa?: boolean;
}

const keyCache = new Map<string, TestKey>();

/** A key pair; `name` reuses one per test process (an RSA key costs `openssl genpkey` tens to hundreds of
 * milliseconds). */
export function testKey(type: 'RSA' | 'EC', name = 'default'): TestKey {
  const cacheKey = `${type}:${name}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const options =
    type === 'RSA'
      ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
      : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  const privateKey = createPrivateKey(
    execFileSync('openssl', ['genpkey', ...options], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const key: TestKey = { type, privateKey, publicKey: createPublicKey(privateKey) };
  keyCache.set(cacheKey, key);
  return key;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const der = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...content: Buffer[]) => der(0x30, ...content);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    bytes.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return der(0x06, Buffer.from(bytes));
}

function integerHex(hex: string): Buffer {
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  if (bytes.length === 0 || (bytes[0] ?? 0) >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return der(0x02, bytes);
}

const NAME_OIDS: Record<keyof NameParts, string> = {
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
};
const NAME_ORDER: (keyof NameParts)[] = ['C', 'ST', 'L', 'O', 'OU', 'CN'];

function name(parts: NameParts): Buffer {
  const rdns = NAME_ORDER.filter((k) => parts[k] !== undefined).map((k) => {
    const value = Buffer.from(parts[k] ?? '', 'utf8');
    return der(0x31, sequence(oid(NAME_OIDS[k]), der(k === 'C' ? 0x13 : 0x0c, value)));
  });
  return sequence(...rdns);
}

function time(at: Date): Buffer {
  const iso = at.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  const year = at.getUTCFullYear();
  return year >= 1950 && year < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

function signatureAlgorithm(key: TestKey): Buffer {
  return key.type === 'RSA' ? sequence(oid('1.2.840.113549.1.1.11'), der(0x05)) : sequence(oid('1.2.840.10045.4.3.2'));
}

/** Builds and signs one certificate. */
export function makeCertificate(options: CertificateOptions): TestCertificate {
  const signer = options.issuer?.key ?? options.key;
  const issuerName = options.issuer?.subject ?? options.subject;
  const extensions = options.isCa
    ? [
        der(
          0xa3,
          sequence(
            sequence(
              oid('2.5.29.19'),
              der(0x01, Buffer.from([0xff])),
              der(0x04, sequence(der(0x01, Buffer.from([0xff])))),
            ),
          ),
        ),
      ]
    : [];
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))),
    integerHex(options.serialHex),
    signatureAlgorithm(signer),
    name(issuerName),
    sequence(time(options.notBefore), time(options.notAfter)),
    name(options.subject),
    options.key.publicKey.export({ type: 'spki', format: 'der' }),
    ...extensions,
  );
  const signature = sign('sha256', tbs, signer.privateKey);
  const certificate = sequence(tbs, signatureAlgorithm(signer), der(0x03, Buffer.from([0]), signature));
  const body = certificate.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return {
    der: certificate,
    pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    key: options.key,
    subject: options.subject,
    serialHex: options.serialHex,
    signature,
  };
}
