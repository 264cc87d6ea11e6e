// Syntax checks for host names, IP addresses and CIDR blocks used in the config and the cluster inventory.
import { BlockList, isIP } from 'node:net';

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

/** A DNS host name (short or fully qualified); underscores tolerated because lab hosts use them. */
export function isHostName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = text.endsWith('.') ? text.slice(0, -1).split('.') : text.split('.');
  // An all-numeric dotted name is a mistyped IPv4 address, not a host name.
  if (labels.every((label) => /^\d+$/.test(label))) return false;
  return labels.every((label) => HOST_LABEL.test(label));
}

export function isIpAddress(text: string): boolean {
  return isIP(text) !== 0;
}

export function isHostOrIp(text: string): boolean {
  return isIpAddress(text) || isHostName(text);
}

/** Checks `10.0.0.0/8`, `2001:db8::/32` or a bare address; returns null when valid, else the reason. */
export function ipOrCidrProblem(text: string): string | null {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return 'is not an IP address or CIDR block';
  if (slash === -1) return null;
  const prefixText = text.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return `has a prefix length outside 0..${max}`;
  // BlockList is what ingest will match with; make sure it accepts exactly what we accept.
  try {
    new BlockList().addSubnet(address, Number(prefixText), family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return 'is not a valid CIDR block';
  }
  return null;
}
