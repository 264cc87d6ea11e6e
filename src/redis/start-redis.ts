// Redis for every role: the configured one (REDIS_URL) or a private redis-server, and the three kinds of connection
// the roles need (patient workers, bounded request/response, fail-fast ingest), each closed at shutdown.
import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Shutdown } from '../shutdown.js';
import {
  createBoundedConnection,
  createFailFastConnection,
  createPatientConnection,
  describeTarget,
  type RedisTarget,
} from './connections.js';
import { startEmbeddedRedis } from './embedded-redis.js';

export interface RedisHandles {
  target: RedisTarget;
  /** The service's main patient connection (ticket store of the worker, traffic, mail records). */
  main: Redis;
  /** For request/response work: gives up after a few seconds (API, cluster directory, readiness). */
  bounded: Redis;
  /** A new patient connection (BullMQ workers each need their own). */
  patient(): Redis;
  /** A new fail-fast connection (the ingest side spools instead of waiting). */
  failFast(): Redis;
  /** Connected and answering a PING within a second. */
  isReady(): Promise<boolean>;
}

/** `target`: a Redis already chosen (the worker process of a service uses the service's, embedded or not). */
export async function startRedis(options: {
  url: string | undefined;
  target?: RedisTarget | undefined;
  dataDir: string;
  logger: Logger;
  shutdown: Shutdown;
}): Promise<RedisHandles> {
  const { logger, shutdown } = options;
  let target: RedisTarget;
  if (options.target) target = options.target;
  else if (options.url) target = { url: options.url };
  else {
    const embedded = await startEmbeddedRedis(options.dataDir, logger);
    target = embedded.target;
    shutdown.add('embedded', 'embedded-redis', () => embedded.stop());
  }
  const connections: Redis[] = [];
  shutdown.add('redis', 'redis-connections', () =>
    Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect()))),
  );
  function track(connection: Redis, kind: string): Redis {
    connection.on('error', (error: Error) =>
      logger.debug({ event: 'RedisError', connection: kind, err: error.message }, 'redis connection error'),
    );
    connections.push(connection);
    return connection;
  }

  const main = track(createPatientConnection(target), 'main');
  let connected = false;
  main.on('ready', () => {
    connected = true;
    logger.info({ event: 'RedisConnected', target: describeTarget(target) }, 'connected to Redis');
  });
  main.on('end', () => (connected = false));
  main.on('close', () => (connected = false));
  const bounded = track(createBoundedConnection(target), 'bounded');

  return {
    target,
    main,
    bounded,
    patient: () => track(createPatientConnection(target), 'patient'),
    failFast: () => track(createFailFastConnection(target), 'fail-fast'),
    // A PING that would wait for Redis to return is cut short: /readyz answers at once.
    isReady: async () =>
      connected &&
      (await Promise.race([
        bounded.ping().then(
          () => true,
          () => false,
        ),
        delay(1_000).then(() => false),
      ])),
  };
}
