// The worker role: ticket decisions from events and ticks, plan mails and node-silence mails over SMTP or to the
// outbox.
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { Config } from '../config/schema.js';
import { createOutboxTransport, createSmtpTransport } from '../notify/mail-transport.js';
import type { Metrics } from '../observability/metrics.js';
import type { MailProducer } from '../queue/mail-producer.js';
import type { RedisHandles } from '../redis/start-redis.js';
import type { Shutdown } from '../shutdown.js';
import type { Policy } from '../tickets/policy.js';
import type { TicketStore } from '../tickets/ticket-store.js';
import { createClusterSnoozes } from '../tickets/cluster-snoozes.js';
import { createEventProcessor } from './event-processor.js';
import { createMailProcessor } from './mail-processor.js';
import { createNodeSilenceMailProcessor } from './node-silence-mail.js';
import { installIdOf } from '../redis/install-id.js';
import { createNodeSilenceStore } from '../tickets/node-silence-store.js';
import { createTickProcessor } from './tick-processor.js';
import { startDiscoverySchedule } from './discovery-schedule.js';
import { startWorkerRole, type WorkerRole } from './worker-role.js';
import type { Discovery } from '../service/discovery-wiring.js';

/** Due discoveries are looked for every minute: intervals are hours to a day, so a minute late is on time. */
const DISCOVERY_CHECK_MS = 60_000;

export interface WorkerDeps {
  redis: RedisHandles;
  store: TicketStore;
  clusters: ClusterDirectory;
  mail: MailProducer;
  mailQueue: Queue;
  tickQueue: Queue;
  policy: Policy;
  metrics: Metrics;
  logger: Logger;
  shutdown: Shutdown;
  discovery: Discovery;
}

export async function startWorker(config: Config, deps: WorkerDeps): Promise<WorkerRole> {
  const { redis, store, clusters, mail, policy, metrics, logger } = deps;
  const outboxDir = join(config.dataDir, 'outbox');
  const smtp = config.smtpUrl ? createSmtpTransport(config.smtpUrl, logger) : null;
  const outbox = createOutboxTransport(outboxDir, logger);
  if (!smtp) {
    logger.info(
      { event: 'MailToOutbox', dir: outboxDir },
      'SMTP_URL unset: plan mails are written to the outbox folder',
    );
  }
  const worker = await startWorkerRole({
    connection: redis.patient,
    processEvent: createEventProcessor({
      store,
      clusters,
      clusterSnoozes: createClusterSnoozes(redis.main),
      mail,
      policy,
      metrics,
      logger,
    }),
    processMailJob: createMailProcessor({
      redis: redis.main,
      store,
      clusters,
      transport: smtp ?? outbox,
      outbox,
      from: config.mailFrom,
      defaultTo: config.mailTo,
      publicUrl: config.publicUrl,
      lockMs: config.mailLockMs,
      maxTickets: config.mailMaxTickets,
      maxBytes: config.mailMaxBytes,
      planOptions: { stepGapDays: config.planStepGapDays },
      metrics,
      logger,
    }),
    processNodeSilenceMail: createNodeSilenceMailProcessor({
      redis: redis.main,
      silences: createNodeSilenceStore(redis.main),
      clusters,
      transport: smtp ?? outbox,
      outbox,
      from: config.mailFrom,
      defaultTo: config.mailTo,
      silenceAfterMs: policy.nodeSilenceAfterMs,
      installId: () => installIdOf(redis.main),
      metrics,
      logger,
    }),
    processTick: createTickProcessor({ redis: redis.main, store, clusters, mail, policy, metrics, logger }),
    tickQueue: deps.tickQueue, mailQueue: deps.mailQueue, tickIntervalMs: config.tickIntervalMs, metrics, logger,
  });
  const stopDiscovery = startDiscoverySchedule({
    clusters,
    runs: deps.discovery.runs,
    discoverNow: deps.discovery.discoverNow,
    logger,
    now: () => new Date(),
    checkMs: DISCOVERY_CHECK_MS,
  });
  deps.shutdown.add('worker', 'discovery-schedule', stopDiscovery);
  deps.shutdown.add('worker', 'worker', async () => {
    await worker.close();
    smtp?.close();
  });
  return worker;
}
