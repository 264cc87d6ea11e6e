// The mail worker's real parts for a test: a redis-server, an SMTP sink, the ticket store, the cluster directory read
// from an inventory file, and the mail processor sending through the sink (an outbox folder beside it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import { createOutboxTransport, createSmtpTransport } from '../../src/notify/mail-transport.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import { createMailProcessor } from '../../src/worker/mail-processor.js';
import { startTestRedis, type TestRedis } from './redis-server.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export interface MailRig {
  redis: TestRedis;
  client: Redis;
  smtp: SmtpSink;
  store: TicketStore;
  outboxDir: string;
  processMailJob: ReturnType<typeof createMailProcessor>;
  stop(): Promise<void>;
}

export async function startMailRig(options: { clustersFile?: string; maxTickets?: number } = {}): Promise<MailRig> {
  const redis = await startTestRedis();
  const client = new Redis(redis.url);
  const smtp = await startSmtpSink();
  const logger = pino({ level: 'silent' });
  const store = createTicketStore(client);
  const clusters = createClusterDirectory({
    redis: client,
    file: clusterFileReader(options.clustersFile ?? 'samples/clusters/lab.yaml'),
    logger,
  });
  await clusters.refresh();
  const outboxDir = join(mkdtempSync(join(tmpdir(), 'cw-mail-rig-')), 'outbox');
  const processMailJob = createMailProcessor({
    redis: client,
    store,
    clusters,
    transport: createSmtpTransport(smtp.url, logger),
    outbox: createOutboxTransport(outboxDir, logger),
    from: 'certwatch@example.net',
    defaultTo: ['uc-team@example.net'],
    publicUrl: undefined,
    lockMs: 5_000,
    maxTickets: options.maxTickets ?? 50,
    maxBytes: 1_048_576,
    planOptions: {},
    metrics: createMetrics(),
    logger,
  });
  return {
    redis, client, smtp, store, outboxDir, processMailJob,
    async stop() {
      client.disconnect();
      await smtp.close();
      await redis.stop();
    },
  };
}
