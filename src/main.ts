// The only composition root: config -> logger -> redis -> roles (ingest | worker | api) -> ordered shutdown.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { createDiskSpool } from './accept/disk-spool.js';
import { createEventAcceptor } from './accept/event-acceptor.js';
import { createTrafficTracker } from './accept/traffic-tracker.js';
import { resolveApiToken } from './api/api-token.js';
import { buildApp } from './api/app.js';
import { clusterFileReader, createClusterDirectory } from './clusters/cluster-directory.js';
import { loadConfig } from './config/load-config.js';
import { redactedConfig } from './config/redact-config.js';
import type { Config } from './config/schema.js';
import { parseAllowList } from './ingest/allow-list.js';
import { startMailIntake, type MailIntake } from './ingest/mail-intake.js';
import { startTcpListener, type TcpListener } from './ingest/tcp-listener.js';
import { startUdpListener, type UdpListener } from './ingest/udp-listener.js';
import { createOutboxTransport, createSmtpTransport } from './notify/mail-transport.js';
import { createMetrics } from './observability/metrics.js';
import { createRejectionLog } from './observability/rejection-log.js';
import { createPipeline, type Pipeline } from './pipeline.js';
import { QUEUES } from './queue/names.js';
import { createBoundedConnection, createFailFastConnection, createPatientConnection, describeTarget, type RedisTarget } from './redis/connections.js';
import { RedisServerMissingError, startEmbeddedRedis, type EmbeddedRedis } from './redis/embedded-redis.js';
import { BULL_PREFIX } from './redis/keys.js';
import { policyFrom } from './tickets/policy.js';
import { createTicketStore } from './tickets/ticket-store.js';
import { createEventProcessor } from './worker/event-processor.js';
import { createMailProcessor } from './worker/mail-processor.js';
import { createMailScheduler } from './worker/mail-scheduler.js';
import { createTickProcessor } from './worker/tick-processor.js';
import { startWorkerRole, type WorkerRole } from './worker/worker-role.js';

export type Role = 'ingest' | 'worker' | 'api';

/** Largest RTMT alert e-mail the SMTP intake accepts. */
const MAX_ALERT_MAIL_BYTES = 1_048_576;
export const ALL_ROLES: readonly Role[] = ['ingest', 'worker', 'api'];

export interface RunningService {
  ports: { udp?: number; tcp?: number; tls?: number; smtp?: number; http: number };
  stop(): Promise<void>;
}

export interface StartOptions {
  roles: readonly Role[];
  env: Record<string, string | undefined>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

export async function startService(options: StartOptions): Promise<RunningService> {
  const loaded = loadConfig(options.env);
  if (!loaded.ok) throw new ConfigError(loaded.problems);
  const config = loaded.config;
  const roles = new Set(options.roles);

  const logger = pino({
    level: config.logLevel,
    base: { service: 'certwatch' },
    redact: { paths: ['*.password', '*.apiToken', '*.smtpUrl', '*.redisUrl', 'authorization', '*.authorization'], censor: '[redacted]' },
  });
  for (const warning of loaded.warnings) logger.warn({ event: 'ConfigWarning' }, warning);
  logger.info({ event: 'ServiceStarting', roles: [...roles], config: redactedConfig(config) }, 'certwatch starting');

  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const metrics = createMetrics();
  // A rejection nothing handled is a bug; it must not take the listeners down with it mid-flow.
  const onUnhandledRejection = (reason: unknown) => {
    metrics.unhandledRejections.inc();
    logger.error({ event: 'UnhandledRejection', err: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled promise rejection (bug): logged and counted, service stays up');
  };
  process.on('unhandledRejection', onUnhandledRejection);
  // Ordered shutdown: stop listeners, drain in-flight messages, close the worker (finishing a mail in progress),
  // close HTTP, then queues and Redis connections, and last the embedded Redis itself.
  type Cleanup = () => Promise<unknown> | void;
  const phases = { listeners: [] as Cleanup[], drain: [] as Cleanup[], worker: [] as Cleanup[], http: [] as Cleanup[], queues: [] as Cleanup[], redis: [] as Cleanup[], embedded: [] as Cleanup[] };
  const stopAll = async () => {
    for (const [phase, steps] of Object.entries(phases)) {
      for (const step of steps.splice(0)) {
        try {
          await step();
        } catch (error) {
          logger.error({ event: 'ShutdownStepFailed', phase, err: (error as Error).message }, 'shutdown step failed');
        }
      }
    }
    process.off('unhandledRejection', onUnhandledRejection);
  };

  // An invalid inventory at start is a configuration error: list every problem and stop, before starting anything.
  const clusterFile = clusterFileReader(config.clustersFile);
  try {
    clusterFile.read();
  } catch (error) {
    throw new ConfigError([`CLUSTERS_FILE ${(error as Error).message}`]);
  }

  let token: string | undefined;
  if (roles.has('api')) {
    const resolved = resolveApiToken({ configured: config.apiToken, httpHost: config.httpHost, dataDir: config.dataDir });
    if (!resolved.ok) throw new ConfigError([resolved.problem]);
    token = resolved.token;
    if (resolved.generated) logger.warn({ event: 'ApiTokenGenerated', path: resolved.generated }, `HTTP_HOST is not loopback and API_TOKEN is unset: generated the bearer token the API requires into ${resolved.generated}`);
    else if (resolved.file) logger.info({ event: 'ApiTokenFromFile', path: resolved.file }, `the API requires the bearer token in ${resolved.file}`);
  }

  try {
    // Redis: the configured one, or a private redis-server.
    let embedded: EmbeddedRedis | null = null;
    let target: RedisTarget;
    if (config.redisUrl) target = { url: config.redisUrl };
    else {
      embedded = await startEmbeddedRedis(config.dataDir, logger);
      target = embedded.target;
      phases.embedded.push(() => embedded?.stop());
    }
    const connections: Redis[] = [];
    const patient = () => {
      const c = createPatientConnection(target);
      c.on('error', (e) => logger.debug({ event: 'RedisError', err: e.message }, 'redis connection error'));
      connections.push(c);
      return c;
    };
    phases.redis.push(async () => {
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    });
    const redis = patient();
    let redisReady = false;
    redis.on('ready', () => {
      redisReady = true;
      logger.info({ event: 'RedisConnected', target: describeTarget(target) }, 'connected to Redis');
    });
    redis.on('end', () => (redisReady = false));
    redis.on('close', () => (redisReady = false));

    // Workers wait for Redis (patient); whatever answers a request (API, cluster directory) gives up after a while.
    const bounded = createBoundedConnection(target);
    bounded.on('error', () => undefined);
    connections.push(bounded);
    const store = createTicketStore(redis);
    const clusters = createClusterDirectory({ redis: bounded, file: clusterFile, logger });
    // The file's clusters are in place at once; the API's overrides follow when Redis answers. An unreachable Redis
    // must not keep the listeners from starting: what they accept meanwhile goes to the spool.
    const firstRefresh = clusters.refresh().then(
      () => true,
      (error: Error) => {
        logger.warn({ event: 'ClusterRefreshFailed', err: error.message }, 'could not read cluster overrides from Redis');
        return false;
      },
    );
    const refreshedInTime = await Promise.race([firstRefresh, delay(3_000).then(() => false)]);
    if (!refreshedInTime) logger.warn({ event: 'RedisNotReachableAtStart', target: describeTarget(target) }, 'Redis does not answer yet; starting anyway (accepted alarms are spooled to disk)');
    const refreshClusters = setInterval(() => void clusters.refresh().catch(() => undefined), 30_000);
    phases.listeners.push(() => clearInterval(refreshClusters));

    const queueOptions = { prefix: BULL_PREFIX, connection: redis };
    const mailQueue = new Queue(QUEUES.mail, queueOptions);
    const tickQueue = new Queue(QUEUES.tick, queueOptions);
    const eventsQueue = new Queue(QUEUES.events, queueOptions);
    for (const queue of [mailQueue, tickQueue, eventsQueue]) {
      queue.on('error', (error) => logger.debug({ event: 'QueueError', queue: queue.name, err: error.message }, 'queue connection error'));
    }
    phases.queues.push(async () => {
      await Promise.all([mailQueue.close(), tickQueue.close(), eventsQueue.close()]);
    });
    const policy = policyFrom({ reminderDays: config.reminderDays, quietAfterMs: config.quietAfterMs, groupWindowMs: config.mailGroupWindowMs });
    const mailScheduler = createMailScheduler(mailQueue, { groupWindowMs: config.mailGroupWindowMs, attempts: config.mailRetryAttempts, backoffMs: config.mailRetryBaseMs });

    // Ingest side (also used by the API's POST /ingest): fail fast towards Redis, spool to disk meanwhile.
    let pipeline: Pipeline | null = null;
    let spoolHealthy: (() => boolean) | null = null;
    if (roles.has('ingest') || roles.has('api')) {
      const failFast = createFailFastConnection(target);
      failFast.on('error', () => undefined);
      connections.push(failFast);
      const acceptQueue = new Queue(QUEUES.events, { prefix: BULL_PREFIX, connection: failFast });
      acceptQueue.on('error', () => undefined);
      phases.queues.push(() => acceptQueue.close());
      const spool = createDiskSpool(join(config.dataDir, 'spool'), config.spoolMaxBytes);
      const acceptor = createEventAcceptor({ queue: acceptQueue, spool, maxInFlight: config.ingestQueueMaxEvents, persistTimeoutMs: 2_000, logger, metrics });
      failFast.on('ready', () => void acceptor.replaySpool());
      const replayTimer = setInterval(() => {
        if (failFast.status === 'ready' && spool.pendingBytes() > 0) void acceptor.replaySpool();
        if (!spool.healthy()) void spool.probe();
      }, 5_000);
      spoolHealthy = () => spool.healthy();
      phases.listeners.push(() => clearInterval(replayTimer));
      const traffic = createTrafficTracker(redis, logger);
      const flushTimer = setInterval(() => void traffic.flush(), config.trafficFlushMs);
      phases.drain.push(async () => {
        clearInterval(flushTimer);
        await traffic.flush();
      });
      pipeline = createPipeline({
        acceptor, traffic, zoneForNode: clusters.zoneForNode, maxMessageBytes: config.syslogMaxMessageBytes,
        metrics, rejections: createRejectionLog(logger), logger,
      });
      const drainPipeline = pipeline;
      phases.drain.unshift(() => drainPipeline.drain());
    }

    const ports: RunningService['ports'] = { http: 0 };
    const listeners: (UdpListener | TcpListener | MailIntake)[] = [];
    let listenersBound = true;
    if (roles.has('ingest') && pipeline) {
      const allow = parseAllowList(config.syslogAllow);
      const common = {
        host: config.syslogHost, allow, logger, metrics,
        onMessage: pipeline.onMessage, onReject: pipeline.onReject,
      };
      const udp = await startUdpListener({ ...common, port: config.syslogUdpPort, recvBufferBytes: config.syslogUdpRecvBufferBytes, maxMessageBytes: config.syslogMaxMessageBytes });
      listeners.push(udp);
      ports.udp = udp.port;
      const tcpCommon = { ...common, maxConnections: config.syslogMaxTcpConnections, idleTimeoutMs: config.syslogTcpIdleTimeoutMs, maxFrameBytes: config.syslogMaxMessageBytes };
      const tcp = await startTcpListener({ ...tcpCommon, port: config.syslogTcpPort });
      listeners.push(tcp);
      ports.tcp = tcp.port;
      if (config.syslogTlsCert && config.syslogTlsKey) {
        const tls = await startTcpListener({
          ...tcpCommon, port: config.syslogTlsPort,
          tls: { cert: readFileSync(config.syslogTlsCert, 'utf8'), key: readFileSync(config.syslogTlsKey, 'utf8') },
        });
        listeners.push(tls);
        ports.tls = tls.port;
      }
      if (config.mailIntakePort !== undefined) {
        const ingestMail = pipeline.ingestText;
        const intake = await startMailIntake({
          host: config.syslogHost, port: config.mailIntakePort, maxMessageBytes: MAX_ALERT_MAIL_BYTES, allow, logger, metrics,
          async onMail(text, meta) {
            const report = await ingestMail(text, { transport: 'smtp', ...meta });
            // Not persisted: answer 451 so the sending mail server delivers it again later.
            if (report.certificateEvents.some((e) => e.outcome.startsWith('dropped'))) throw new Error('certificate events could not be persisted');
            return { certificateEvents: report.certificateEvents.length };
          },
        });
        listeners.push(intake);
        ports.smtp = intake.port;
      }
      logger.info({ event: 'IngestReady', host: config.syslogHost, udp: ports.udp, tcp: ports.tcp, tls: ports.tls, smtp: ports.smtp }, `syslog listening on ${config.syslogHost}: udp ${ports.udp}, tcp ${ports.tcp}${ports.tls ? `, tls ${ports.tls}` : ' (TLS off)'}`);
      phases.listeners.push(async () => {
        listenersBound = false;
        await Promise.all(listeners.map((l) => l.close()));
      });
    }

    let worker: WorkerRole | null = null;
    if (roles.has('worker')) {
      const smtp = config.smtpUrl ? createSmtpTransport(config.smtpUrl, logger) : null;
      const outbox = createOutboxTransport(join(config.dataDir, 'outbox'), logger);
      if (!smtp) logger.info({ event: 'MailToOutbox', dir: join(config.dataDir, 'outbox') }, 'SMTP_URL unset: plan mails are written to the outbox folder');
      const processEvent = createEventProcessor({ store, clusters, mail: mailScheduler, policy, metrics, logger });
      const processMailJob = createMailProcessor({
        redis, store, clusters, transport: smtp ?? outbox, outbox, from: config.mailFrom, defaultTo: config.mailTo,
        publicUrl: config.publicUrl, lockMs: config.mailLockMs, metrics, logger,
      });
      const processTick = createTickProcessor({ redis, store, clusters, mail: mailScheduler, policy, metrics, logger });
      worker = await startWorkerRole({
        connection: patient, processEvent, processMailJob, processTick, tickQueue, mailQueue,
        tickIntervalMs: config.tickIntervalMs, metrics, logger,
      });
      const runningWorker = worker;
      phases.worker.push(async () => {
        await runningWorker.close();
        smtp?.close();
      });
    }

    const app = await buildApp({
      logger, metrics, bodyLimitBytes: config.httpBodyLimitBytes, writeRateLimitPerMinute: config.apiRateLimitPerMinute,
      readiness: async () => ({
        // A PING that would wait for Redis to return is cut short: /readyz answers at once.
        redis: redisReady && (await Promise.race([bounded.ping().then(() => true, () => false), delay(1_000).then(() => false)])),
        listeners: listenersBound,
        ...(spoolHealthy ? { spool: spoolHealthy() } : {}),
        ...(roles.has('worker') ? { worker: worker?.isRunning() ?? false } : {}),
      }),
      beforeMetrics: async () => {
        for (const l of listeners) if ('kernelDrops' in l) await l.kernelDrops().catch(() => undefined);
      },
      api: roles.has('api') && pipeline
        ? {
          token, store: createTicketStore(bounded), clusters, pipeline, mail: mailScheduler, policy, now: () => new Date(),
          queues: [QUEUES.mail, QUEUES.events].map((name) => {
            const queue = new Queue(name, { prefix: BULL_PREFIX, connection: bounded });
            queue.on('error', () => undefined);
            phases.queues.push(() => queue.close());
            return queue;
          }),
        }
        : undefined,
    });
    await app.listen({ host: config.httpHost, port: config.httpPort });
    const address = app.server.address();
    ports.http = typeof address === 'object' && address ? address.port : config.httpPort;
    logger.info({ event: 'HttpListening', host: config.httpHost, port: ports.http }, `HTTP API on http://${config.httpHost}:${ports.http} (docs at /docs)`);
    phases.http.push(() => app.close());

    let stopping: Promise<void> | null = null;
    return {
      ports,
      stop() {
        stopping ??= (async () => {
          logger.info({ event: 'ServiceStopping' }, 'certwatch stopping');
          await stopAll();
          logger.info({ event: 'ServiceStopped' }, 'certwatch stopped');
          logger.flush?.();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export { RedisServerMissingError };
