// The Redis edge of the discovery schedule: each cluster's last run (when, how long, every probe's outcome), which
// the schedule reads to know when the next one is due and the API shows (a failed probe is shown, never fatal), and
// the lock that keeps one run per cluster at a time across processes (the worker's schedule and POST .../discover).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { redisKeys } from '../redis/keys.js';

export const DiscoveryRunSchema = Type.Object(
  {
    at: Type.String({ description: 'When the run started (ISO-8601 UTC).' }),
    ms: Type.Number({ description: 'How long it took.' }),
    trigger: Type.Enum(['schedule', 'request']),
    probes: Type.Array(
      Type.Object({
        probe: Type.String(),
        host: Type.String(),
        port: Type.Number(),
        outcome: Type.String({ description: '`ok` or the named failure (timeout, refused, not-tls, ...).' }),
        detail: Type.String(),
        ms: Type.Number(),
      }),
    ),
    learned: Type.Object({ certificates: Type.Number(), state: Type.Number(), unread: Type.Number() }),
    error: Type.Optional(
      Type.String({
        description:
          'Set when the run itself failed (its take-in threw: Redis away, say), not a probe: what it threw. Counts as a run, so it is retried at the next interval.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DiscoveryRunRecord = Static<typeof DiscoveryRunSchema>;

export interface DiscoveryRunLog {
  record(clusterId: string, run: DiscoveryRunRecord): Promise<void>;
  last(clusterId: string): Promise<DiscoveryRunRecord | null>;
  /** Takes the cluster's run lock for `ms` (a run never lasts longer); null when another run holds it. */
  lock(clusterId: string, ms: number): Promise<(() => Promise<void>) | null>;
}

/** Releases the lock only if it is still ours (it may have lapsed and been taken by another run). */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

export function createDiscoveryRunLog(redis: Redis): DiscoveryRunLog {
  return {
    async record(clusterId, run) {
      await redis.hset(redisKeys.discoveryRuns(), clusterId, JSON.stringify(run));
    },
    async last(clusterId) {
      const raw = await redis.hget(redisKeys.discoveryRuns(), clusterId);
      if (raw === null) return null;
      try {
        const value: unknown = JSON.parse(raw);
        // A record another version wrote, unreadable now: as if never run (the schedule then runs it once more).
        return Value.Check(DiscoveryRunSchema, value) ? value : null;
      } catch {
        return null;
      }
    },
    async lock(clusterId, ms) {
      const token = randomUUID();
      const key = redisKeys.discoveryLock(clusterId);
      if ((await redis.set(key, token, 'PX', ms, 'NX')) !== 'OK') return null;
      return async () => {
        await redis.eval(RELEASE, 1, key, token);
      };
    },
  };
}
