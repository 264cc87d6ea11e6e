// The accept side shared by the ingest role and the API's POST /ingest: parse, then persist to Redis (fail fast) or
// to the disk spool, replayed when Redis answers again; plus the traffic record the quiet rule reads.
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { createRejectionLog } from '../observability/rejection-log.js';
import { screenFramesInJs } from '../parse/frame-screen.js';
import { loadNativeFrameScreen } from '../parse/native-frame-screen.js';
import { createPipeline, type Pipeline } from '../pipeline.js';
import { createEventProducer } from '../queue/event-producer.js';
import { QUEUES } from '../queue/names.js';
import { openQueue } from '../queue/queues.js';
import type { RedisHandles } from '../redis/start-redis.js';
import type { Shutdown } from '../shutdown.js';
import { createDiskSpool } from './disk-spool.js';
import { createEventAcceptor } from './event-acceptor.js';
import { createTrafficTracker } from './traffic-tracker.js';

export interface AcceptanceOptions {
  dataDir: string;
  spoolMaxBytes: number;
  maxInFlight: number;
  maxMessageBytes: number;
  trafficFlushMs: number;
  /** Traffic of nodes no cluster lists is kept this long (twice the quiet period). */
  trafficRetainMs: number;
  zoneForNode: (node: string) => string | undefined;
  knowsNode: (nameOrAddress: string) => boolean;
}

export interface Acceptance {
  pipeline: Pipeline;
  /** False while the spool cannot take events (full, or the disk refuses writes). */
  spoolHealthy(): boolean;
}

/** How long persisting to Redis may take before the event goes to the spool instead. */
const PERSIST_TIMEOUT_MS = 2_000;
const SPOOL_CHECK_MS = 5_000;

export function startAcceptance(
  options: AcceptanceOptions,
  deps: { redis: RedisHandles; metrics: Metrics; logger: Logger; shutdown: Shutdown },
): Acceptance {
  const { redis, metrics, logger, shutdown } = deps;
  const failFast = redis.failFast();
  const queue = openQueue(QUEUES.events, failFast, logger);
  shutdown.add('queues', 'events-queue', () => queue.close());
  const spool = createDiskSpool(join(options.dataDir, 'spool'), options.spoolMaxBytes);
  const acceptor = createEventAcceptor({
    events: createEventProducer(queue),
    spool,
    maxInFlight: options.maxInFlight,
    persistTimeoutMs: PERSIST_TIMEOUT_MS,
    logger,
    metrics,
  });
  failFast.on('ready', () => void acceptor.replaySpool());
  const spoolTimer = setInterval(() => {
    if (failFast.status === 'ready' && spool.pendingBytes() > 0) void acceptor.replaySpool();
    if (!spool.healthy()) void spool.probe();
  }, SPOOL_CHECK_MS);
  shutdown.add('listeners', 'spool-timer', () => clearInterval(spoolTimer));

  const traffic = createTrafficTracker(redis.main, logger, metrics, {
    isKnown: options.knowsNode,
    retainMs: options.trafficRetainMs,
  });
  const flushTimer = setInterval(() => void traffic.flush(), options.trafficFlushMs);
  shutdown.add('drain', 'traffic-flush', async () => {
    clearInterval(flushTimer);
    await traffic.flush();
  });
  const rejections = createRejectionLog(logger);
  const nativeScreen = loadNativeFrameScreen();
  if (!nativeScreen.loaded) {
    logger.warn(
      { event: 'NoiseScreenInJavaScript', reason: nativeScreen.reason },
      `noise is screened in JavaScript (the same decision, more CPU per message): ${nativeScreen.reason}`,
    );
  }
  const pipeline = createPipeline({
    acceptor, traffic, zoneForNode: options.zoneForNode, maxMessageBytes: options.maxMessageBytes,
    screen: nativeScreen.loaded ? nativeScreen.screen : screenFramesInJs, metrics, rejections, logger,
  });
  shutdown.add('drain', 'pipeline', () => pipeline.drain(), true);
  // What the rejection log held back in the minute still running is summarised before the process goes.
  shutdown.add('drain', 'rejection-summary', () => rejections.flush());
  return { pipeline, spoolHealthy: () => spool.healthy() };
}
