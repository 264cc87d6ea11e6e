// The acceptor on a real redis-server, a real BullMQ queue and a real disk spool: the events of one turn go to Redis
// in one round trip, each still "accepted = persisted", and a batch that fails sends every one of its events to the
// spool (issue 11).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createDiskSpool } from '../../src/accept/disk-spool.js';
import { createEventAcceptor, type AcceptOutcome, type EventAcceptor } from '../../src/accept/event-acceptor.js';
import type { CertificateEvent } from '../../src/domain/certificate-event.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { parseLine } from '../../src/parse/index.js';
import { createEventProducer } from '../../src/queue/event-producer.js';
import { QUEUES } from '../../src/queue/names.js';
import { openQueue } from '../../src/queue/queues.js';
import { createFailFastConnection } from '../../src/redis/connections.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { metricValue } from '../support/metrics.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';

const NOW = new Date('2026-11-20T10:00:00Z');

function certificateEvent(i: number): CertificateEvent {
  const line = certAlarmLine({
    node: 'cucm-pub',
    unit: 'tomcat',
    certificate: `batch-${i}.pem`,
    alarm: 'CertValidfor7days',
    at: NOW,
    expires: new Date(NOW.getTime() + 5 * 86_400_000),
  });
  const outcome = parseLine(line, { receivedAt: NOW, zoneForNode: () => undefined });
  assert.equal(outcome.kind, 'certificate');
  return (outcome as { event: CertificateEvent }).event;
}

/** Counts the writes on the connection's socket (the bytes still go to the real Redis): one round trip is one write of
 * all its commands. */
function countWrites(connection: Redis): () => number {
  const stream = (connection as unknown as { stream: net.Socket }).stream;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let writes = 0;
  stream.write = ((...args: unknown[]) => {
    writes += 1;
    return write(...args);
  }) as typeof stream.write;
  return () => writes;
}

interface Rig {
  acceptor: EventAcceptor;
  metrics: Metrics;
  queue: Queue;
  connection: Redis;
  spoolDir: string;
  close(): Promise<void>;
}

function rig(redisUrl: string, persistTimeoutMs: number): Rig {
  const logger = pino({ level: 'silent' });
  const metrics = createMetrics();
  const connection = createFailFastConnection({ url: redisUrl });
  connection.on('error', () => undefined);
  const queue = openQueue(QUEUES.events, connection, logger);
  const spoolDir = mkdtempSync(join(tmpdir(), 'certwatch-acceptor-'));
  const acceptor = createEventAcceptor({
    events: createEventProducer(queue),
    spool: createDiskSpool(spoolDir, 10 * 1024 * 1024),
    maxInFlight: 1_000,
    persistTimeoutMs,
    logger,
    metrics,
  });
  return {
    acceptor, metrics, queue, connection, spoolDir,
    close: async () => {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}

/** Accepts `count` events, all in one synchronous run (one turn of the event loop). */
function acceptInOneTurn(acceptor: EventAcceptor, from: number, count: number): Promise<AcceptOutcome[]> {
  const receivedAt = new Date();
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      acceptor.accept(certificateEvent(from + i), { address: '10.0.0.1', transport: 'udp', receivedAt }),
    ),
  );
}

async function acceptCount(metrics: Metrics, stored: 'redis' | 'spool'): Promise<number> {
  const data = await metrics.eventAcceptSeconds.get();
  return (
    data.values.find((v) => v.metricName === 'certwatch_event_accept_seconds_count' && v.labels.stored === stored)
      ?.value ?? 0
  );
}

function spooledLines(spoolDir: string): number {
  const path = join(spoolDir, 'events.jsonl');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l !== '').length : 0;
}

describe('event acceptor: a batch per turn (issue 11)', () => {
  let redis: TestRedis;
  before(async () => { redis = await startTestRedis(); });
  after(async () => { await redis.stop(); });

  test('the events of one turn go to Redis in one round trip; each resolves queued once its job is in Redis', async () => {
    const r = rig(redis.url, 5_000);
    try {
      assert.deepEqual(await acceptInOneTurn(r.acceptor, 0, 1), ['queued']); // connects and loads the scripts
      const jobsBefore = await r.queue.count();
      const writes = countWrites(r.connection);
      const outcomes = await acceptInOneTurn(r.acceptor, 1, 40);
      assert.deepEqual(outcomes, new Array(40).fill('queued'));
      assert.equal(writes(), 1, '40 adds in one write (a pipeline), not one write each');
      assert.equal(await r.queue.count(), jobsBefore + 40, 'every accepted event is a job in Redis');
      assert.equal(await acceptCount(r.metrics, 'redis'), 41, 'the accept latency observed once per event');
      assert.equal(await metricValue(r.metrics.spooled), 0);
    } finally {
      await r.close();
    }
  });

  test('Redis dies with a batch in flight: every event of the batch is spooled, and the replay adds each once', async () => {
    const r = rig(redis.url, 10_000);
    try {
      assert.deepEqual(await acceptInOneTurn(r.acceptor, 100, 1), ['queued']);
      const jobsBefore = await r.queue.count();
      redis.freeze(); // the batch is written but never answered...
      const pending = acceptInOneTurn(r.acceptor, 101, 25);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await redis.kill(); // ...then Redis is gone: the connection drops with the batch in flight
      assert.deepEqual(await pending, new Array(25).fill('spooled'));
      assert.equal(spooledLines(r.spoolDir), 25);
      assert.equal(await metricValue(r.metrics.spooled), 25, 'counted once per event of the batch');
      assert.equal(await acceptCount(r.metrics, 'spool'), 25);
      await redis.start();
      await waitFor('the acceptor\'s connection to be back', () => r.connection.status === 'ready');
      await r.acceptor.replaySpool();
      assert.equal(await r.queue.count(), jobsBefore + 25, 'each spooled event once');
      assert.equal(spooledLines(r.spoolDir), 0);
    } finally {
      redis.thaw();
      await r.close();
    }
  });

  test('a batch that outlasts the timeout spools each event; the late adds and the replay leave one job per event', async () => {
    const r = rig(redis.url, 300);
    try {
      assert.deepEqual(await acceptInOneTurn(r.acceptor, 200, 1), ['queued']);
      const jobsBefore = await r.queue.count();
      redis.freeze();
      const outcomes = await acceptInOneTurn(r.acceptor, 201, 10);
      assert.deepEqual(outcomes, new Array(10).fill('spooled'));
      assert.equal(spooledLines(r.spoolDir), 10);
      redis.thaw(); // the batch written before lands now
      await r.acceptor.replaySpool();
      assert.equal(await r.queue.count(), jobsBefore + 10, 'no event twice');
    } finally {
      redis.thaw();
      await r.close();
    }
  });
});

