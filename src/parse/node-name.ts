// What counts as a node name (CUCM's NodeID is the node's short host name) and how a host field becomes one.

const NODE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9_])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** A plausible host/node name: letters, digits, '.', '-', '_'; no markup, spaces or control characters. */
export function isNodeName(value: string): boolean {
  return NODE_NAME.test(value);
}

/** `CUCM02.localdomain` -> `CUCM02`; IP addresses are kept whole; case is kept as sent. */
export function shortHostName(host: string): string {
  if (IPV4.test(host)) return host;
  const dot = host.indexOf('.');
  return dot > 0 ? host.slice(0, dot) : host;
}

/** The node name a host field stands for, or null when its short name is not a plausible node name (`cucm-.x`). */
export function nodeFromHost(host: string | null): string | null {
  if (host === null) return null;
  const short = shortHostName(host);
  return isNodeName(short) ? short : null;
}
