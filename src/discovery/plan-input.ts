// The cluster state a plan is built on, with discovery (issue 12, State): what discovery filled replaces the
// inventory's `unknown` values (merge-discovered.ts fills unknowns only), and every conflict becomes a plan notice with
// the named reason `discovery-conflict`: what the inventory says, what was found where and when. A conflict is never
// applied: the plan follows the inventory and says where a source disagrees. A stale CTL is a notice of its own
// (`discovery-stale-ctl`), and a TFTP list discovery filled is a set whose order the plan must not use.
import type { ClusterState } from '../domain/cluster.js';
import type { PlanOptions } from '../plan/build-plan.js';
import type { ConsistencyWarning } from '../plan/rules/consistency.js';
import type { DiscoveredState, StaleCtlFinding } from './store.js';

export interface DiscoveredPlanInput {
  cluster: ClusterState;
  /** For the plan: the conflicts and a stale CTL (its `inconsistencies` and notices), and where its TFTP list came
   * from. */
  options: Required<Pick<PlanOptions, 'discoveryConflicts' | 'tftpServersFrom'>>;
}

const shown = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map((v) => (typeof v === 'object' && v !== null && 'name' in v ? String(v.name) : shown(v)))
      .join(', ');
  }
  if (typeof value === 'object' && value !== null && 'name' in value) return String(value.name);
  if (typeof value === 'object' && value !== null && 'signing' in value) return String(value.signing);
  return JSON.stringify(value);
};

const minute = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;

function conflictText(c: DiscoveredState['conflicts'][number]): string {
  const item =
    c.field === 'signing' && typeof c.discovered === 'object' && c.discovered !== null && 'unit' in c.discovered
      ? `signing of ${String(c.discovered.unit)}`
      : c.field;
  const inventory =
    c.reason === 'sources-disagree'
      ? 'the inventory does not say, and sources disagree'
      : `the inventory says ${shown(c.inventory)}`;
  const found =
    c.reason === 'node-not-in-inventory'
      ? `node ${shown(c.discovered)} was reported`
      : `${shown(c.discovered)} was found`;
  return `Discovery conflict on ${item}: ${inventory}; ${found} in ${c.source.detail} (${c.source.kind}) on ${minute(c.at)} (${c.note}). Not applied: the plan follows the inventory; check the cluster and correct the inventory or the source.`;
}

/**
 * What the plan says of a stale CTL, by the security mode it is built on: non-secure, the known case of a cluster set
 * back from mixed mode that still serves its old CTL; mixed, a CTL not updated after a CallManager change; unknown,
 * either.
 */
function staleCtlText(stale: StaleCtlFinding, securityMode: ClusterState['securityMode']): string {
  const seen = `signed by ${stale.signer}${stale.signedAt ? `, time stamp ${minute(stale.signedAt)}` : ''}; found in ${stale.source.detail} (${stale.source.kind}) on ${minute(stale.at)}: ${stale.detail}`;
  if (securityMode === 'non-secure') {
    return `A CTL file is still served although the cluster is non-secure (${seen}). This is a known case: a cluster set back from mixed mode keeps serving its old CTL, and phones that downloaded it may keep it; devices without Security by Default keep a CTL until it is deleted on them by hand (Cisco 118893). The plan follows the non-secure mode; confirm it (ClusterSecurityMode) and check \`show ctl\` on each TFTP node.`;
  }
  if (securityMode === 'mixed') {
    return `The CTL file served was not updated after a CallManager change (${seen}). Update the CTL before the window (\`utils ctl update CTLFile\` on the publisher when tokenless; the CTL Client with an eToken) and check that \`show ctl\` lists the current CallManager serials.`;
  }
  return `A CTL file is served whose CallManager certificates are not the cluster's current ones (${seen}): either the cluster was set back to non-secure and still serves its old CTL, or it is mixed and its CTL was not updated after a CallManager change. Check the cluster security mode (ClusterSecurityMode) and \`show ctl\` on each TFTP node.`;
}

export function withDiscovered(
  inventory: ClusterState,
  discovered: Pick<DiscoveredState, 'filled' | 'conflicts' | 'staleCtl'>,
): DiscoveredPlanInput {
  const cluster: ClusterState = { ...inventory, signing: { ...inventory.signing } };
  let tftpServersFrom: DiscoveredPlanInput['options']['tftpServersFrom'] = 'inventory';
  for (const f of discovered.filled) {
    switch (f.field) {
      case 'signing': cluster.signing[f.value.unit] = f.value.signing; break;
      case 'securityMode': cluster.securityMode = f.value; break;
      case 'ctlSigner': cluster.ctlSigner = f.value; break;
      case 'itlSigner': cluster.itlSigner = f.value; break;
      case 'version': cluster.version = f.value; break;
      case 'tftpServers': cluster.tftpServers = f.value; tftpServersFrom = 'discovery'; break;
      case 'nodes': cluster.nodes = f.value; break;
    }
  }
  const conflicts: ConsistencyWarning[] = discovered.conflicts.map((c) => ({
    reason: 'discovery-conflict',
    text: conflictText(c),
  }));
  const stale: ConsistencyWarning[] = discovered.staleCtl
    ? [{ reason: 'discovery-stale-ctl', text: staleCtlText(discovered.staleCtl, cluster.securityMode) }]
    : [];
  return { cluster, options: { discoveryConflicts: [...conflicts, ...stale], tftpServersFrom } };
}
