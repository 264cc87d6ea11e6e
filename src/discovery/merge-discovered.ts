// Discovered facts against the inventory (issue 12, State): a fact fills what the inventory leaves `unknown`, with its
// source and the time; a fact that contradicts the inventory, or another source, is listed as a conflict and never
// applied. Pure: the caller stores the fills and shows the conflicts in the API and the plan.
import type { ClusterNode, ClusterState } from '../domain/cluster.js';
import {
  isFileFact,
  type DiscoveredFacts,
  type DiscoveredNode,
  type FactSource,
  type InventoryFact,
} from './facts-schema.js';

export type MergeField = InventoryFact['kind'];

/**
 * What a fill would set; `signing` is one unit's entry of the inventory's `signing` map. `tftpServers` is the set of
 * servers the ITL lists, named and ordered as the inventory's nodes are: `order: 'unknown'` says that this order is
 * not the phones' (option 150), which discovery cannot know.
 */
export type FilledValue =
  | { field: 'securityMode'; value: 'non-secure' | 'mixed' }
  | { field: 'ctlSigner'; value: 'tokenless' | 'etoken' }
  | { field: 'itlSigner'; value: 'callmanager' | 'itlrecovery' }
  | { field: 'version'; value: string }
  | { field: 'tftpServers'; value: string[]; order: 'unknown' }
  | { field: 'nodes'; value: ClusterNode[] }
  | { field: 'signing'; value: { unit: string; signing: 'self-signed' | 'ca-signed' } };

export type Filled = FilledValue & { source: FactSource; note: string; at: string };

/**
 * - `differs-from-inventory`: the inventory knows a value and a source says another;
 * - `sources-disagree`: the inventory does not know, and two sources say different things (nothing is filled);
 * - `node-not-in-inventory`: a source names a node the inventory does not list.
 */
export type ConflictReason = 'differs-from-inventory' | 'sources-disagree' | 'node-not-in-inventory';

export interface Conflict {
  field: MergeField;
  reason: ConflictReason;
  inventory: unknown;
  discovered: unknown;
  source: FactSource;
  note: string;
}

export interface MergeResult {
  filled: Filled[];
  conflicts: Conflict[];
}

/** Major and (when given) minor of a CUCM version: `12.5(1)SU6`, `12.5.1.16900-48` -> 12, 5; `14SU2` -> 14, null. */
function majorMinor(version: string): { major: number; minor: number | null } | null {
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?/.exec(version.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: match[2] === undefined ? null : Number(match[2]) };
}

/** Same release as far as both spellings say: the inventory's `12.5(1)SU6` and the CLI's `12.5.1.16900-48` agree. */
function sameVersion(a: string, b: string): boolean {
  const x = majorMinor(a);
  const y = majorMinor(b);
  if (!x || !y) return a.trim() === b.trim();
  return x.major === y.major && (x.minor === null || y.minor === null || x.minor === y.minor);
}

const key = (value: unknown) => JSON.stringify(value);

/** TFTP servers compare as sets: the inventory's order is the phones', a discovered list has none. */
const sameSet = (a: readonly string[], b: readonly string[]) =>
  key(a.map((s) => s.toLowerCase()).sort()) === key(b.map((s) => s.toLowerCase()).sort());

function sameValue(field: MergeField, a: unknown, b: unknown): boolean {
  if (field === 'version') return sameVersion(String(a), String(b));
  if (field === 'tftpServers') return sameSet(a as string[], b as string[]);
  if (field === 'signing') return key(a) === key(b);
  return a === b;
}

/** The inventory's value for a fact, or 'unknown'; `signing` looks up the fact's unit. */
function inventoryValue(cluster: ClusterState, fact: InventoryFact): unknown {
  switch (fact.kind) {
    case 'signing': return cluster.signing[fact.value.unit] ?? 'unknown';
    case 'nodes': return cluster.nodes.length === 0 ? 'unknown' : cluster.nodes;
    default: return cluster[fact.kind];
  }
}

/** The inventory's multi-SAN is CA-signed (or, from 14, self-signed) for all nodes at once: no contradiction. */
function agreesWithInventory(fact: InventoryFact, inventory: unknown): boolean {
  if (fact.kind === 'signing') return inventory === fact.value.signing || inventory === 'multi-san';
  return sameValue(fact.kind, inventory, fact.value);
}

const namesOf = (node: { name: string; addresses: readonly string[] }) =>
  [node.name, ...node.addresses].map((n) => n.toLowerCase());

/**
 * Discovered TFTP servers in the inventory's terms: each named as its inventory node (by name, address or short name),
 * in the inventory's node order, then those no node answers to, as the source named them; each once.
 */
function inInventoryTerms(cluster: ClusterState, fact: InventoryFact): InventoryFact {
  if (fact.kind !== 'tftpServers') return fact;
  const nodeOf = (server: string) => {
    const wanted = server.toLowerCase();
    return cluster.nodes.find((node) =>
      namesOf(node).some((name) => name === wanted || name === wanted.split('.')[0] || name.split('.')[0] === wanted),
    );
  };
  const matched = new Set(fact.value.flatMap((server) => nodeOf(server)?.name ?? []));
  const unmatched = [
    ...new Map(fact.value.filter((server) => !nodeOf(server)).map((server) => [server.toLowerCase(), server])).values(),
  ];
  return {
    ...fact,
    value: [...cluster.nodes.map((node) => node.name).filter((name) => matched.has(name)), ...unmatched],
  };
}

function asInventoryNodes(nodes: readonly DiscoveredNode[]): ClusterNode[] {
  return nodes.map((node) => ({ name: node.name, addresses: [...node.addresses], roles: [...node.roles] }));
}

/** Discovered nodes that no inventory node answers to (by name or address). */
function nodeConflicts(cluster: ClusterState, fact: Extract<InventoryFact, { kind: 'nodes' }>): Conflict[] {
  const known = new Set(cluster.nodes.flatMap(namesOf));
  return fact.value
    .filter((node) => !namesOf(node).some((name) => known.has(name) || known.has(name.split('.')[0] ?? name)))
    .map((node) => ({
      field: 'nodes' as const,
      reason: 'node-not-in-inventory' as const,
      inventory: cluster.nodes.map((n) => n.name),
      discovered: node,
      source: fact.source,
      note: `${node.name} is reported by ${fact.source.detail} but not listed in the inventory`,
    }));
}

/** Groups facts that speak of the same item (one signing unit is one item). */
function itemKey(fact: InventoryFact): string {
  return fact.kind === 'signing' ? `signing:${fact.value.unit}` : fact.kind;
}

export function mergeDiscovered(cluster: ClusterState, facts: DiscoveredFacts, now: Date): MergeResult {
  const filled: Filled[] = [];
  const conflicts: Conflict[] = [];
  const groups = new Map<string, InventoryFact[]>();
  for (const read of facts.state) {
    // A file's signature, the CTL served and a stale one are no inventory items: shown with the facts (store.ts).
    if (isFileFact(read)) continue;
    const fact = inInventoryTerms(cluster, read);
    groups.set(itemKey(fact), [...(groups.get(itemKey(fact)) ?? []), fact]);
  }

  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const inventory = inventoryValue(cluster, first);
    if (first.kind === 'nodes' && inventory !== 'unknown') {
      for (const fact of group) if (fact.kind === 'nodes') conflicts.push(...nodeConflicts(cluster, fact));
      continue;
    }
    if (inventory !== 'unknown') {
      for (const fact of group) {
        if (agreesWithInventory(fact, inventory)) continue;
        conflicts.push({
          field: fact.kind,
          reason: 'differs-from-inventory',
          inventory,
          discovered: fact.value,
          source: fact.source,
          note: fact.note,
        });
      }
      continue;
    }
    // Nodes from two sources (UDS lists CUCM nodes only, the CLI IM&P too) differ without contradicting: the first is
    // filled; any other value of any other item blocks the fill.
    const disagreeing =
      first.kind === 'nodes' ? [] : group.filter((fact) => !sameValue(fact.kind, fact.value, first.value));
    if (disagreeing.length > 0) {
      for (const fact of [first, ...disagreeing]) {
        conflicts.push({
          field: fact.kind,
          reason: 'sources-disagree',
          inventory,
          discovered: fact.value,
          source: fact.source,
          note: fact.note,
        });
      }
      continue;
    }
    const at = now.toISOString();
    const value: FilledValue = first.kind === 'nodes' ? { field: 'nodes', value: asInventoryNodes(first.value) }
      : first.kind === 'tftpServers' ? { field: 'tftpServers', value: first.value, order: 'unknown' }
        : ({ field: first.kind, value: first.value } as FilledValue);
    filled.push({ ...value, source: first.source, note: first.note, at });
  }
  return { filled, conflicts };
}
