// `show cert own <unit>/<file>`: one certificate's fields as the CLI prints them (Serial Number, Issuer Name,
// Validity From / To, Subject Name, Key). When the paste carries the PEM too, Node's parser reads it instead: exact.
import { commonName, normalizeSerial, readCertificate, type CertificateFields } from '../certificate-fields.js';
import type { DiscoveredFacts, FactSource } from '../facts-schema.js';
import { certificateFileOf, nodeFromSubjectCn, unitFromName } from '../units.js';
import { readJavaDate } from './java-date.js';
import { linesOf, valueAfter } from './lines.js';

const PEM = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]{1,20000}?)-----END CERTIFICATE-----/;

function fromPem(text: string): CertificateFields | null {
  const match = PEM.exec(text);
  if (!match) return null;
  const read = readCertificate(Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64'));
  return read.ok ? read.fields : null;
}

/** The CLI text may lack a readable start date; the end date is what discovery is for. */
type ShownFields = Omit<CertificateFields, 'notBefore'> & { notBefore: string | null };
type FieldsRead = { ok: true; fields: ShownFields } | { ok: false; reason: string; detail: string };

function fromText(text: string): FieldsRead {
  let serial: string | null = null;
  let issuer: string | null = null;
  let subject: string | null = null;
  let from: string | null = null;
  let to: string | null = null;
  let keyType: CertificateFields['keyType'] = 'unknown';
  for (const line of linesOf(text)) {
    serial ??= valueAfter(line, 'Serial Number');
    issuer ??= valueAfter(line, 'Issuer Name');
    subject ??= valueAfter(line, 'Subject Name');
    from ??= valueAfter(line, 'Validity From');
    to ??= valueAfter(line, 'To');
    const key = valueAfter(line, 'Key');
    if (key !== null) keyType = /^RSA/i.test(key) ? 'RSA' : /^EC/i.test(key) ? 'EC' : 'unknown';
  }
  if (serial === null || to === null || subject === null) {
    return {
      ok: false,
      reason: 'missing-field',
      detail: `no ${serial === null ? 'Serial Number' : to === null ? 'validity end (To:)' : 'Subject Name'}`,
    };
  }
  const end = readJavaDate(to);
  if (!end.ok) return { ok: false, reason: end.reason, detail: `To: ${end.detail}` };
  const start = from === null ? null : readJavaDate(from);
  return {
    ok: true,
    fields: {
      subject, issuer: issuer ?? '', serial: normalizeSerial(serial), notBefore: start?.ok ? start.iso : null,
      notAfter: end.iso, keyType,
    },
  };
}

/** `unitAndFile` is the command's argument (`tomcat/tomcat.pem`); the dispatcher takes it from the prompt line. */
export function readCertOwn(text: string, unitAndFile: string, source: FactSource): DiscoveredFacts {
  const [unitText = '', file = ''] = unitAndFile.split('/');
  const unit = unitFromName(unitText);
  const pem = fromPem(text);
  const read: FieldsRead = pem ? { ok: true, fields: pem } : fromText(text);
  if (!read.ok) return { certificates: [], state: [], unread: [{ reason: read.reason, source, detail: read.detail }] };
  const fields = read.fields;
  return {
    certificates: [{
      node: nodeFromSubjectCn(unit, commonName(fields.subject)),
      unit,
      function: unitText,
      certificate: file || (unit === null ? null : certificateFileOf(unit)),
      subject: fields.subject.slice(0, 2000),
      issuer: fields.issuer.slice(0, 2000),
      serial: fields.serial.slice(0, 128),
      notBefore: fields.notBefore,
      notAfter: fields.notAfter,
      keyType: fields.keyType,
      source,
    }],
    state: [],
    unread: unit === null ? [{ reason: 'unknown-unit', source, detail: unitText.slice(0, 60) }] : [],
  };
}

