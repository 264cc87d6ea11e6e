// The time zone a person reads a cluster's dates in: the cluster's own, else the publisher's, else the first node's
// that names one, else UTC.
import type { ClusterState } from './cluster.js';

export function clusterTimeZone(
  cluster: Pick<ClusterState, 'nodes'> & Partial<Pick<ClusterState, 'timeZone'>>,
): string {
  if (cluster.timeZone) return cluster.timeZone;
  const publisher = cluster.nodes.find((n) => n.roles.includes('publisher') && n.timeZone);
  return publisher?.timeZone ?? cluster.nodes.find((n) => n.timeZone)?.timeZone ?? 'UTC';
}
