// What the service process and its worker process say to each other over the IPC channel of the child process.
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { RedisTarget } from '../redis/connections.js';

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** Service -> worker process. */
export type ToWorkerProcess =
  | { type: 'metrics'; id: number }
  | { type: 'stop' };

/** Worker process -> service. */
export type FromWorkerProcess =
  | { type: 'ready' }
  | { type: 'metrics'; id: number; metrics: MetricsJson };

/** The worker process's one argument: the Redis the service uses (the embedded one has no REDIS_URL). */
export const encodeTarget = (target: RedisTarget): string => JSON.stringify(target);
export const decodeTarget = (argument: string | undefined): RedisTarget => {
  const target = JSON.parse(argument ?? 'null') as RedisTarget | null;
  if (!target || !('url' in target || 'path' in target)) {
    throw new Error(`worker process: no Redis target in its arguments (${argument})`);
  }
  return target;
};
