// Which cluster an event belongs to: by NodeID, host or source address matching a node, else ClusterID, else
// unassigned.
import type { CertificateEvent } from '../domain/certificate-event.js';
import { unknownCluster, type ClusterState } from '../domain/cluster.js';
import { normalizeNodeName } from './ticket-key.js';
import { slug } from './slug.js';

/** Which rule matched, in the order they are tried. NodeID first: behind a relay the source address is the relay's. */
export type ClusterMatchReason = 'node-id' | 'host' | 'source-address' | 'cluster-id' | 'unassigned';

export interface ClusterMatch {
  clusterId: string;
  reason: ClusterMatchReason;
  /** Name of the inventory node that matched (node-id, host, source-address), else null. */
  nodeName: string | null;
}

const UNASSIGNED_PREFIX = 'unassigned-';

/** '::ffff:10.0.0.5' (IPv4-mapped, as node:dgram reports on dual-stack sockets) -> '10.0.0.5'; lower-case. */
function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(a);
  return mapped?.[1] ?? a;
}

/** A name or address matches a node when it equals the node's name or one of its addresses (short-name compare). */
function nodeMatches(cluster: ClusterState, candidate: string): string | null {
  const full = normalizeAddress(candidate);
  const short = normalizeNodeName(candidate);
  for (const node of cluster.nodes) {
    if (normalizeNodeName(node.name) === short) return node.name;
    for (const address of node.addresses) {
      const a = normalizeAddress(address);
      if (a === full || normalizeNodeName(a) === short) return node.name;
    }
  }
  return null;
}

function findNode(clusters: readonly ClusterState[], candidate: string | null | undefined): ClusterMatch | null {
  if (candidate === null || candidate === undefined || candidate.trim() === '') return null;
  for (const cluster of clusters) {
    const nodeName = nodeMatches(cluster, candidate);
    if (nodeName !== null) return { clusterId: cluster.id, reason: 'node-id', nodeName };
  }
  return null;
}

/** The unassigned cluster id for a source: `unassigned-<slug>` (no ':', IPv6 colons become '-'). */
export function unassignedClusterId(source: string): string {
  return UNASSIGNED_PREFIX + slug(normalizeAddress(source), 60);
}

export function isUnassignedClusterId(clusterId: string): boolean {
  return clusterId.startsWith(UNASSIGNED_PREFIX);
}

/**
 * Maps an event to a cluster. Order: NodeID, envelope host, source address (each against node names and addresses,
 * short names compared case-insensitively), then a meaningful ClusterID equal to a cluster id (case-insensitive),
 * else `unassigned-<source address, else host, else node>`. First matching cluster in inventory order wins.
 */
export function matchCluster(
  event: Pick<CertificateEvent, 'node' | 'host' | 'clusterId'>,
  sourceAddress: string | null,
  clusters: readonly ClusterState[],
): ClusterMatch {
  const byNode = findNode(clusters, event.node);
  if (byNode) return byNode;
  const byHost = findNode(clusters, event.host);
  if (byHost) return { ...byHost, reason: 'host' };
  const bySource = findNode(clusters, sourceAddress);
  if (bySource) return { ...bySource, reason: 'source-address' };
  if (event.clusterId !== null && event.clusterId.trim() !== '') {
    const wanted = event.clusterId.trim().toLowerCase();
    const cluster = clusters.find((c) => c.id.toLowerCase() === wanted);
    if (cluster) return { clusterId: cluster.id, reason: 'cluster-id', nodeName: null };
  }
  const source = [sourceAddress, event.host, event.node].find((s) => s !== null && s !== undefined && s.trim() !== '');
  return { clusterId: unassignedClusterId(source ?? 'unknown'), reason: 'unassigned', nodeName: null };
}

/**
 * The inventory's spelling of the source an unassigned cluster was named after: the node address (or name) whose
 * unassigned cluster id is `clusterId`, else null. The slug loses detail ('10.0.0.5' and '10-0-0-5' read the same);
 * comparing the ids themselves keeps this exactly as strict as the matching that made the cluster.
 */
export function sourceOfUnassigned(clusterId: string, clusters: readonly ClusterState[]): string | null {
  if (!isUnassignedClusterId(clusterId)) return null;
  for (const cluster of clusters) {
    for (const node of cluster.nodes) {
      for (const candidate of [...node.addresses, node.name]) {
        if (unassignedClusterId(candidate) === clusterId) return candidate;
      }
    }
  }
  return null;
}

/** The cluster state of an unassigned cluster: everything unknown, named after its source. */
export function unassignedClusterFor(clusterId: string, source: string): ClusterState {
  return unknownCluster(clusterId, `Unassigned (events from ${source})`);
}
