// Cluster snoozes in Redis: one JSON document per snoozed cluster, expiring with the snooze, read by the tick so
// tickets opened for the cluster while it lasts take it (snooze.ts decides which).
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { ClusterSnooze } from './snooze.js';

export interface ClusterSnoozes {
  /** Stores (or replaces) the cluster's snooze; it is gone by itself once `until` has passed. */
  set(snooze: ClusterSnooze, now: Date): Promise<void>;
  /** Ends the cluster's snooze now: removes it and returns it (null when none was stored: ended or expired). */
  end(clusterId: string): Promise<ClusterSnooze | null>;
  /** The snoozes of these clusters that are stored, by cluster id. */
  of(clusterIds: readonly string[]): Promise<Map<string, ClusterSnooze>>;
}

function isClusterSnooze(value: unknown): value is ClusterSnooze {
  const v = value as Partial<Record<keyof ClusterSnooze, unknown>> | null;
  return typeof v === 'object' && v !== null
    && (['clusterId', 'until', 'at', 'by', 'note'] as const).every((k) => typeof v[k] === 'string');
}

/** A stored document, or null: a document this version cannot read snoozes nothing (the tickets' own snoozes hold). */
function readClusterSnooze(raw: string | null): ClusterSnooze | null {
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isClusterSnooze(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function createClusterSnoozes(redis: Redis): ClusterSnoozes {
  return {
    async set(snooze, now) {
      const ttlMs = Date.parse(snooze.until) - now.getTime();
      if (!(ttlMs > 0)) throw new RangeError(`cluster snooze of ${snooze.clusterId} ends before now`);
      await redis.set(redisKeys.clusterSnooze(snooze.clusterId), JSON.stringify(snooze), 'PX', ttlMs);
    },
    async end(clusterId) {
      // GETDEL: two requests ending the same snooze at once see it once.
      return readClusterSnooze(await redis.getdel(redisKeys.clusterSnooze(clusterId)));
    },
    async of(clusterIds) {
      const ids = [...new Set(clusterIds)];
      const found = new Map<string, ClusterSnooze>();
      if (ids.length === 0) return found;
      const raws = await redis.mget(ids.map((id) => redisKeys.clusterSnooze(id)));
      for (const raw of raws) {
        const snooze = readClusterSnooze(raw);
        if (snooze) found.set(snooze.clusterId, snooze);
      }
      return found;
    },
  };
}
