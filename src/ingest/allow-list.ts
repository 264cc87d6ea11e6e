// Source-address allow-list for the syslog listeners (`SYSLOG_ALLOW`): parsing and the per-address decision.
import { BlockList, isIP } from 'node:net';

export type AllowDecision =
  | { allowed: true; reason: 'allow-all' }
  | { allowed: true; reason: 'matched' }
  | { allowed: false; reason: 'not-allowed' };

export interface AllowList {
  /** Normalised rules as given (`10.0.0.0/8`, `::1`), for logs. Empty means every source is allowed. */
  readonly rules: readonly string[];
  check(address: string | undefined): AllowDecision;
}

export class AllowListError extends Error {
  constructor(readonly invalidEntries: readonly string[]) {
    super(`invalid SYSLOG_ALLOW entr${invalidEntries.length === 1 ? 'y' : 'ies'}: ${invalidEntries.map((e) => JSON.stringify(e)).join(', ')} `
      + '(expected comma-separated IPv4/IPv6 addresses or CIDRs such as 10.0.0.0/8, 192.0.2.7, 2001:db8::/32)');
    this.name = 'AllowListError';
  }
}

/** Adds one entry to the list; returns false when the entry is not an address or a CIDR. */
function addRule(list: BlockList, entry: string): boolean {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  try {
    if (slash === -1) {
      list.addAddress(address, type);
      return true;
    }
    const prefixText = entry.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return false;
    const prefix = Number(prefixText);
    if (prefix > (family === 4 ? 32 : 128)) return false;
    list.addSubnet(address, prefix, type);
    return true;
  } catch {
    return false; // e.g. an IPv6 zone id BlockList refuses
  }
}

/**
 * Parses a `SYSLOG_ALLOW`-style list: addresses and CIDRs separated by commas (whitespace tolerated), empty = allow
 * all. IPv4-mapped IPv6 sources (`::ffff:10.1.2.3`, what a dual-stack socket reports) match IPv4 rules and vice
 * versa (node's BlockList does that mapping). Throws AllowListError naming every bad entry, so a typo fails at start.
 */
export function parseAllowList(spec: string | readonly string[] | undefined): AllowList {
  const entries = (typeof spec === 'string' ? spec.split(/[\s,]+/) : [...(spec ?? [])].flatMap((s) => s.split(/[\s,]+/)))
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  const list = new BlockList();
  const invalid = entries.filter((entry) => !addRule(list, entry));
  if (invalid.length > 0) throw new AllowListError(invalid);
  const rules = Object.freeze(entries);
  if (rules.length === 0) return { rules, check: () => ({ allowed: true, reason: 'allow-all' }) };
  return {
    rules,
    check(address) {
      const family = address === undefined ? 0 : isIP(address);
      if (family === 0) return { allowed: false, reason: 'not-allowed' };
      return list.check(address!, family === 4 ? 'ipv4' : 'ipv6')
        ? { allowed: true, reason: 'matched' }
        : { allowed: false, reason: 'not-allowed' };
    },
  };
}
