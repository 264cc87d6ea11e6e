// The cluster directory at start: the file's clusters are in place at once; the API's overrides follow when Redis
// answers. Every process refreshes when any process stores a cluster (a Redis pub/sub notice: the API's PUT reaches
// the worker child at once, an unassigned cluster the worker made reaches the API), and every 30 s in case a notice
// was missed while disconnected. Never blocks the start on Redis.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { describeTarget } from '../redis/connections.js';
import { redisKeys } from '../redis/keys.js';
import type { RedisHandles } from '../redis/start-redis.js';
import type { Shutdown } from '../shutdown.js';
import {
  createClusterDirectory,
  type ClusterDirectory,
  type ClusterFileReader,
  type InventoryChangeListener,
} from './cluster-directory.js';

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
    logger.warn(
      { event: 'RedisNotReachableAtStart', target: describeTarget(redis.target) },
      'Redis does not answer yet; starting anyway (accepted alarms are spooled to disk)',
    );
  }
  const timer = setInterval(() => void refresh(), REFRESH_EVERY_MS);
  deps.shutdown.add('listeners', 'cluster-refresh', () => clearInterval(timer));
  // A subscribed connection can do nothing else: its own, patient (it resubscribes after a reconnect; closed with the
  // others at shutdown).
  const notices = redis.patient();
  notices.on('message', () => void refresh());
  notices.subscribe(redisKeys.clustersChanged()).catch((error: Error) => {
    logger.warn(
      { event: 'ClusterNoticesUnavailable', err: error.message },
      'cluster change notices not subscribed: changes from other processes arrive within 30 s',
    );
  });
  return clusters;
}
