// The tags of Cisco's ITL/CTL TLV files (ITLFile.tlv, CTLFile.tlv) and the record functions. Each item is a one-byte
// tag, a two-byte big-endian length and the value; the header's padding tag is a single byte without a length.
// Facts from the public description in usecallmanagernz/certutils (`tlvfile`) and the field names Cisco's `show itl`
// / `show ctl` print (HEADERVERSION, SIGNERNAME, FUNCTION, ...); see test/fixtures/discovery/README.md.

export const HEADER_TAG = {
  version: 1,
  headerLength: 2,
  /** Containers: their items follow as the next tags, inside the header. */
  signerInfo: 3,
  signerName: 4,
  serialNumber: 5,
  issuerName: 6,
  signatureInfo: 7,
  hashAlgorithm: 8,
  signatureAlgorithmInfo: 9,
  signatureAlgorithm: 10,
  signatureModulus: 11,
  signature: 12,
  padding: 13,
  fileName: 14,
  timestamp: 15,
  signerVersion: 28,
} as const;

export const CONTAINER_TAGS: ReadonlySet<number> = new Set([
  HEADER_TAG.signerInfo,
  HEADER_TAG.signatureInfo,
  HEADER_TAG.signatureAlgorithmInfo,
]);

export const RECORD_TAG = {
  recordLength: 1,
  dnsName: 2,
  subjectName: 3,
  function: 4,
  issuerName: 5,
  serialNumber: 6,
  publicKey: 7,
  signature: 8,
  certificate: 9,
  ipAddress: 10,
  certificateHash: 11,
  hashAlgorithm: 12,
} as const;

/** Record functions (`FUNCTION` in `show itl`): SAST is the System Administrator Security Token role. */
export const FUNCTION_NAMES: Readonly<Record<number, string>> = {
  0: 'SAST',
  1: 'CCM',
  2: 'CCM+TFTP',
  3: 'TFTP',
  4: 'CAPF',
  7: 'APP-SERVER',
  21: 'TVS',
};

export const HASH_ALGORITHMS: Readonly<Record<number, string>> = { 1: 'SHA1', 2: 'SHA256', 3: 'SHA512' };
