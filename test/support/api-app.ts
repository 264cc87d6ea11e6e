// The HTTP application alone, for route tests that need HTTP semantics but no sockets: buildApp with the API's real
// dependencies (ticket store, cluster directory, ingest pipeline, mail queue) on a real redis-server, driven with
// app.inject. No listener, no syslog sockets, no worker: an event posted to /ingest is persisted as a job but never
// becomes a ticket here; tests of that path run the whole service (test/support/in-process.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createDiskSpool } from '../../src/accept/disk-spool.js';
import { createEventAcceptor } from '../../src/accept/event-acceptor.js';
import { createTrafficTracker } from '../../src/accept/traffic-tracker.js';
import { buildApp } from '../../src/api/app.js';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRejectionLog } from '../../src/observability/rejection-log.js';
import { createPipeline } from '../../src/pipeline.js';
import { QUEUES } from '../../src/queue/names.js';
import { createBoundedConnection } from '../../src/redis/connections.js';
import { BULL_PREFIX } from '../../src/redis/keys.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import { createMailScheduler } from '../../src/worker/mail-scheduler.js';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface InjectInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
}

export interface TestApp {
  app: FastifyInstance;
  redis: TestRedis;
  /** The same answer shape as the over-HTTP helpers (status, decoded JSON or text, headers), without a socket. */
  api<T = unknown>(path: string, init?: InjectInit): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/** `env` takes the service's own settings (API_TOKEN, CLUSTERS_FILE, API_RATE_LIMIT_PER_MINUTE, ...). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const redis = await startTestRedis();
  const loaded = loadConfig({ REDIS_URL: redis.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-app-')), LOG_LEVEL: 'silent', ...env });
  if (!loaded.ok) {
    await redis.stop();
    throw new Error(`test app configuration: ${loaded.problems.join('; ')}`);
  }
  const config = loaded.config;
  const logger = pino({ level: config.logLevel });
  const metrics = createMetrics();
  const connection = createBoundedConnection({ url: redis.url });
  const queue = (name: string) => new Queue(name, { prefix: BULL_PREFIX, connection });
  const mailQueue = queue(QUEUES.mail);
  const eventsQueue = queue(QUEUES.events);
  const clusters = createClusterDirectory({ redis: connection, file: clusterFileReader(config.clustersFile), logger });
  await clusters.refresh();
  const acceptor = createEventAcceptor({
    queue: eventsQueue, spool: createDiskSpool(join(config.dataDir, 'spool'), config.spoolMaxBytes),
    maxInFlight: config.ingestQueueMaxEvents, persistTimeoutMs: 2_000, logger, metrics,
  });
  const pipeline = createPipeline({
    acceptor, traffic: createTrafficTracker(connection, logger), zoneForNode: clusters.zoneForNode,
    maxMessageBytes: config.syslogMaxMessageBytes, metrics, rejections: createRejectionLog(logger), logger,
  });
  const app = await buildApp({
    logger, metrics, bodyLimitBytes: config.httpBodyLimitBytes, writeRateLimitPerMinute: config.apiRateLimitPerMinute,
    readiness: async () => ({ redis: (await connection.ping()) === 'PONG' }),
    api: {
      token: config.apiToken, store: createTicketStore(connection), clusters, pipeline, now: () => new Date(),
      mail: createMailScheduler(mailQueue, { groupWindowMs: config.mailGroupWindowMs, attempts: config.mailRetryAttempts, backoffMs: config.mailRetryBaseMs }),
      policy: policyFrom({ reminderDays: config.reminderDays, quietAfterMs: config.quietAfterMs }),
      queues: [mailQueue, eventsQueue],
    },
  });
  await app.ready();

  return {
    app,
    redis,
    async api<T>(path: string, init: InjectInit = {}) {
      const response = await app.inject({ method: init.method ?? 'GET', url: path, headers: init.headers, payload: init.body });
      let body: unknown = response.body;
      try {
        body = JSON.parse(response.body);
      } catch {
        /* not JSON: keep the text */
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      }
      return { status: response.statusCode, body: body as T, headers };
    },
    async close() {
      await app.close();
      await pipeline.drain();
      await Promise.all([mailQueue.close(), eventsQueue.close()]);
      await connection.quit();
      await redis.stop();
    },
  };
}
