// The time zone a person reads a cluster's dates in: the publisher's, else the first node's that names one, else UTC.
import type { ClusterState } from './cluster.js';

export function clusterTimeZone(cluster: Pick<ClusterState, 'nodes'>): string {
  const publisher = cluster.nodes.find((n) => n.roles.includes('publisher') && n.timeZone);
  return publisher?.timeZone ?? cluster.nodes.find((n) => n.timeZone)?.timeZone ?? 'UTC';
}
