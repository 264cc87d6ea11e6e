// Remembers when each node last sent anything (noise included), for the quiet rule. Aggregated in memory and
// flushed to Redis in one round trip per interval: never one write per noise line.
//
// Bounded, because any sender can invent node names: nodes and addresses some cluster lists (inventory or
// unassigned, i.e. every node that raised a certificate alarm) are always kept; any other name is kept only among
// the most recently heard OTHERS_CAP, and every such entry expires after the retention (twice the quiet period).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { redisKeys } from '../redis/keys.js';

export interface TrafficTracker {
  /** Hot path: O(1), no I/O. */
  touch(node: string | null, sourceAddress: string, atMs: number): void;
  flush(): Promise<void>;
}

export interface TrafficTrackerOptions {
  /** Whether a node name or address belongs to a known cluster (kept always). */
  isKnown: (nameOrAddress: string) => boolean;
  /** How long an entry of an unknown node is kept after it was last heard. */
  retainMs: number;
  /** Most entries of unknown nodes kept in Redis (least recently heard dropped first). */
  othersCap?: number;
  /** Distinct entries held in memory between two flushes; beyond it unknown names are dropped (counted). */
  pendingCap?: number;
  now?: () => number;
}

export const OTHERS_CAP = 5_000;
/** A name heard again within this long is not noted again: its time is at most this much older than the truth,
 * nothing for a quiet rule counted in hours, and most datagrams then cost one map lookup. */
export const NOTE_INTERVAL_MS = 1_000;
const PENDING_CAP = 20_000;

export function trafficField(nodeOrAddress: string, kind: 'node' | 'address'): string {
  return kind === 'node' ? nodeOrAddress.toLowerCase() : `addr/${nodeOrAddress}`;
}

// KEYS: the traffic hash, the recency set of unknown entries. ARGV: cutoff ms, cap. Drops expired and excess entries
// of unknown nodes from both, atomically.
const TRIM_SCRIPT = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
local excess = redis.call('ZCARD', KEYS[2]) - #expired - tonumber(ARGV[2])
local dropped = expired
if excess > 0 then
  local oldest = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], '+inf', 'LIMIT', 0, excess)
  for _, f in ipairs(oldest) do table.insert(dropped, f) end
end
for i = 1, #dropped, 1000 do
  local chunk = {unpack(dropped, i, math.min(i + 999, #dropped))}
  redis.call('HDEL', KEYS[1], unpack(chunk))
  redis.call('ZREM', KEYS[2], unpack(chunk))
end
return #dropped
`;

export function createTrafficTracker(
  redis: Redis,
  logger: Logger,
  metrics: Metrics,
  options: TrafficTrackerOptions,
): TrafficTracker {
  const othersCap = options.othersCap ?? OTHERS_CAP;
  const pendingCap = options.pendingCap ?? PENDING_CAP;
  const now = options.now ?? Date.now;
  let pending = new Map<string, number>();
  /** When each node name and address (as sent) was last noted in `pending`; emptied with it at each flush, so
   * bounded like it. */
  let noted = { node: new Map<string, number>(), address: new Map<string, number>() };
  let untrackedLogged = false;

  /** Every name at most once per NOTE_INTERVAL_MS; a relay's many nodes on one address each keep their own time. */
  function noteOnce(name: string, kind: 'node' | 'address', atMs: number): void {
    const last = noted[kind].get(name);
    if (last !== undefined && atMs - last < NOTE_INTERVAL_MS && atMs >= last) return;
    noted[kind].set(name, atMs);
    note(trafficField(name, kind), name, atMs);
  }

  /** Hot path: the inventory is asked only once the pending map is at its cap. */
  function note(field: string, name: string, atMs: number): void {
    if (pending.size >= pendingCap && !pending.has(field) && !options.isKnown(name)) {
      metrics.trafficUntracked.inc();
      if (!untrackedLogged) {
        untrackedLogged = true;
        logger.warn(
          { event: 'TrafficUntracked', pendingCap },
          'too many distinct unknown node names between two flushes: the rest are not tracked (counted)',
        );
      }
      return;
    }
    pending.set(field, atMs);
  }

  return {
    touch(node, sourceAddress, atMs) {
      if (node) noteOnce(node, 'node', atMs);
      noteOnce(sourceAddress, 'address', atMs);
    },
    async flush() {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      noted = { node: new Map(), address: new Map() };
      untrackedLogged = false;
      const others: (string | number)[] = [];
      const known: string[] = [];
      for (const [field, at] of batch) {
        const name = field.startsWith('addr/') ? field.slice('addr/'.length) : field;
        if (options.isKnown(name)) known.push(field);
        else others.push(at, field);
      }
      try {
        const multi = redis
          .multi()
          .hset(redisKeys.nodeTraffic(), Object.fromEntries([...batch].map(([k, v]) => [k, String(v)])));
        if (others.length > 0) multi.zadd(redisKeys.nodeTrafficOthers(), ...others);
        // A node that became known (inventory, or its first certificate alarm) leaves the evictable set.
        if (known.length > 0) multi.zrem(redisKeys.nodeTrafficOthers(), ...known);
        multi.eval(
          TRIM_SCRIPT,
          2,
          redisKeys.nodeTraffic(),
          redisKeys.nodeTrafficOthers(),
          String(now() - options.retainMs),
          String(othersCap),
        );
        const results = await multi.exec();
        const failed = results?.find(([error]) => error);
        if (failed) throw failed[0];
      } catch (error) {
        // Keep the newest figures for the next flush: traffic times only ever move forward.
        for (const [k, v] of batch) if ((pending.get(k) ?? 0) < v) pending.set(k, v);
        logger.warn(
          { event: 'TrafficFlushFailed', err: (error as Error).message },
          'could not record node traffic; will retry',
        );
      }
    },
  };
}

/** Latest traffic times for the given fields (one round trip), for the quiet rule of one cluster's tickets. */
export async function readTraffic(redis: Redis, fields: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(fields)];
  if (unique.length === 0) return new Map();
  const values = await redis.hmget(redisKeys.nodeTraffic(), ...unique);
  return new Map(unique.map((f, i) => [f, Number(values[i] ?? 0)]));
}
