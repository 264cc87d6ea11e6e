// `show version active`: `Active Master Version: 12.5.1.14900-63` (older releases print `Active Version:`).
import type { DiscoveredFacts, FactSource } from '../facts-schema.js';
import { linesOf, valueAfter } from './lines.js';

/** The inventory's version field takes a CUCM version that starts with its major number (cluster-schema.ts). */
const VERSION = /^\d{1,2}\.[0-9A-Za-z.()-]{1,37}$/;

export function readVersionActive(text: string, source: FactSource): DiscoveredFacts {
  for (const line of linesOf(text)) {
    const value = valueAfter(line, 'Active Master Version') ?? valueAfter(line, 'Active Version');
    if (value === null) continue;
    if (!VERSION.test(value)) {
      return { certificates: [], state: [], unread: [{ reason: 'bad-version', source, detail: value.slice(0, 60) }] };
    }
    return { certificates: [], state: [{ kind: 'version', value, source, note: 'active partition' }], unread: [] };
  }
  return {
    certificates: [],
    state: [],
    unread: [{ reason: 'nothing-read', source, detail: 'no "Active Master Version:" line' }],
  };
}
