// The cluster inventory as the service sees it: the CLUSTERS_FILE entries, overridden by clusters stored through the
// API (an override wins until the file's entry for that cluster changes), plus the `unassigned-*` clusters made for
// events from unknown sources. Kept in memory and refreshed from Redis so every role sees API changes; a change of the
// known clusters is handed to onInventoryChange (re-homing the unassigned tickets: rehome-unassigned.ts).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { readClustersFile, unreadableFileProblem } from '../config/load-clusters.js';
import type { ClusterState } from '../domain/cluster.js';
import { redisKeys } from '../redis/keys.js';
import { isUnassignedClusterId } from '../tickets/cluster-match.js';

export interface StoredCluster {
  cluster: ClusterState;
  /** Hash of the file's entry when the override was stored (null: the file had none). */
  fileHash: string | null;
  source: 'api' | 'unassigned';
  by: string;
  at: string;
}

export interface ClusterDirectory {
  all(): ClusterState[];
  get(id: string): ClusterState | undefined;
  /** Where an entry comes from, for the API. */
  origin(id: string): 'file' | 'api' | 'unassigned' | undefined;
  zoneForNode(node: string): string | undefined;
  /** A node name (any case) or address that some cluster, inventory or unassigned, lists. */
  knowsNode(nameOrAddress: string): boolean;
  put(cluster: ClusterState, by: string): Promise<void>;
  rememberUnassigned(cluster: ClusterState): Promise<void>;
  refresh(): Promise<void>;
}

export function clusterHash(cluster: ClusterState | undefined): string | null {
  return cluster ? createHash('sha256').update(JSON.stringify(cluster)).digest('hex').slice(0, 16) : null;
}

export interface ClusterFileReader {
  /** Returns the clusters of the file, or throws with every problem listed. */
  read(): ClusterState[] | null;
}

export function clusterFileReader(path: string | undefined): ClusterFileReader {
  let lastMtime = -1;
  let cached: ClusterState[] = [];
  return {
    read() {
      if (!path) return [];
      let mtime: number;
      try {
        mtime = statSync(path).mtimeMs;
      } catch (error) {
        throw new Error(`${path}:\n  ${unreadableFileProblem(path, error)}`);
      }
      if (mtime === lastMtime) return cached;
      const parsed = readClustersFile(path);
      if (!parsed.ok) throw new Error(`${path}:\n  ${parsed.problems.join('\n  ')}`);
      lastMtime = mtime;
      cached = parsed.clusters;
      return cached;
    },
  };
}

/**
 * Called with the known (not unassigned) clusters after the inventory changed: at the first refresh, after a PUT,
 * after the file or another process changed it. A call that fails is made again at the next refresh.
 */
export type InventoryChangeListener = (clusters: readonly ClusterState[]) => Promise<unknown>;

export function createClusterDirectory(deps: {
  redis: Redis;
  file: ClusterFileReader;
  logger: Logger;
  onInventoryChange?: InventoryChangeListener;
}): ClusterDirectory {
  const { redis, file, logger } = deps;
  let fileClusters = new Map<string, ClusterState>();
  let merged = new Map<string, { cluster: ClusterState; origin: 'file' | 'api' | 'unassigned' }>();
  let zones = new Map<string, string>();
  let known = new Set<string>();
  let lastStored: StoredCluster[] = [];
  /** The known clusters as last handed to onInventoryChange (null: never). */
  let announced: string | null = null;

  function knownClusters(): ClusterState[] {
    return [...merged.values()]
      .filter((e) => e.origin !== 'unassigned' && !isUnassignedClusterId(e.cluster.id))
      .map((e) => e.cluster);
  }

  async function announceChange(): Promise<void> {
    if (!deps.onInventoryChange) return;
    const known = knownClusters();
    const signature = JSON.stringify(known.map((c) => [c.id, clusterHash(c)]).sort());
    if (signature === announced) return;
    try {
      await deps.onInventoryChange(known);
      announced = signature;
    } catch (error) {
      logger.warn(
        { event: 'InventoryChangeFailed', err: (error as Error).message },
        'acting on the inventory change failed; tried again at the next refresh',
      );
    }
  }

  function rebuild(stored: StoredCluster[]): void {
    const next = new Map<string, { cluster: ClusterState; origin: 'file' | 'api' | 'unassigned' }>();
    for (const [id, cluster] of fileClusters) next.set(id, { cluster, origin: 'file' });
    for (const s of stored) {
      const fromFile = fileClusters.get(s.cluster.id);
      if (s.source === 'unassigned') {
        if (!next.has(s.cluster.id)) next.set(s.cluster.id, { cluster: s.cluster, origin: 'unassigned' });
        continue;
      }
      // The API's version wins until the file's entry for this cluster changes (its hash no longer matches).
      if (fromFile && clusterHash(fromFile) !== s.fileHash) continue;
      next.set(s.cluster.id, { cluster: s.cluster, origin: 'api' });
    }
    merged = next;
    zones = new Map();
    known = new Set();
    for (const { cluster } of merged.values()) {
      for (const node of cluster.nodes) {
        if (node.timeZone) zones.set(node.name.toLowerCase(), node.timeZone);
        known.add(node.name.toLowerCase());
        for (const address of node.addresses) known.add(address.toLowerCase());
      }
    }
  }

  async function loadStored(): Promise<StoredCluster[]> {
    const ids = await redis.smembers(redisKeys.clusterOverrideIds());
    if (ids.length === 0) return [];
    const raws = await redis.mget(ids.map((id) => redisKeys.clusterOverride(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as StoredCluster);
  }

  async function store(entry: StoredCluster): Promise<void> {
    await redis
      .multi()
      .set(redisKeys.clusterOverride(entry.cluster.id), JSON.stringify(entry))
      .sadd(redisKeys.clusterOverrideIds(), entry.cluster.id)
      .publish(redisKeys.clustersChanged(), entry.cluster.id)
      .exec();
  }

  return {
    all: () => [...merged.values()].map((e) => e.cluster),
    get: (id) => merged.get(id)?.cluster,
    origin: (id) => merged.get(id)?.origin,
    zoneForNode: (node) => zones.get(node.toLowerCase()),
    knowsNode: (nameOrAddress) => known.has(nameOrAddress.toLowerCase()),
    async put(cluster, by) {
      await store({
        cluster,
        fileHash: clusterHash(fileClusters.get(cluster.id)),
        source: 'api',
        by,
        at: new Date().toISOString(),
      });
      await this.refresh();
    },
    async rememberUnassigned(cluster) {
      if (merged.has(cluster.id)) return;
      await redis.set(
        redisKeys.clusterOverride(cluster.id),
        JSON.stringify({
          cluster,
          fileHash: null,
          source: 'unassigned',
          by: 'certwatch',
          at: new Date().toISOString(),
        } satisfies StoredCluster),
        'NX',
      );
      await redis
        .multi()
        .sadd(redisKeys.clusterOverrideIds(), cluster.id)
        .publish(redisKeys.clustersChanged(), cluster.id)
        .exec();
      await this.refresh();
    },
    async refresh() {
      try {
        const clusters = file.read();
        if (clusters) fileClusters = new Map(clusters.map((c) => [c.id, c]));
      } catch (error) {
        // A broken edit of the file must not take the running service down: keep the last good inventory.
        logger.error(
          { event: 'ClusterFileInvalid', err: (error as Error).message },
          'cluster inventory file invalid; keeping the previous one',
        );
      }
      // The file's entries count at once, with the overrides last read; then with the overrides Redis has now.
      rebuild(lastStored);
      lastStored = await loadStored();
      rebuild(lastStored);
      await announceChange();
    },
  };
}
