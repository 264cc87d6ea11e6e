// Writes valid ITLFile.tlv / CTLFile.tlv files in Cisco's TLV layout (the layout src/discovery/tlv/ reads), from
// certificates made by certificate-builder.ts with chosen dates: the reader's round-trip tests and the simulated
// CUCM's TFTP HTTP server serve them. Scenarios: an ITL signed by ITLRecovery (12.0+) or by a TFTP node's CallManager
// key (before 12.0), a CTL signed by an eToken (SAST issued by a fake "Cisco Manufacturing CA") or tokenless, and a
// stale CTL (built from an older generation of the cluster's certificates). Files are signed for real, by the `openssl`
// command as CUCM signs them (RSA, PKCS#1 v1.5, over the file without its signature item), so the reader's check
// (src/discovery/tlv/verify-signature.ts, node:crypto) meets a signature it did not make itself.
import { execFileSync } from 'node:child_process';
import { createHash, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADER_TAG, RECORD_TAG } from '../../src/discovery/tlv/tags.js';
import { makeCertificate, testKey, type NameParts, type TestCertificate } from './certificate-builder.js';

export type TlvFunction = 'SAST' | 'CCM' | 'CCM+TFTP' | 'TFTP' | 'CAPF' | 'APP-SERVER' | 'TVS';
const FUNCTION_CODES: Record<TlvFunction, number> = {
  SAST: 0,
  CCM: 1,
  'CCM+TFTP': 2,
  TFTP: 3,
  CAPF: 4,
  'APP-SERVER': 7,
  TVS: 21,
};

export interface TlvRecordSpec {
  function: TlvFunction | number;
  certificate: TestCertificate;
  dnsName?: string;
  ipAddress?: string;
}

export interface TlvFileSpec {
  fileName: string;
  signer: TestCertificate;
  records: TlvRecordSpec[];
  timestamp?: Date;
  hash?: 'sha1' | 'sha512';
  /** SIGNERVERSION (tag 28) as `major.minor`, written by newer CUCM releases only. */
  signerVersion?: string;
}

const item = (tag: number, value: Buffer): Buffer => {
  const head = Buffer.alloc(3);
  head.writeUInt8(tag, 0);
  head.writeUInt16BE(value.length, 1);
  return Buffer.concat([head, value]);
};
const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const cString = (s: string) => Buffer.from(`${s}\0`, 'utf8');

/** Names as `show itl` prints them: `CN=x;OU=y;O=z;...`. */
export function tlvName(parts: NameParts): string {
  return (['CN', 'OU', 'O', 'L', 'ST', 'C'] as const)
    .filter((k) => parts[k] !== undefined)
    .map((k) => `${k}=${parts[k]}`)
    .join(';');
}

function issuerNameOf(certificate: TestCertificate, issuer: NameParts | undefined): string {
  return tlvName(issuer ?? certificate.subject);
}

function publicKeyBytes(certificate: TestCertificate): Buffer {
  if (certificate.key.type === 'RSA') return certificate.key.publicKey.export({ type: 'pkcs1', format: 'der' });
  const jwk = certificate.key.publicKey.export({ format: 'jwk' });
  return Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url'),
  ]);
}

/** The issuer names the builder knows, by certificate (makeCertificate keeps the subject only). */
const issuers = new WeakMap<TestCertificate, NameParts>();

function record(spec: TlvRecordSpec): Buffer {
  const c = spec.certificate;
  const fields = Buffer.concat([
    ...(spec.dnsName === undefined ? [] : [item(RECORD_TAG.dnsName, cString(spec.dnsName))]),
    item(RECORD_TAG.subjectName, cString(tlvName(c.subject))),
    item(RECORD_TAG.function, u16(typeof spec.function === 'number' ? spec.function : FUNCTION_CODES[spec.function])),
    item(RECORD_TAG.issuerName, cString(issuerNameOf(c, issuers.get(c)))),
    item(RECORD_TAG.serialNumber, Buffer.from(c.serialHex.length % 2 ? `0${c.serialHex}` : c.serialHex, 'hex')),
    item(RECORD_TAG.publicKey, publicKeyBytes(c)),
    item(RECORD_TAG.signature, c.signature),
    item(RECORD_TAG.certificate, c.der),
    ...(spec.ipAddress === undefined
      ? []
      : [item(RECORD_TAG.ipAddress, Buffer.from(spec.ipAddress.split('.').map(Number)))]),
  ]);
  return Buffer.concat([item(RECORD_TAG.recordLength, u16(fields.length + 5)), fields]);
}

/** `openssl dgst -sign`: PKCS#1 v1.5 for an RSA key. */
function opensslSign(hash: 'sha1' | 'sha512', content: Buffer, key: KeyObject): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'certwatch-tlv-sign-'));
  try {
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    return execFileSync('openssl', ['dgst', `-${hash}`, '-sign', keyFile], {
      input: content,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One signed file: header (version 1.2, signer, digest, file name, timestamp, padding to 4 bytes), then the
 * records. */
export function buildTlvFile(spec: TlvFileSpec): Buffer {
  const signer = spec.signer;
  const hash = spec.hash ?? 'sha1';
  // The header's length covers the signature, so its length must be known before signing: an RSA signature is as long
  // as the modulus. CUCM signs ITL and CTL files with RSA keys only (ITLRecovery, CallManager, eTokens).
  if (signer.key.type !== 'RSA') throw new Error('the TLV builder signs with RSA keys only, as CUCM does');
  const signatureLength = (signer.key.privateKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8;
  const signerInfo = Buffer.concat([
    item(HEADER_TAG.signerName, cString(tlvName(signer.subject))),
    item(
      HEADER_TAG.serialNumber,
      Buffer.from(signer.serialHex.length % 2 ? `0${signer.serialHex}` : signer.serialHex, 'hex'),
    ),
    item(HEADER_TAG.issuerName, cString(issuerNameOf(signer, issuers.get(signer)))),
  ]);
  const algorithm = Buffer.concat([
    item(HEADER_TAG.signatureAlgorithm, Buffer.from([0])),
    item(HEADER_TAG.signatureModulus, Buffer.from([2])),
  ]);
  const beforeSignature = Buffer.concat([
    item(HEADER_TAG.version, Buffer.from([1, 2])),
    item(HEADER_TAG.headerLength, u16(0)),
    ...(spec.signerVersion === undefined
      ? []
      : [item(HEADER_TAG.signerVersion, Buffer.from(spec.signerVersion.split('.').map(Number)))]),
    item(HEADER_TAG.signerInfo, signerInfo),
    item(
      HEADER_TAG.signatureInfo,
      Buffer.concat([
        item(HEADER_TAG.hashAlgorithm, Buffer.from([hash === 'sha1' ? 1 : 3])),
        item(HEADER_TAG.signatureAlgorithmInfo, algorithm),
      ]),
    ),
  ]);
  const timestamp = Buffer.alloc(4);
  timestamp.writeUInt32BE(Math.floor((spec.timestamp ?? new Date('2026-01-15T09:00:00Z')).getTime() / 1000));
  let afterSignature = Buffer.concat([
    item(HEADER_TAG.fileName, cString(spec.fileName)),
    item(HEADER_TAG.timestamp, timestamp),
  ]);
  const unpadded = beforeSignature.length + 3 + signatureLength + afterSignature.length;
  afterSignature = Buffer.concat([afterSignature, Buffer.alloc((4 - (unpadded % 4)) % 4, HEADER_TAG.padding)]);
  const headerLength = unpadded + ((4 - (unpadded % 4)) % 4);
  beforeSignature.writeUInt16BE(headerLength, 8);
  // The signature covers the whole file without the signature item (as certutils signs and checks it).
  const body = Buffer.concat(spec.records.map(record));
  const signature = opensslSign(hash, Buffer.concat([beforeSignature, afterSignature, body]), signer.key.privateKey);
  if (signature.length !== signatureLength) {
    throw new Error(`openssl made a ${signature.length}-byte signature, not ${signatureLength}`);
  }
  return Buffer.concat([beforeSignature, item(HEADER_TAG.signature, signature), afterSignature, body]);
}

// --- Simulated clusters ---------------------------------------------------------------------------------------

export type ClusterUnit = 'CallManager' | 'CallManager-ECDSA' | 'TVS' | 'CAPF' | 'ITLRecovery';

export interface ClusterSpec {
  /** Node host names; the first is the publisher. */
  nodes: string[];
  /** Nodes running TFTP (default: every node). */
  tftpNodes?: string[];
  /** Not-after of each unit, the same on every node (default: five years after notBefore). */
  notAfter?: Partial<Record<ClusterUnit, Date>>;
  notBefore?: Date;
  /** Adds CallManager-ECDSA certificates (EC keys), as 14+/15 clusters have. */
  ecdsa?: boolean;
  /** Another generation gives other serials: a stale CTL is built from an older generation. */
  generation?: number;
}

export interface SimulatedCluster {
  publisher: string;
  tftpNodes: string[];
  certificates: Map<string, Partial<Record<ClusterUnit, TestCertificate>>>;
  /** Two hardware eTokens (SAST certificates issued by the fake Cisco Manufacturing CA). */
  etokens: [TestCertificate, TestCertificate];
  manufacturingCa: TestCertificate;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** A deterministic 16-byte serial per (node, unit, generation), first bit clear like CUCM's. */
export function serialFor(...parts: (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 32);
  return (parseInt(digest.slice(0, 1), 16) & 7).toString(16) + digest.slice(1);
}

function nodeName(node: string, unit: ClusterUnit): NameParts {
  const cn =
    unit === 'ITLRecovery'
      ? `ITLRECOVERY_${node}`
      : unit === 'CAPF'
        ? `CAPF-${serialFor(node, 'capf-cn').slice(0, 8)}`
        : unit === 'CallManager-ECDSA'
          ? `${node}-EC`
          : node;
  return { CN: cn, OU: 'UC', O: 'Example', L: 'Wellington', ST: 'WGN', C: 'NZ' };
}

let manufacturingCa: TestCertificate | undefined;

function fakeManufacturingCa(): TestCertificate {
  manufacturingCa ??= makeCertificate({
    subject: { CN: 'Cisco Manufacturing CA', O: 'Cisco Systems' },
    serialHex: '6a6967b3000000000003',
    notBefore: new Date('2005-06-10T22:16:01Z'),
    notAfter: new Date('2029-05-14T20:25:42Z'),
    key: testKey('RSA', 'manufacturing-ca'),
    isCa: true,
  });
  return manufacturingCa;
}

function etoken(n: number): TestCertificate {
  const ca = fakeManufacturingCa();
  const cert = makeCertificate({
    subject: { CN: `SAST-ADN${serialFor('etoken', n).slice(0, 8)}`, OU: 'IPCBU', O: 'Cisco Systems' },
    serialHex: serialFor('etoken', n).slice(0, 20),
    notBefore: new Date('2012-03-07T18:53:03Z'),
    notAfter: new Date('2032-03-07T19:03:03Z'),
    key: testKey('RSA', `etoken-${n}`),
    issuer: ca,
  });
  issuers.set(cert, ca.subject);
  return cert;
}

/** Certificates for every node and unit of a cluster (self-signed, as CUCM makes them). */
export function simulatedCluster(spec: ClusterSpec): SimulatedCluster {
  const notBefore = spec.notBefore ?? new Date('2021-03-01T10:00:00Z');
  const generation = spec.generation ?? 1;
  const units: ClusterUnit[] = [
    'CallManager',
    'TVS',
    'CAPF',
    'ITLRecovery',
    ...(spec.ecdsa ? ['CallManager-ECDSA' as const] : []),
  ];
  const certificates = new Map<string, Partial<Record<ClusterUnit, TestCertificate>>>();
  for (const node of spec.nodes) {
    const perNode: Partial<Record<ClusterUnit, TestCertificate>> = {};
    for (const unit of units) {
      const isEc = unit === 'CallManager-ECDSA';
      perNode[unit] = makeCertificate({
        subject: nodeName(node, unit), serialHex: serialFor(node, unit, generation), notBefore,
        notAfter: spec.notAfter?.[unit] ?? new Date(notBefore.getTime() + (unit === 'ITLRecovery' ? 20 : 5) * YEAR_MS),
        key: testKey(isEc ? 'EC' : 'RSA', isEc ? 'node-ec' : 'node-rsa'),
      });
    }
    certificates.set(node, perNode);
  }
  const publisher = spec.nodes[0] ?? 'cucm-pub';
  return {
    publisher,
    tftpNodes: spec.tftpNodes ?? spec.nodes,
    certificates,
    etokens: [etoken(1), etoken(2)],
    manufacturingCa: fakeManufacturingCa(),
  };
}

function unitOf(cluster: SimulatedCluster, node: string, unit: ClusterUnit): TestCertificate {
  const cert = cluster.certificates.get(node)?.[unit];
  if (!cert) throw new Error(`simulated cluster has no ${unit} certificate on ${node}`);
  return cert;
}

/** CCM+TFTP records (RSA and, when made, ECDSA) of every TFTP node. */
function callManagerRecords(cluster: SimulatedCluster): TlvRecordSpec[] {
  return cluster.tftpNodes.flatMap((node) => (['CallManager', 'CallManager-ECDSA'] as const)
    .filter((unit) => cluster.certificates.get(node)?.[unit] !== undefined)
    .map((unit) => ({ function: 'CCM+TFTP' as const, certificate: unitOf(cluster, node, unit) })));
}

/**
 * The ITL a TFTP node serves: signed by the publisher's ITLRecovery (12.0+) or by this TFTP node's CallManager key
 * (before 12.0); the signer's certificate comes first as a SAST record, then CallManager, TVS of every node, CAPF.
 */
export function itlFile(
  cluster: SimulatedCluster,
  signedBy: 'itlrecovery' | 'callmanager',
  tftpNode = cluster.tftpNodes[0] ?? cluster.publisher,
): Buffer {
  const recovery = unitOf(cluster, cluster.publisher, 'ITLRecovery');
  const signer = signedBy === 'itlrecovery' ? recovery : unitOf(cluster, tftpNode, 'CallManager');
  const records: TlvRecordSpec[] = [
    { function: 'SAST', certificate: signer },
    ...(signedBy === 'callmanager' ? [{ function: 'SAST' as const, certificate: recovery }] : []),
    ...callManagerRecords(cluster),
    ...[...cluster.certificates.keys()].map((node) => ({
      function: 'TVS' as const,
      certificate: unitOf(cluster, node, 'TVS'),
    })),
    { function: 'CAPF', certificate: unitOf(cluster, cluster.publisher, 'CAPF') },
  ];
  return buildTlvFile({ fileName: 'ITLFile.tlv', signer, records });
}

/**
 * The CTL of a mixed-mode cluster: signed by the first eToken (both eTokens listed), or tokenless by the publisher's
 * ITLRecovery (12.0+) or CallManager key (10.x-11.x). CallManager records of the TFTP nodes and the CAPF follow.
 */
export function ctlFile(
  cluster: SimulatedCluster,
  signedBy: 'etoken' | 'tokenless-itlrecovery' | 'tokenless-callmanager',
): Buffer {
  const signer =
    signedBy === 'etoken'
      ? cluster.etokens[0]
      : unitOf(cluster, cluster.publisher, signedBy === 'tokenless-itlrecovery' ? 'ITLRecovery' : 'CallManager');
  const sast: TlvRecordSpec[] =
    signedBy === 'etoken'
      ? cluster.etokens.map((certificate) => ({ function: 'SAST' as const, certificate }))
      : [{ function: 'SAST', certificate: signer }];
  return buildTlvFile({
    fileName: 'CTLFile.tlv',
    signer,
    records: [
      ...sast,
      ...callManagerRecords(cluster),
      { function: 'CAPF', certificate: unitOf(cluster, cluster.publisher, 'CAPF') },
    ],
  });
}
