// The entry the service's schedule (and an on-demand route) calls for one inventory cluster: discovery runs when the
// cluster has a discovery block that is enabled, and says why not otherwise. The wiring (schedule with jitter,
// storing facts, tickets, metrics) is the caller's.
import type { ClusterState, DiscoveryBlock } from '../../domain/cluster-schema.js';
import { discoverCluster, type DiscoverDeps, type DiscoveryResult } from './discover-cluster.js';

export type DiscoveryRun =
  | { ran: true; clusterId: string; startedAt: string; result: DiscoveryResult }
  | { ran: false; clusterId: string; reason: 'no-discovery-block' | 'disabled' };

export async function runDiscovery(
  cluster: Pick<ClusterState, 'id' | 'discovery'>,
  deps: DiscoverDeps & { now?: () => Date } = {},
): Promise<DiscoveryRun> {
  const block = cluster.discovery;
  if (block === undefined) return { ran: false, clusterId: cluster.id, reason: 'no-discovery-block' };
  if (!block.enabled) return { ran: false, clusterId: cluster.id, reason: 'disabled' };
  const startedAt = (deps.now ?? (() => new Date()))().toISOString();
  return { ran: true, clusterId: cluster.id, startedAt, result: await discoverCluster(block, deps) };
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The block's interval (`1d`, `12h`, `90m`; the schema admits no other form) in milliseconds. */
export function intervalMs(interval: DiscoveryBlock['interval']): number {
  const unit = interval.slice(-1) as keyof typeof UNIT_MS;
  return Number(interval.slice(0, -1)) * UNIT_MS[unit];
}
