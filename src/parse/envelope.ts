// The syslog envelope in front of the CiscoLog tag: PRI, a relay's RFC 3164 / RFC 5424 header, CUCM's SEQ and host,
// and the CiscoLog timestamp. Read from the header text (everything before the tag); every part is optional.
import { findTimestampAtEnd, type CiscoLogTimestamp } from './ciscolog-timestamp.js';

export interface Envelope {
  pri: number | null;
  seq: number | null;
  /** CUCM's own host field as sent (often an FQDN), else null. */
  host: string | null;
  /** Host named by a relaying syslog server's header (RFC 3164 / 5424 / `host localN S :`), else null. */
  relayHost: string | null;
  /** RFC 5424 timestamp of a relay wrapper (ISO text), used only when the CiscoLog timestamp is absent. */
  relayTimestamp: string | null;
  timestamp: CiscoLogTimestamp | null;
}

const PRI = /^\s*<(\d{1,3})>/;
/** RFC 5424 header after the PRI: VERSION TIMESTAMP HOSTNAME APP PROCID MSGID SD, then an optional BOM. */
const RFC5424 = /^1 (\S{1,64}) (\S{1,255}) \S{1,48} \S{1,128} \S{1,32} (?:-|(?:\[(?:[^\]\\]|\\.){0,2048}\])+) ?\uFEFF?/;
const RFC3164_HEADER = /^([A-Z][a-z]{2}) {1,2}\d{1,2} \d{2}:\d{2}:\d{2} ([A-Za-z0-9][A-Za-z0-9._-]{0,254}) /;
/** CUCM's local-file / relay form `host local7 2 : ` (facility name and severity digit, then ' : '). */
const LOCAL_FACILITY = /(?:^|\s)([A-Za-z0-9][A-Za-z0-9._-]{0,254})\s+local\d{1,2}\s+\d\s*:\s*/;
/** What is left in front of the timestamp: `SEQ: HOST: `, `SEQ: HOST `, `SEQ: `, `HOST: ` or nothing. */
const SEQ_HOST_AT_END = /(?:(\d{1,10})\s*:\s*)?(?:(?!\d+\s*:?\s*$)([A-Za-z0-9][A-Za-z0-9._-]{0,254})\s*:?\s*)?$/;

export const MAX_HEADER_CHARS = 1024;
/** SEQ (10 digits) + host (255) + separators: bounds the end-anchored regex below on hostile headers. */
const MAX_SEQ_HOST_CHARS = 300;

export function parseEnvelope(header: string): Envelope {
  const env: Envelope = { pri: null, seq: null, host: null, relayHost: null, relayTimestamp: null, timestamp: null };
  let rest = header.length > MAX_HEADER_CHARS ? header.slice(header.length - MAX_HEADER_CHARS) : header;

  const ts = findTimestampAtEnd(rest);
  if (ts) {
    env.timestamp = ts.timestamp;
    rest = rest.slice(0, ts.start);
  }

  const pri = PRI.exec(rest);
  if (pri) {
    env.pri = Number(pri[1]);
    rest = rest.slice(pri[0].length);
    const r5424 = RFC5424.exec(rest);
    if (r5424) {
      env.relayTimestamp = r5424[1] === '-' ? null : (r5424[1] ?? null);
      env.relayHost = r5424[2] === '-' ? null : (r5424[2] ?? null);
      rest = rest.slice(r5424[0].length);
      // The wrapped message usually keeps CUCM's own <PRI>: the inner one is the node's, so it wins.
      const inner = PRI.exec(rest);
      if (inner) {
        env.pri = Number(inner[1]);
        rest = rest.slice(inner[0].length);
      }
    }
  }
  const r3164 = RFC3164_HEADER.exec(rest);
  if (r3164) {
    env.relayHost = r3164[2] ?? null;
    rest = rest.slice(r3164[0].length);
  }
  const local = LOCAL_FACILITY.exec(rest);
  if (local) {
    env.relayHost ??= local[1] ?? null;
    rest = rest.slice(local.index + local[0].length);
  }
  const tail = SEQ_HOST_AT_END.exec(rest.length > MAX_SEQ_HOST_CHARS ? rest.slice(rest.length - MAX_SEQ_HOST_CHARS) : rest);
  if (tail) {
    if (tail[1] !== undefined) env.seq = Number(tail[1]);
    if (tail[2] !== undefined) env.host = tail[2];
  }
  return env;
}
