// Remembers when each node last sent anything (noise included), for the quiet rule. Aggregated in memory and
// flushed to Redis in one HSET per interval: never one write per noise line.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redisKeys } from '../redis/keys.js';

export interface TrafficTracker {
  /** Hot path: O(1), no I/O. */
  touch(node: string | null, sourceAddress: string, atMs: number): void;
  flush(): Promise<void>;
}

export function trafficField(nodeOrAddress: string, kind: 'node' | 'address'): string {
  return kind === 'node' ? nodeOrAddress.toLowerCase() : `addr/${nodeOrAddress}`;
}

export function createTrafficTracker(redis: Redis, logger: Logger): TrafficTracker {
  let pending = new Map<string, number>();
  return {
    touch(node, sourceAddress, atMs) {
      if (node) pending.set(trafficField(node, 'node'), atMs);
      pending.set(trafficField(sourceAddress, 'address'), atMs);
    },
    async flush() {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      try {
        await redis.hset(redisKeys.nodeTraffic(), Object.fromEntries([...batch].map(([k, v]) => [k, String(v)])));
      } catch (error) {
        // Keep the newest figures for the next flush: traffic times only ever move forward.
        for (const [k, v] of batch) if ((pending.get(k) ?? 0) < v) pending.set(k, v);
        logger.warn({ event: 'TrafficFlushFailed', err: (error as Error).message }, 'could not record node traffic; will retry');
      }
    },
  };
}
