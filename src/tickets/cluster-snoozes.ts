// Cluster snoozes in Redis: one JSON document per snoozed cluster, expiring with the snooze, read by the tick so
// tickets opened for the cluster while it lasts take it (snooze.ts decides which).
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { ClusterSnooze } from './snooze.js';

export interface ClusterSnoozes {
  /** Stores (or replaces) the cluster's snooze; it is gone by itself once `until` has passed. */
  set(snooze: ClusterSnooze, now: Date): Promise<void>;
  /** The snoozes of these clusters that are stored, by cluster id. */
  of(clusterIds: readonly string[]): Promise<Map<string, ClusterSnooze>>;
}

function isClusterSnooze(value: unknown): value is ClusterSnooze {
  const v = value as Partial<Record<keyof ClusterSnooze, unknown>> | null;
  return typeof v === 'object' && v !== null
    && (['clusterId', 'until', 'at', 'by', 'note'] as const).every((k) => typeof v[k] === 'string');
}

export function createClusterSnoozes(redis: Redis): ClusterSnoozes {
  return {
    async set(snooze, now) {
      const ttlMs = Date.parse(snooze.until) - now.getTime();
      if (!(ttlMs > 0)) throw new RangeError(`cluster snooze of ${snooze.clusterId} ends before now`);
      await redis.set(redisKeys.clusterSnooze(snooze.clusterId), JSON.stringify(snooze), 'PX', ttlMs);
    },
    async of(clusterIds) {
      const ids = [...new Set(clusterIds)];
      const found = new Map<string, ClusterSnooze>();
      if (ids.length === 0) return found;
      const raws = await redis.mget(ids.map((id) => redisKeys.clusterSnooze(id)));
      for (const raw of raws) {
        if (raw === null) continue;
        // A document this version cannot read snoozes nothing (the tickets' own snoozes still hold).
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(raw);
        } catch {
          continue;
        }
        if (isClusterSnooze(parsed)) found.set(parsed.clusterId, parsed);
      }
      return found;
    },
  };
}
