// The cluster directory at start: the file's clusters are in place at once; the API's overrides follow when Redis
// answers, and are refreshed every 30 s so every role sees API changes (and acts on them: onInventoryChange). Never
// blocks the start on Redis.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { describeTarget } from '../redis/connections.js';
import type { RedisHandles } from '../redis/start-redis.js';
import type { Shutdown } from '../shutdown.js';
import { createClusterDirectory, type ClusterDirectory, type ClusterFileReader, type InventoryChangeListener } from './cluster-directory.js';

const FIRST_REFRESH_WAIT_MS = 3_000;
const REFRESH_EVERY_MS = 30_000;

export async function startClusters(
  file: ClusterFileReader,
  deps: { redis: RedisHandles; logger: Logger; shutdown: Shutdown; onInventoryChange?: InventoryChangeListener },
): Promise<ClusterDirectory> {
  const { redis, logger } = deps;
  const clusters = createClusterDirectory({ redis: redis.bounded, file, logger, onInventoryChange: deps.onInventoryChange });
  const refresh = () => clusters.refresh().then(() => true, (error: Error) => {
    logger.warn({ event: 'ClusterRefreshFailed', err: error.message }, 'could not read cluster overrides from Redis');
    return false;
  });
  if (!(await Promise.race([refresh(), delay(FIRST_REFRESH_WAIT_MS).then(() => false)]))) {
    logger.warn({ event: 'RedisNotReachableAtStart', target: describeTarget(redis.target) }, 'Redis does not answer yet; starting anyway (accepted alarms are spooled to disk)');
  }
  const timer = setInterval(() => void refresh(), REFRESH_EVERY_MS);
  deps.shutdown.add('listeners', 'cluster-refresh', () => clearInterval(timer));
  return clusters;
}
