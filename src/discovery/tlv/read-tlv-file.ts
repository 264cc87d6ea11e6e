// Reads the bytes of an ITLFile.tlv or CTLFile.tlv into its header and records. Pure and bounded: every length is
// checked against the bytes that remain, a failure is a named reason with the offset where it was found, never a
// throw. Where the signature item lies is kept so verify-signature.ts can check it; reading does not depend on it.
import { CONTAINER_TAGS, FUNCTION_NAMES, HASH_ALGORITHMS, HEADER_TAG, RECORD_TAG } from './tags.js';

/** ITL and CTL files are tens of kilobytes; a megabyte is no file of this kind. */
export const MAX_TLV_FILE_BYTES = 1024 * 1024;
/** Names in the files are short; longer text is cut so a hostile file cannot make big facts. */
const MAX_TEXT = 1000;

export interface TlvSigner {
  name: string | null;
  /** Lower-case hex as stored (leading zero bytes kept). */
  serial: string | null;
  issuer: string | null;
}

export interface TlvRecord {
  /** 1-based, as `show itl` numbers them. */
  index: number;
  offset: number;
  /** SAST, CCM, CCM+TFTP, TFTP, CAPF, APP-SERVER, TVS, or `function-<n>` for a code this reader does not name. */
  function: string | null;
  dnsName: string | null;
  subjectName: string | null;
  issuerName: string | null;
  serial: string | null;
  ipAddress: string | null;
  certificate: Uint8Array | null;
}

export interface TlvFile {
  /** HEADERVERSION, e.g. "1.2". */
  version: string;
  headerLength: number;
  signer: TlvSigner;
  signerVersion: string | null;
  hashAlgorithm: string | null;
  /** The SIGNATURE item: where its tag starts and its value's length (the signed part is the file without it). */
  signature: { offset: number; length: number } | null;
  fileName: string | null;
  /** TIMESTAMP (seconds since 1970, UTC) as ISO. */
  timestamp: string | null;
  records: TlvRecord[];
  /** Record tags this reader does not know, skipped inside their record's bounds (a newer CUCM may add some). */
  skippedTags: number[];
}

export const TLV_FAILURES = [
  'empty',
  'oversized',
  'not-a-tlv',
  'truncated',
  'bad-length',
  'unknown-tag',
  'bad-record',
  'missing-field',
] as const;
export type TlvFailureReason = (typeof TLV_FAILURES)[number];

export type TlvRead =
  { ok: true; file: TlvFile } | { ok: false; reason: TlvFailureReason; offset: number; detail: string };

class TlvError {
  constructor(readonly reason: TlvFailureReason, readonly offset: number, readonly detail: string) {}
}

const decoder = new TextDecoder('utf-8');

/** A NUL-terminated string field, without its terminator, cut to MAX_TEXT characters. */
function text(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end -= 1;
  return decoder.decode(bytes.subarray(0, end)).slice(0, MAX_TEXT);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function ipAddress(bytes: Uint8Array): string | null {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length === 0 || bytes.every((b) => b === 0)) return null;
  const printable = text(bytes);
  return /^[0-9A-Fa-f:.]+$/.test(printable) ? printable : hex(bytes);
}

/** One item at `at`: its tag, the start of its value and its length; fails when the item runs past `end`. */
function item(data: Uint8Array, at: number, end: number): { tag: number; value: number; length: number } {
  if (at + 3 > end) throw new TlvError(end < data.length ? 'bad-length' : 'truncated', at, 'item header cut');
  const tag = data[at] ?? 0;
  const length = ((data[at + 1] ?? 0) << 8) | (data[at + 2] ?? 0);
  if (at + 3 + length > end) {
    throw new TlvError(
      end < data.length || at + 3 + length <= data.length ? 'bad-length' : 'truncated',
      at,
      `tag ${tag} length ${length} runs past ${end}`,
    );
  }
  return { tag, value: at + 3, length };
}

function fixed(length: number, wanted: number, at: number, what: string): void {
  if (length !== wanted) throw new TlvError('bad-length', at, `${what} is ${length} bytes, not ${wanted}`);
}

const u16 = (data: Uint8Array, at: number) => ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);

function readHeader(data: Uint8Array): { file: Omit<TlvFile, 'records' | 'skippedTags'> } {
  const first = data[0];
  if (first !== HEADER_TAG.version) {
    throw new TlvError('not-a-tlv', 0, `first tag ${first ?? 'none'} is not HEADERVERSION`);
  }
  const version = item(data, 0, data.length);
  if (version.length !== 2) throw new TlvError('not-a-tlv', 0, `HEADERVERSION is ${version.length} bytes`);
  const lengthItem = item(data, version.value + version.length, data.length);
  if (lengthItem.tag !== HEADER_TAG.headerLength) {
    throw new TlvError('not-a-tlv', version.value + 2, `second tag ${lengthItem.tag} is not HEADERLENGTH`);
  }
  fixed(lengthItem.length, 2, version.value + 2, 'HEADERLENGTH');
  const headerLength = u16(data, lengthItem.value);
  const afterLength = lengthItem.value + 2;
  if (headerLength < afterLength) {
    throw new TlvError('bad-length', lengthItem.value, `header length ${headerLength} is shorter than its first items`);
  }
  if (headerLength > data.length) {
    throw new TlvError('truncated', lengthItem.value, `header length ${headerLength} exceeds the ${data.length} bytes`);
  }

  const signer: TlvSigner = { name: null, serial: null, issuer: null };
  let signerVersion: string | null = null;
  let hashAlgorithm: string | null = null;
  let signature: TlvFile['signature'] = null;
  let fileName: string | null = null;
  let timestamp: string | null = null;
  let at = afterLength;
  while (at < headerLength) {
    if (data[at] === HEADER_TAG.padding) {
      at += 1;
      continue;
    }
    const { tag, value, length } = item(data, at, headerLength);
    if (CONTAINER_TAGS.has(tag)) {
      // A container's items follow inside it; its length is not skipped (certutils reads it the same way).
      at = value;
      continue;
    }
    const bytes = data.subarray(value, value + length);
    switch (tag) {
      case HEADER_TAG.signerName: signer.name = text(bytes); break;
      case HEADER_TAG.serialNumber: signer.serial = hex(bytes); break;
      case HEADER_TAG.issuerName: signer.issuer = text(bytes); break;
      case HEADER_TAG.hashAlgorithm:
        fixed(length, 1, at, 'DIGESTALGORITHM');
        hashAlgorithm = HASH_ALGORITHMS[bytes[0] ?? 0] ?? `hash-${bytes[0]}`;
        break;
      case HEADER_TAG.signatureAlgorithm:
      case HEADER_TAG.signatureModulus:
        break;
      case HEADER_TAG.signature: signature = { offset: at, length }; break;
      case HEADER_TAG.fileName: fileName = text(bytes); break;
      case HEADER_TAG.timestamp:
        fixed(length, 4, at, 'TIMESTAMP');
        timestamp = new Date(Buffer.from(bytes).readUInt32BE(0) * 1000).toISOString();
        break;
      case HEADER_TAG.signerVersion:
        fixed(length, 2, at, 'SIGNERVERSION');
        signerVersion = `${bytes[0]}.${bytes[1]}`;
        break;
      default:
        // Unlike a record, the header has containers: an unknown tag could hide items, so the file is not read.
        throw new TlvError('unknown-tag', at, `header tag ${tag}`);
    }
    at = value + length;
  }
  if (signer.serial === null) {
    throw new TlvError('missing-field', headerLength, 'the header names no signer serial number');
  }
  return {
    file: {
      version: `${data[version.value]}.${data[version.value + 1]}`,
      headerLength, signer, signerVersion, hashAlgorithm, signature, fileName, timestamp,
    },
  };
}

function readRecord(
  data: Uint8Array,
  start: number,
  index: number,
  skippedTags: number[],
): { record: TlvRecord; end: number } {
  const head = item(data, start, data.length);
  if (head.tag !== RECORD_TAG.recordLength) {
    throw new TlvError('bad-record', start, `record ${index} starts with tag ${head.tag}, not RECORDLENGTH`);
  }
  fixed(head.length, 2, start, 'RECORDLENGTH');
  const recordLength = u16(data, head.value);
  const end = start + recordLength;
  if (recordLength < 5) throw new TlvError('bad-length', start, `record ${index} length ${recordLength}`);
  if (end > data.length) {
    throw new TlvError('truncated', start, `record ${index} needs ${recordLength} bytes, ${data.length - start} left`);
  }
  const record: TlvRecord = {
    index,
    offset: start,
    function: null,
    dnsName: null,
    subjectName: null,
    issuerName: null,
    serial: null,
    ipAddress: null,
    certificate: null,
  };
  for (let at = head.value + 2; at < end;) {
    const { tag, value, length } = item(data, at, end);
    const bytes = data.subarray(value, value + length);
    switch (tag) {
      case RECORD_TAG.dnsName: record.dnsName = text(bytes) || null; break;
      case RECORD_TAG.subjectName: record.subjectName = text(bytes); break;
      case RECORD_TAG.function: {
        fixed(length, 2, at, 'FUNCTION');
        const code = u16(data, value);
        record.function = FUNCTION_NAMES[code] ?? `function-${code}`;
        break;
      }
      case RECORD_TAG.issuerName: record.issuerName = text(bytes); break;
      case RECORD_TAG.serialNumber: record.serial = hex(bytes); break;
      case RECORD_TAG.certificate: record.certificate = bytes; break;
      case RECORD_TAG.ipAddress: record.ipAddress = ipAddress(bytes); break;
      case RECORD_TAG.publicKey:
      case RECORD_TAG.signature:
      case RECORD_TAG.certificateHash:
      case RECORD_TAG.hashAlgorithm:
        break;
      default:
        if (!skippedTags.includes(tag)) skippedTags.push(tag);
    }
    at = value + length;
  }
  return { record, end };
}

/** Reads a whole ITL or CTL file; `ok: false` names what is wrong and where. */
export function readTlvFile(data: Uint8Array): TlvRead {
  if (data.length === 0) return { ok: false, reason: 'empty', offset: 0, detail: 'no bytes' };
  if (data.length > MAX_TLV_FILE_BYTES) {
    return { ok: false, reason: 'oversized', offset: MAX_TLV_FILE_BYTES, detail: `${data.length} bytes` };
  }
  try {
    const { file } = readHeader(data);
    const records: TlvRecord[] = [];
    const skippedTags: number[] = [];
    for (let at = file.headerLength; at < data.length;) {
      const { record, end } = readRecord(data, at, records.length + 1, skippedTags);
      records.push(record);
      at = end;
    }
    return { ok: true, file: { ...file, records, skippedTags } };
  } catch (error) {
    if (error instanceof TlvError) {
      return { ok: false, reason: error.reason, offset: error.offset, detail: error.detail };
    }
    throw error;
  }
}
