// Cheap node extraction for noise ("other traffic from node X"): runs on every message, so it looks for NodeID
// with Buffer.lastIndexOf (the last one is the sender's, also in RTMT alerts that quote another node's line) and
// only falls back to reading the envelope's host from the first bytes.
import { parseEnvelope } from './envelope.js';
import { isNodeName, shortHostName } from './node-name.js';

const MAX_NODE_BYTES = 255;
const HEADER_SNIFF_BYTES = 256;

const BRACKET_LABELS = ['NodeID=', 'Node ID=', 'NodeId='].map((l) => Buffer.from(l, 'latin1'));
const LEGACY_LABEL = Buffer.from(' Node ID:', 'latin1');
const CLOSE_BRACKET = 0x5d;

function view(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function valid(value: string): string | null {
  const v = value.trim();
  return v !== '' && isNodeName(v) ? v : null;
}

/** Node of a message from its raw bytes: NodeID, else legacy `Node ID:`, else the envelope host (short name). */
export function sniffNode(bytes: Uint8Array): string | null {
  const buf = view(bytes);
  for (const label of BRACKET_LABELS) {
    const at = buf.lastIndexOf(label);
    if (at < 0) continue;
    const start = at + label.length;
    const close = buf.indexOf(CLOSE_BRACKET, start);
    const end = close < 0 ? Math.min(buf.length, start + MAX_NODE_BYTES) : Math.min(close, start + MAX_NODE_BYTES);
    const node = valid(buf.toString('latin1', start, end));
    if (node) return node;
  }
  const legacy = buf.lastIndexOf(LEGACY_LABEL);
  if (legacy >= 0) {
    const start = legacy + LEGACY_LABEL.length;
    const token = buf.toString('latin1', start, Math.min(buf.length, start + MAX_NODE_BYTES)).trim().split(/[\s|\]]/, 1)[0] ?? '';
    const node = valid(token);
    if (node) return node;
  }
  return hostFromHeader(buf.toString('latin1', 0, Math.min(buf.length, HEADER_SNIFF_BYTES)));
}

/** Same as sniffNode, for text already decoded (the parser's noise path). */
export function sniffNodeText(text: string, headerEnd?: number): string | null {
  for (const label of ['NodeID=', 'Node ID=', 'NodeId=']) {
    const at = text.lastIndexOf(label);
    if (at < 0) continue;
    const start = at + label.length;
    const close = text.indexOf(']', start);
    const node = valid(text.slice(start, close < 0 ? Math.min(text.length, start + MAX_NODE_BYTES) : Math.min(close, start + MAX_NODE_BYTES)));
    if (node) return node;
  }
  const legacy = text.lastIndexOf(' Node ID:');
  if (legacy >= 0) {
    const token = text.slice(legacy + 9, legacy + 9 + MAX_NODE_BYTES).trim().split(/[\s|\]]/, 1)[0] ?? '';
    const node = valid(token);
    if (node) return node;
  }
  return hostFromHeader(text.slice(0, Math.min(headerEnd ?? HEADER_SNIFF_BYTES, HEADER_SNIFF_BYTES)));
}

/** Host of a plain syslog header (`<14>Mar 18 16:40:52 cucm01 crond[9538]: ...`) or a CiscoLog one, short form. */
function hostFromHeader(head: string): string | null {
  const tag = head.search(/%(?:UC|CCM)_/);
  if (tag >= 0) {
    const env = parseEnvelope(head.slice(0, tag));
    const host = env.host ?? env.relayHost;
    return host !== null && isNodeName(host) ? shortHostName(host) : null;
  }
  // A CiscoLog header cut before its tag: `<PRI>SEQ: HOST: ...`.
  const cisco = /^<\d{1,3}>\d{1,10}: ([A-Za-z0-9][A-Za-z0-9._-]{0,254}): /.exec(head);
  if (cisco?.[1] && isNodeName(cisco[1])) return shortHostName(cisco[1]);
  // Plain RFC 3164: `<PRI>Mmm dd hh:mm:ss HOST prog[pid]: ...`.
  const m = /^(?:<\d{1,3}>)?(?:1 \S+ )?[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} ([A-Za-z0-9][A-Za-z0-9._-]{0,254}) /.exec(head);
  if (m?.[1] && isNodeName(m[1])) return shortHostName(m[1]);
  const r5424 = /^<\d{1,3}>1 \S+ ([A-Za-z0-9][A-Za-z0-9._-]{0,254}) /.exec(head);
  if (r5424?.[1] && isNodeName(r5424[1])) return shortHostName(r5424[1]);
  return null;
}
