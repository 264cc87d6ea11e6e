// The only composition root: config -> logger -> redis -> roles (ingest | worker | api) -> ordered shutdown. With
// ingest
// here too, the worker role runs in its own supervised process (src/service/worker-process.ts), which composes itself
// through this same function (`worker` option).
import { startAcceptance } from './accept/start-acceptance.js';
import { createRehomer } from './clusters/rehome-unassigned.js';
import { startClusters } from './clusters/start-clusters.js';
import { ConfigError } from './config/config-error.js';
import { loadStartupConfig } from './config/startup-config.js';
import { redactedConfig } from './config/redact-config.js';
import { startIngest, type IngestPorts } from './ingest/start-ingest.js';
import { warnOnDescriptorShortfall } from './observability/descriptor-budget.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { guardUnhandledRejections } from './observability/unhandled-rejections.js';
import { createMailProducer } from './queue/mail-producer.js';
import { QUEUES } from './queue/names.js';
import { openQueue, type QueueName } from './queue/queues.js';
import type { RedisTarget } from './redis/connections.js';
import { startRedis } from './redis/start-redis.js';
import type { Role } from './roles.js';
import { MergedRegistry } from './service/merged-metrics.js';
import type { MetricsJson } from './service/worker-messages.js';
import { wireDiscovery } from './service/discovery-wiring.js';
import { startWorkerProcess } from './service/worker-process.js';
import { createShutdown, stopOnce } from './shutdown.js';
import { policyFrom } from './tickets/policy.js';
import { createClusterSnoozes } from './tickets/cluster-snoozes.js';
import { createMailGroups } from './notify/mail-groups.js';
import { createNodeSilenceStore } from './tickets/node-silence-store.js';
import { createTicketStore } from './tickets/ticket-store.js';

export { ALL_ROLES, type Role } from './roles.js';

export interface RunningService {
  /** http is 0 in a worker process (it serves no HTTP). */
  ports: Partial<IngestPorts> & { http: number };
  /** This process's metrics, for the service whose worker process this is. */
  metrics(): Promise<MetricsJson>;
  stop(): Promise<void>;
}

export interface StartOptions {
  roles: readonly Role[];
  env: Record<string, string | undefined>;
  /** This process is the worker process of a service (roles: worker): its Redis, no HTTP. */
  worker?: { redis: RedisTarget };
}

export async function startService(options: StartOptions): Promise<RunningService> {
  const roles = new Set(options.roles);
  const { config, warnings, clusterFile, token } = loadStartupConfig(options.env);
  // A worker process's lines say so (same stdout, same format as the service's).
  const logger = options.worker ? createLogger(config).child({ process: 'worker' }) : createLogger(config);
  for (const warning of warnings) logger.warn({ event: 'ConfigWarning' }, warning);
  logger.info({ event: 'ServiceStarting', roles: [...roles], config: redactedConfig(config) }, 'certwatch starting');
  if (token.generated) {
    logger.warn(
      { event: 'ApiTokenGenerated', path: token.generated },
      `HTTP_HOST is not loopback and API_TOKEN is unset: generated the bearer token the API requires into ${token.generated}`,
    );
  }
  else if (token.file)
    logger.info({ event: 'ApiTokenFromFile', path: token.file }, `the API requires the bearer token in ${token.file}`);

  warnOnDescriptorShortfall({ http: config.httpMaxConnections, syslog: config.syslogMaxTcpConnections }, logger);
  const metrics = createMetrics();
  const shutdown = createShutdown(logger);
  shutdown.add('embedded', 'unhandled-rejection-guard', guardUnhandledRejections(metrics, logger));
  try {
    const redis = await startRedis({
      url: config.redisUrl,
      target: options.worker?.redis,
      dataDir: config.dataDir,
      logger,
      shutdown,
    });
    const queue = (name: QueueName, connection = redis.main) => {
      const opened = openQueue(name, connection, logger);
      shutdown.add('queues', name, () => opened.close());
      return opened;
    };
    const mailQueue = queue(QUEUES.mail);
    const mail = createMailProducer(mailQueue, {
      groupWindowMs: config.mailGroupWindowMs,
      attempts: config.mailRetryAttempts,
      backoffMs: config.mailRetryBaseMs,
    });
    // The roles that own tickets move the unassigned ones when the inventory changes (at start too: a file added
    // while the service was down).
    const onInventoryChange = roles.has('worker') || roles.has('api')
      ? createRehomer({ store: createTicketStore(redis.main), mail, logger, now: () => new Date() })
      : undefined;
    const clusters = await startClusters(clusterFile, { redis, logger, shutdown, onInventoryChange });
    const policy = policyFrom({
      reminderDays: config.reminderDays,
      quietAfterMs: config.quietAfterMs,
      nodeSilenceAfterMs: config.nodeSilenceAfterMs,
    });

    const acceptance =
      roles.has('ingest') || roles.has('api')
        ? startAcceptance(
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
            { redis, metrics, logger, shutdown },
          )
        : null;
    const ingest =
      roles.has('ingest') && acceptance
        ? await startIngest(config, { pipeline: acceptance.pipeline, metrics, logger, shutdown })
        : null;
    // Beside ingest, the worker gets its own process: plan building and mail composition must not hold up the sockets.
    // Ready before HTTP listens, as an in-process worker is: /readyz is 200 from its first answer.
    const workerProcess = roles.has('worker') && roles.has('ingest')
      ? await startWorkerProcess({ redis: redis.target, env: options.env, logger, shutdown })
      : null;
    // Loaded only where it runs: the plan engine and the mail libraries stay out of an ingest process.
    const worker =
      roles.has('worker') && !workerProcess
        ? await (
            await import('./worker/start-worker.js')
          ).startWorker(config, {
            redis,
            store: createTicketStore(redis.main),
            clusters,
            mail,
            mailQueue,
            tickQueue: queue(QUEUES.tick),
            policy,
            metrics,
            logger,
            shutdown,
            discovery: wireDiscovery({
              redis: redis.main,
              tickets: createTicketStore(redis.main),
              clusters,
              mail,
              policy,
              metrics,
              logger,
            }),
          })
        : null;
    const stop = stopOnce(shutdown, logger);
    const metricsJson = () => metrics.registry.getMetricsAsJSON();
    if (options.worker) return { ports: { http: 0 }, metrics: metricsJson, stop };
    const { startApi } = await import('./api/start-api.js');
    const http = await startApi(config, {
      token: token.token,
      api:
        roles.has('api') && acceptance
          ? {
              token: token.token,
              store: createTicketStore(redis.bounded),
              clusterSnoozes: createClusterSnoozes(redis.bounded),
              mailGroups: createMailGroups(redis.bounded),
              clusters,
              nodeSilences: createNodeSilenceStore(redis.bounded),
              discovery: wireDiscovery({
                redis: redis.bounded,
                tickets: createTicketStore(redis.bounded),
                clusters,
                mail,
                policy,
                metrics,
                logger,
              }),
              pipeline: acceptance.pipeline,
              mail,
              policy,
              now: () => new Date(),
              planOptions: { stepGapDays: config.planStepGapDays },
              queues: [queue(QUEUES.mail, redis.bounded), queue(QUEUES.events, redis.bounded)],
            }
          : undefined,
      readiness: async () => ({
        redis: await redis.isReady(),
        ...(ingest ? { listeners: ingest.isBound() } : {}),
        ...(acceptance ? { spool: acceptance.spoolHealthy() } : {}),
        ...(worker ? { worker: worker.isRunning() } : {}),
        ...(workerProcess ? { worker: workerProcess.isRunning() } : {}),
      }),
      beforeMetrics: () => ingest?.readKernelDrops(),
      metrics: workerProcess
        ? { ...metrics, registry: new MergedRegistry(metrics.registry, () => workerProcess.metrics()) }
        : metrics,
      logger,
      shutdown,
    });
    return { ports: { ...ingest?.ports, http }, metrics: metricsJson, stop };
  } catch (error) {
    await shutdown.run();
    throw error;
  }
}

export { ConfigError };
export { RedisServerMissingError } from './redis/embedded-redis.js';
