// The cluster state a plan is built on, with discovery (issue 12, State): what discovery filled replaces the
// inventory's `unknown` values (merge-discovered.ts fills unknowns only), and every conflict becomes a plan notice with
// the named reason `discovery-conflict`: what the inventory says, what was found where and when. A conflict is never
// applied: the plan follows the inventory and says where a source disagrees.
import type { ClusterState } from '../domain/cluster.js';
import type { ConsistencyWarning } from '../plan/rules/consistency.js';
import type { DiscoveredState } from './store.js';

export interface DiscoveredPlanInput {
  cluster: ClusterState;
  /** For the plan's `inconsistencies` (and so its notices). */
  conflicts: ConsistencyWarning[];
}

const shown = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null && 'name' in v ? String(v.name) : shown(v))).join(', ');
  if (typeof value === 'object' && value !== null && 'name' in value) return String(value.name);
  if (typeof value === 'object' && value !== null && 'signing' in value) return String(value.signing);
  return JSON.stringify(value);
};

function conflictText(c: DiscoveredState['conflicts'][number]): string {
  const item = c.field === 'signing' && typeof c.discovered === 'object' && c.discovered !== null && 'unit' in c.discovered ? `signing of ${String(c.discovered.unit)}` : c.field;
  const inventory = c.reason === 'sources-disagree' ? 'the inventory does not say, and sources disagree' : `the inventory says ${shown(c.inventory)}`;
  const found = c.reason === 'node-not-in-inventory' ? `node ${shown(c.discovered)} was reported` : `${shown(c.discovered)} was found`;
  return `Discovery conflict on ${item}: ${inventory}; ${found} in ${c.source.detail} (${c.source.kind}) on ${c.at.slice(0, 16).replace('T', ' ')} UTC (${c.note}). Not applied: the plan follows the inventory; check the cluster and correct the inventory or the source.`;
}

export function withDiscovered(inventory: ClusterState, discovered: Pick<DiscoveredState, 'filled' | 'conflicts'>): DiscoveredPlanInput {
  const cluster: ClusterState = { ...inventory, signing: { ...inventory.signing } };
  for (const f of discovered.filled) {
    switch (f.field) {
      case 'signing': cluster.signing[f.value.unit] = f.value.signing; break;
      case 'securityMode': cluster.securityMode = f.value; break;
      case 'ctlSigner': cluster.ctlSigner = f.value; break;
      case 'itlSigner': cluster.itlSigner = f.value; break;
      case 'version': cluster.version = f.value; break;
      case 'tftpServers': cluster.tftpServers = f.value; break;
      case 'nodes': cluster.nodes = f.value; break;
    }
  }
  return { cluster, conflicts: discovered.conflicts.map((c) => ({ reason: 'discovery-conflict', text: conflictText(c) })) };
}
