// How a probe ends: facts, or a named failure with a detail a person can follow. Probes never throw: a failed probe
// is counted and shown by the runner, never fatal to the others (issue 12, Schedule).
import type { DiscoveredFacts } from '../facts-schema.js';

/**
 * - `timeout`: no complete answer within the probe's limit; `refused`: nothing listens on the port;
 * - `unreachable`: no route, or the name does not resolve; `reset`: the peer closed before answering;
 * - `http-status`: an HTTP answer other than 200 (the status is in the detail); `too-large`: the body exceeds the cap;
 * - `not-tls`: the peer does not speak TLS; `handshake-failed`: it does, but no handshake completed (no common
 *   algorithm, say, for an ECDSA-only offer to an RSA-only service);
 * - `no-certificate`, `bad-certificate`: the handshake gave no certificate, or one Node cannot read;
 * - `not-readable-by-probe`: the service asks for a client certificate and closed before its own could be read;
 * - and the readers' own reasons (`truncated`, `not-a-tlv`, `not-uds`, ...) when an answer came but could not be read.
 */
export const PROBE_FAILURES = [
  'timeout', 'refused', 'unreachable', 'reset', 'http-status', 'too-large', 'not-tls', 'handshake-failed',
  'no-certificate', 'bad-certificate', 'not-readable-by-probe',
] as const;
export type ProbeFailure = (typeof PROBE_FAILURES)[number];

export type ProbeOutcome =
  | { ok: true; facts: DiscoveredFacts; detail: string }
  /** `reason` is a ProbeFailure or a reader's named failure (TlvFailureReason, a UDS reason). */
  | { ok: false; reason: string; detail: string };

export const failed = (reason: string, detail: string): ProbeOutcome => ({
  ok: false,
  reason,
  detail: detail.slice(0, 300),
});

/** A socket error, named: Node's error codes and OpenSSL's reasons (the TLS ones say the peer spoke no TLS). */
export function failureOf(error: unknown): { reason: ProbeFailure; detail: string } {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const detail = `${code ? `${code}: ` : ''}${message}`.slice(0, 300);
  if (code === 'ECONNREFUSED') return { reason: 'refused', detail };
  if (code === 'ETIMEDOUT') return { reason: 'timeout', detail };
  if (['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) {
    return { reason: 'unreachable', detail };
  }
  if (
    /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|UNKNOWN_PROTOCOL|RECORD_LAYER|HTTP_REQUEST|wrong version number|packet length too long/i.test(
      `${code} ${message}`,
    )
  ) {
    return { reason: 'not-tls', detail };
  }
  if (code.startsWith('ERR_SSL_') || /alert|handshake/i.test(message)) return { reason: 'handshake-failed', detail };
  return { reason: 'reset', detail };
}
