// The HTTP application alone, for route tests that need HTTP semantics but no sockets: buildApp with the API's real
// dependencies (ticket store, cluster directory, ingest pipeline, mail queue) on a real redis-server, driven with
// app.inject. No listener, no syslog sockets, no worker: an event posted to /ingest is persisted as a job but never
// becomes a ticket here; tests of that path run the whole service (test/support/in-process.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { startAcceptance } from '../../src/accept/start-acceptance.js';
import { isLoopback } from '../../src/api/api-token.js';
import { buildApp } from '../../src/api/app.js';
import { clusterFileReader } from '../../src/clusters/cluster-directory.js';
import { startClusters } from '../../src/clusters/start-clusters.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createMailProducer } from '../../src/queue/mail-producer.js';
import { QUEUES } from '../../src/queue/names.js';
import { openQueue, type QueueName } from '../../src/queue/queues.js';
import { startRedis } from '../../src/redis/start-redis.js';
import { createShutdown } from '../../src/shutdown.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { createClusterSnoozes } from '../../src/tickets/cluster-snoozes.js';
import { wireDiscovery } from '../../src/service/discovery-wiring.js';
import { createNodeSilenceStore } from '../../src/tickets/node-silence-store.js';
import { createMailGroups } from '../../src/notify/mail-groups.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface InjectInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
}

export interface TestApp {
  app: FastifyInstance;
  redis: TestRedis;
  /** A connection of the test's own to that Redis, to seed what the app reads (tickets, ...) and read what it stored;
   * closed with the app. */
  client: Redis;
  /** The same answer shape as the over-HTTP helpers (status, decoded JSON or text, headers), without a socket. */
  api<T = unknown>(path: string, init?: InjectInit): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/** `env` takes the service's own settings (API_TOKEN, CLUSTERS_FILE, API_RATE_LIMIT_PER_MINUTE, ...). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const redis = await startTestRedis();
  const loaded = loadConfig({
    REDIS_URL: redis.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-app-')),
    LOG_LEVEL: 'silent',
    ...env,
  });
  if (!loaded.ok) {
    await redis.stop();
    throw new Error(`test app configuration: ${loaded.problems.join('; ')}`);
  }
  const config = loaded.config;
  const logger = pino({ level: config.logLevel });
  const metrics = createMetrics();
  const shutdown = createShutdown(logger);
  shutdown.add('embedded', 'test-redis', () => redis.stop());
  let app: FastifyInstance;
  try {
    // The stages of the composition root, as startService wires them for the API role; only the listener is left out.
    const handles = await startRedis({ url: redis.url, dataDir: config.dataDir, logger, shutdown });
    const clusters = await startClusters(clusterFileReader(config.clustersFile), { redis: handles, logger, shutdown });
    const queue = (name: QueueName) => {
      const opened = openQueue(name, handles.bounded, logger);
      shutdown.add('queues', name, () => opened.close());
      return opened;
    };
    const mailQueue = queue(QUEUES.mail);
    const acceptance = startAcceptance(
      {
        dataDir: config.dataDir,
        spoolMaxBytes: config.spoolMaxBytes,
        maxInFlight: config.ingestQueueMaxEvents,
        maxMessageBytes: config.syslogMaxMessageBytes,
        trafficFlushMs: config.trafficFlushMs,
        trafficRetainMs: 2 * config.quietAfterMs,
        zoneForNode: clusters.zoneForNode,
        knowsNode: clusters.knowsNode,
      },
      { redis: handles, metrics, logger, shutdown },
    );
    const mail = createMailProducer(mailQueue, {
      groupWindowMs: config.mailGroupWindowMs,
      attempts: config.mailRetryAttempts,
      backoffMs: config.mailRetryBaseMs,
    });
    const policy = policyFrom({ reminderDays: config.reminderDays, quietAfterMs: config.quietAfterMs });
    const tickets = createTicketStore(handles.bounded);
    app = await buildApp({
      logger, metrics, bodyLimitBytes: config.httpBodyLimitBytes, writeRateLimitPerMinute: config.apiRateLimitPerMinute,
      requestTimeoutMs: config.httpRequestTimeoutMs, maxConnections: config.httpMaxConnections,
      readiness: async () => ({ redis: await handles.isReady(), spool: acceptance.spoolHealthy() }),
      // As startApi: the operator pages need the token when HTTP_HOST is not loopback.
      operatorToken: isLoopback(config.httpHost) ? undefined : config.apiToken,
      api: {
        token: config.apiToken,
        store: tickets,
        clusterSnoozes: createClusterSnoozes(handles.bounded),
        mailGroups: createMailGroups(handles.bounded),
        clusters,
        nodeSilences: createNodeSilenceStore(handles.bounded),
        discovery: wireDiscovery({ redis: handles.bounded, tickets, clusters, mail, policy, metrics, logger }),
        pipeline: acceptance.pipeline,
        now: () => new Date(),
        mail,
        policy,
        planOptions: { stepGapDays: config.planStepGapDays },
        queues: [mailQueue, queue(QUEUES.events)],
      },
    });
    shutdown.add('http', 'app', () => app.close());
    await app.ready();
  } catch (error) {
    await shutdown.run();
    throw error;
  }
  const client = new Redis(redis.url);

  return {
    app,
    redis,
    client,
    async api<T>(path: string, init: InjectInit = {}) {
      const response = await app.inject({
        method: init.method ?? 'GET',
        url: path,
        headers: init.headers,
        payload: init.body,
      });
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
      client.disconnect();
      await shutdown.run();
    },
  };
}
