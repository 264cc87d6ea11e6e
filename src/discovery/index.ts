// Discovery, the pure readers: what an ITL/CTL file, a pasted CLI output or a UDS answer tells about a cluster, as
// DiscoveredFacts (facts-schema.ts), and how those facts meet the inventory (merge-discovered.ts). No I/O here: the
// probes that fetch files and answers, the schedule and the tickets from discoveries stand on these.
export * from './facts-schema.js';
export {
  mergeDiscovered,
  type Conflict,
  type ConflictReason,
  type Filled,
  type MergeResult,
} from './merge-discovered.js';
export { readPasted, MAX_PASTE_CHARS } from './show/read-pasted.js';
export { compareCtlWithItl, type CtlAgeReason } from './tlv/stale-ctl.js';
export { readTlvFile, TLV_FAILURES, type TlvFailureReason, type TlvFile, type TlvRecord } from './tlv/read-tlv-file.js';
export { tlvFacts } from './tlv/tlv-facts.js';
export { readUdsServers, readUdsVersion } from './uds.js';
