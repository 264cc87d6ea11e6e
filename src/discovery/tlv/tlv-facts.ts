// What an ITL or CTL file tells: each record's certificate with its unit and node, the file's signer, and what the
// signer implies (issue 12): a served CTL means mixed mode; a CTL signed by an eToken (a SAST certificate issued by
// "Cisco Manufacturing CA") vs the cluster's own key (tokenless); an ITL signed by ITLRecovery vs CallManager; and
// whether the file's signature holds (verify-signature.ts), a fact of its own.
import { commonName, normalizeSerial, readCertificate } from '../certificate-fields.js';
import type {
  DiscoveredCertificate,
  DiscoveredFacts,
  DiscoveredUnit,
  FactSource,
  StateFact,
  Unread,
} from '../facts-schema.js';
import { certificateFileOf, nodeFromSubjectCn, unitFromTlvFunction } from '../units.js';
import { readTlvFile, type TlvFile, type TlvRecord } from './read-tlv-file.js';
import { verifyTlvSignature } from './verify-signature.js';

export type TlvKind = 'itl' | 'ctl';

/** The issuer of Cisco's hardware eToken (SAST) certificates. */
const ETOKEN_ISSUER = /Cisco Manufacturing CA/i;

/** ITL or CTL: the header's file name when it says, else the name the file was fetched or posted under. */
export function tlvKindOf(file: TlvFile, nameHint: string | null): TlvKind | null {
  for (const name of [file.fileName, nameHint]) {
    if (name && /^ITL/i.test(name.replace(/^.*\//, ''))) return 'itl';
    if (name && /^CTL/i.test(name.replace(/^.*\//, ''))) return 'ctl';
  }
  return null;
}

/** The node a record belongs to: its DNS name, else its subject's CN (see nodeFromSubjectCn), else its IP address. */
function nodeOf(record: TlvRecord, subjectCn: string | null, unit: DiscoveredUnit | null): string | null {
  return record.dnsName ?? nodeFromSubjectCn(unit, subjectCn) ?? record.ipAddress;
}

function recordCertificate(record: TlvRecord, source: FactSource): DiscoveredCertificate | Unread {
  const where = { ...source, detail: `${source.detail} record ${record.index}` };
  if (record.certificate === null) {
    return {
      reason: 'no-certificate',
      source: where,
      detail: `${record.function ?? 'no function'} record without CERTIFICATE`,
    };
  }
  const read = readCertificate(record.certificate);
  if (!read.ok) return { reason: read.reason, source: where, detail: read.detail };
  const fn = record.function ?? 'unknown';
  const cn = commonName(read.fields.subject);
  const unit = unitFromTlvFunction(fn, read.fields.keyType, cn);
  return {
    node: nodeOf(record, cn, unit),
    unit,
    function: fn,
    certificate: unit === null ? null : certificateFileOf(unit),
    ...read.fields,
    source: where,
  };
}

const isUnread = (x: DiscoveredCertificate | Unread): x is Unread => 'reason' in x;

/** The record holding the signer's certificate (same serial), if the file carries it. */
function signerRecord(file: TlvFile, certificates: readonly DiscoveredCertificate[]): DiscoveredCertificate | null {
  const serial = file.signer.serial === null ? null : normalizeSerial(file.signer.serial);
  return (
    certificates.find((c) => c.serial === serial && c.function === 'SAST') ??
    certificates.find((c) => c.serial === serial) ??
    null
  );
}

function ctlFacts(file: TlvFile, signer: DiscoveredCertificate | null, source: FactSource): StateFact[] {
  const issuer = file.signer.issuer ?? signer?.issuer ?? '';
  const etoken = ETOKEN_ISSUER.test(issuer);
  const who = file.signer.name ?? signer?.subject ?? 'unnamed signer';
  return [
    {
      kind: 'securityMode', value: 'mixed', source,
      note: 'a CTL file is served; a cluster set back to non-secure may still serve its old CTL: confirm with ClusterSecurityMode if the CTL looks stale',
    },
    {
      kind: 'ctlSigner',
      value: etoken ? 'etoken' : 'tokenless',
      source,
      note: etoken
        ? `signed by eToken ${who}, issued by Cisco Manufacturing CA`
        : `signed by ${who}, issued by ${issuer || 'an unnamed issuer'}: the cluster's own key`,
    },
    {
      kind: 'ctlFile', value: { signer: who.slice(0, 2000), signedAt: file.timestamp }, source,
      note: 'the CTL file served: its signer and the time stamp it carries',
    },
  ];
}

/** The functions of the records that carry a TFTP server's CallManager certificate (the ITL lists every TFTP
 * server). */
export const TFTP_FUNCTION = /^(?:CCM\+TFTP|TFTP)$/i;

/** The TFTP servers an ITL lists, each once, in the file's order (not the phones' order: no file says that). */
function tftpServersFact(certificates: readonly DiscoveredCertificate[], source: FactSource): StateFact[] {
  const named = certificates.flatMap((c) => (TFTP_FUNCTION.test(c.function) && c.node !== null ? [c.node] : []));
  const servers = [...new Map(named.map((node) => [node.toLowerCase(), node])).values()];
  if (servers.length === 0) return [];
  return [
    {
      kind: 'tftpServers',
      value: servers.slice(0, 64),
      source,
      note: 'the TFTP servers the ITL lists (its CCM+TFTP and TFTP records); the order the phones use them in (DHCP option 150) is not in the file',
    },
  ];
}

function itlFacts(
  file: TlvFile,
  signer: DiscoveredCertificate | null,
  certificates: readonly DiscoveredCertificate[],
  source: FactSource,
): StateFact[] {
  const name = file.signer.name ?? signer?.subject ?? '';
  const cn = commonName(name) ?? name;
  const recovery = /^ITLRECOVERY/i.test(cn) || signer?.unit === 'ITLRecovery';
  return [
    {
      kind: 'itlSigner',
      value: recovery ? 'itlrecovery' : 'callmanager',
      source,
      note: recovery
        ? `signed by ${cn} (ITLRecovery)`
        : `signed by ${cn || 'an unnamed signer'} (the TFTP node's CallManager key: before 12.0, or after utils itl reset localkey until TFTP restarts)`,
    },
    ...tftpServersFact(certificates, source),
  ];
}

/**
 * Facts from one fetched or posted file. `nameHint` is the name it was fetched or posted under (ITLFile.tlv,
 * CTLFile.tlv), used when the header carries no file name; `detail` says where it came from (a URL, "posted").
 */
export function tlvFacts(data: Uint8Array, nameHint: string | null, detail: string): DiscoveredFacts {
  const read = readTlvFile(data);
  // Before the header is read, the name it was fetched or posted under is all that says ITL or CTL.
  const unknownKindSource: FactSource = {
    kind: nameHint !== null && /^CTL/i.test(nameHint.replace(/^.*\//, '')) ? 'ctl-file' : 'itl-file',
    detail,
  };
  if (!read.ok) {
    return {
      certificates: [],
      state: [],
      unread: [{ reason: read.reason, source: unknownKindSource, detail: `at byte ${read.offset}: ${read.detail}` }],
    };
  }
  const kind = tlvKindOf(read.file, nameHint);
  if (kind === null) {
    return {
      certificates: [],
      state: [],
      unread: [
        { reason: 'unknown-file-kind', source: unknownKindSource, detail: 'neither an ITL nor a CTL file by name' },
      ],
    };
  }
  const source: FactSource = { kind: kind === 'itl' ? 'itl-file' : 'ctl-file', detail };
  const outcomes = read.file.records.map((record) => recordCertificate(record, source));
  const certificates = outcomes.filter((o): o is DiscoveredCertificate => !isUnread(o));
  const unread = outcomes.filter(isUnread);
  if (read.file.skippedTags.length > 0) {
    unread.push({ reason: 'unknown-tag', source, detail: `record tags skipped: ${read.file.skippedTags.join(', ')}` });
  }
  const signer = signerRecord(read.file, certificates);
  const state =
    kind === 'ctl' ? ctlFacts(read.file, signer, source) : itlFacts(read.file, signer, certificates, source);
  return { certificates, state: [...state, signatureFact(data, read.file, source)], unread };
}

function signatureFact(data: Uint8Array, file: TlvFile, source: FactSource): StateFact {
  const check = verifyTlvSignature(data, file);
  const signer = `${file.signer.name ?? 'an unnamed signer'} (serial ${file.signer.serial ?? 'none'}, ${file.hashAlgorithm ?? 'no digest named'})`;
  const note =
    check.outcome === 'verified'
      ? `signed by ${signer}: the file is whole and signed by the key it carries (this proves no trust)`
      : check.outcome === 'mismatch'
        ? `the signature of ${signer} does not hold: the file was changed after signing or cut and patched; its facts are shown but check the file`
        : `not checked (${check.reason}): ${signer}`;
  return { kind: 'signature', value: check, source, note };
}
