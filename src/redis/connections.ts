// Builds ioredis connections. Two behaviours, as BullMQ's production guide asks: the ingest side fails fast when
// Redis is down (so the caller can spool to disk), the worker side waits for Redis forever.
import { Redis, type RedisOptions } from 'ioredis';

export type RedisTarget = { url: string } | { path: string };

function base(target: RedisTarget, extra: RedisOptions): Redis {
  const options: RedisOptions = {
    // Reconnect with a capped backoff; never give up (a Redis blip must not end the service).
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 5_000),
    ...extra,
  };
  return 'path' in target ? new Redis({ ...options, path: target.path }) : new Redis(target.url, options);
}

/** For commands that must not hang while Redis is away: they reject at once and the caller spools. */
export function createFailFastConnection(target: RedisTarget): Redis {
  // commandTimeout: a frozen (not closed) Redis must not hold accepted events in memory; they go to the spool.
  return base(target, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
  });
}

/** For BullMQ workers and blocking reads: queue commands while disconnected and wait (BullMQ requires null retries). */
export function createPatientConnection(target: RedisTarget): Redis {
  return base(target, { maxRetriesPerRequest: null, enableOfflineQueue: true });
}

/**
 * For request/response work (the HTTP API, the cluster directory): a short blip is bridged, but no command waits
 * longer than a few seconds, so an API call answers 503 instead of hanging while Redis is away.
 */
export function createBoundedConnection(target: RedisTarget): Redis {
  return base(target, { maxRetriesPerRequest: 1, commandTimeout: 3_000 });
}

export function describeTarget(target: RedisTarget): string {
  if ('path' in target) return `unix:${target.path}`;
  return target.url.replace(/\/\/[^@/]*@/, '//***@');
}
