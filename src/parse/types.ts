// The parser's public contract: what a caller passes in (context) and the three things a message can turn out to be.
import type { CertificateEvent } from '../domain/certificate-event.js';
import { isNodeName } from './node-name.js';

export interface ParseContext {
  /** Used when the timestamp has no year or is missing. */
  receivedAt: Date;
  /** IANA zone of a node from the inventory, for cut or missing zones. */
  zoneForNode?: (node: string) => string | undefined;
}

export type RejectReason = 'empty' | 'invalid-utf8' | 'binary' | 'oversized' | 'truncated' | 'malformed';

export type ParseOutcome =
  | { kind: 'certificate'; event: CertificateEvent }
  /** Well-formed traffic that is not a certificate alarm (OS syslog, other CiscoLog alarms, RTMT alerts without one). */
  | { kind: 'noise'; node: string | null; tag: string | null }
  | { kind: 'rejected'; reason: RejectReason; detail: string };

export type Rejection = Extract<ParseOutcome, { kind: 'rejected' }>;

export function rejected(reason: RejectReason, detail: string): Rejection {
  return { kind: 'rejected', reason, detail };
}

export function noise(node: string | null, tag: string | null): ParseOutcome {
  // Only plausible node names identify a sender (the quiet rule keys traffic by them).
  return { kind: 'noise', node: node !== null && isNodeName(node) ? node : null, tag };
}
