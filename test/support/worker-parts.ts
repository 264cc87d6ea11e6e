// The worker's processors without the service around them, for tests that pass the clock in: the event and tick
// processors over a real redis-server and a real BullMQ mail queue, the lab inventory (samples/clusters/lab.yaml),
// and the ticket store they write. Also the accepted event a syslog line becomes, and a ticket's mail marked sent.
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { AcceptedEvent } from '../../src/accept/accepted-event.js';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { parseLine } from '../../src/parse/index.js';
import { createMailProducer } from '../../src/queue/mail-producer.js';
import { QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX } from '../../src/redis/keys.js';
import { createClusterSnoozes } from '../../src/tickets/cluster-snoozes.js';
import type { Policy } from '../../src/tickets/policy.js';
import { recordMailSent } from '../../src/tickets/record-mail.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import { createEventProcessor, type EventProcessorDeps } from '../../src/worker/event-processor.js';
import { createTickProcessor } from '../../src/worker/tick-processor.js';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface WorkerParts {
  redis: TestRedis;
  /** The processors' connection (as the worker's: no retry limit, BullMQ's requirement). */
  client: Redis;
  mailQueue: Queue;
  metrics: Metrics;
  store: TicketStore;
  /** What the event processor was built with (applyDiscoveredCertificates takes the same). */
  deps: EventProcessorDeps;
  processEvent: ReturnType<typeof createEventProcessor>;
  processTick: ReturnType<typeof createTickProcessor>;
  close(): Promise<void>;
}

export async function startWorkerParts(policy: Policy): Promise<WorkerParts> {
  const redis = await startTestRedis();
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const mailQueue = new Queue(QUEUES.mail, { connection: client, prefix: BULL_PREFIX });
  const close = async () => {
    await mailQueue.close();
    client.disconnect();
    await redis.stop();
  };
  try {
    const logger = pino({ level: 'silent' });
    const metrics = createMetrics();
    const store = createTicketStore(client);
    const clusters = createClusterDirectory({
      redis: client,
      file: clusterFileReader('samples/clusters/lab.yaml'),
      logger,
    });
    await clusters.refresh();
    const mail = createMailProducer(mailQueue, { groupWindowMs: 60_000, attempts: 3, backoffMs: 1000 });
    const deps = { store, clusters, clusterSnoozes: createClusterSnoozes(client), mail, policy, metrics, logger };
    return {
      redis, client, mailQueue, metrics, store, deps,
      processEvent: createEventProcessor(deps),
      processTick: createTickProcessor({ redis: client, store, clusters, mail, policy, metrics, logger }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The accepted event a certificate alarm `line` becomes, received at `receivedAt` from a lab node's address. */
export function acceptedEvent(id: string, line: string, receivedAt: Date): AcceptedEvent {
  const outcome = parseLine(line, { receivedAt });
  assert.equal(outcome.kind, 'certificate');
  const event = outcome.kind === 'certificate' ? outcome.event : (undefined as never);
  return { id, event, sourceAddress: '192.0.2.11', transport: 'udp', receivedAt: receivedAt.toISOString() };
}

/** Records the ticket's pending mail as sent at `now`, as the mail worker does once the relay took it. */
export async function markMailed(store: TicketStore, ticketId: string, now: Date): Promise<void> {
  await store.update(ticketId, (t) => {
    if (!t?.pendingMail) return null;
    const { revision } = t.pendingMail;
    return recordMailSent(
      t,
      { revision, messageId: `<m${revision}@test>`, threadSubject: '[certwatch] lab: test' },
      now,
    ).ticket;
  });
}
