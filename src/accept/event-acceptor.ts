// "Accepted" means persisted: an event job in Redis (AOF), or, while Redis is unreachable, a line in the disk spool
// that is replayed when Redis returns. The events of one turn of the event loop go to Redis in one round trip
// (persist-batch.ts); a batch that fails sends each of its events to the spool. Overload (too many accepts in flight,
// or one source over its share: see fair-share.ts) is counted and logged, never silent.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CertificateEvent } from '../domain/certificate-event.js';
import { createLogThrottle } from '../observability/log-throttle.js';
import type { Metrics } from '../observability/metrics.js';
import type { EventProducer } from '../queue/event-producer.js';
import type { AcceptedEvent } from './accepted-event.js';
import type { DiskSpool } from './disk-spool.js';
import { createFairShare, type Lane } from './fair-share.js';
import { createPersistBatch } from './persist-batch.js';
import { repeatKey } from './repeat-fold.js';
import { addSighting, singleSighting, type Sightings } from '../tickets/sightings.js';

export type AcceptOutcome = 'queued' | 'spooled' | 'dropped-spool-full' | 'dropped-overload' | 'dropped-source-share';

export interface EventAcceptor {
  accept(event: CertificateEvent, source: AcceptSource): Promise<AcceptOutcome>;
  /** Moves spooled events into Redis; called when the connection is (re)established. Never rejects. */
  replaySpool(): Promise<void>;
  /** Resolves when every accept in flight has settled (for ordered shutdown). */
  drain(): Promise<void>;
  /** `source` holds its share of the accepts in flight, or all are taken: a further one from it would be dropped
   * (stream senders are held back instead). */
  isFull(source: string): boolean;
}

export interface AcceptSource {
  address: string;
  transport: AcceptedEvent['transport'];
  receivedAt: Date;
  /** performance.now() at receipt, when the listener knows it: the accept latency is measured from there. */
  receivedAtPerf?: number | undefined;
}

/** Repeats waiting for the persist in flight of their kind; persisted as one event when it settles. */
interface Fold {
  accepted: AcceptedEvent;
  sightings: Sightings;
  settled: Promise<AcceptOutcome>;
  settle(outcome: AcceptOutcome): void;
}

export interface EventAcceptorDeps {
  events: EventProducer;
  spool: DiskSpool;
  maxInFlight: number;
  /** How long persisting to Redis may take (one batch) before its events go to the spool instead. */
  persistTimeoutMs: number;
  logger: Logger;
  metrics: Metrics;
}

export function createEventAcceptor(deps: EventAcceptorDeps): EventAcceptor {
  const { events, spool, logger, metrics } = deps;
  const inFlight = new Set<Promise<unknown>>();
  const share = createFairShare(deps.maxInFlight);
  const spooledLog = createLogThrottle();
  const lostLog = createLogThrottle();
  const secondLaneLog = createLogThrottle();
  /** Kinds of event (repeatKey) with a persist in flight, and the repeats folded in meanwhile (null: none yet). */
  const folds = new Map<string, Fold | null>();
  let replaying: Promise<void> | null = null;
  const acceptSeconds = {
    redis: metrics.eventAcceptSeconds.labels({ stored: 'redis' }),
    spool: metrics.eventAcceptSeconds.labels({ stored: 'spool' }),
  };

  /** Received -> accepted, for every event that was persisted (each folded repeat included: it waited as long). */
  function observeLatency(work: Promise<AcceptOutcome>, source: AcceptSource): Promise<AcceptOutcome> {
    const startPerf = source.receivedAtPerf ?? performance.now() - (Date.now() - source.receivedAt.getTime());
    void work.then((outcome) => {
      if (outcome === 'queued') acceptSeconds.redis.observe((performance.now() - startPerf) / 1000);
      else if (outcome === 'spooled') acceptSeconds.spool.observe((performance.now() - startPerf) / 1000);
    });
    return work;
  }

  // Events of one turn share a round trip; at most maxInFlight are in flight (the fair share), so a batch is bounded.
  const batch = createPersistBatch({ events, timeoutMs: deps.persistTimeoutMs });
  const enqueue = (accepted: AcceptedEvent, lane: Lane = { lane: 'first' }) =>
    batch.persist({ accepted, lane: lane.lane });

  async function persist(accepted: AcceptedEvent, lane: Lane): Promise<AcceptOutcome> {
    try {
      await enqueue(accepted, lane);
      return 'queued';
    } catch (error) {
      const result = await spool.write(accepted);
      if (result.outcome === 'spooled') {
        metrics.spooled.inc();
        const due = spooledLog.due();
        if (due) {
          logger.warn(
            { event: 'EventSpooled', eventId: accepted.id, err: (error as Error).message, alsoSpooled: due.suppressed },
            'Redis unreachable: certificate event written to the disk spool',
          );
        }
        return 'spooled';
      }
      metrics.spoolOverflow.inc({ reason: result.outcome });
      const due = lostLog.due();
      if (due) {
        logger.error(
          {
            event: 'EventLostSpoolFull',
            reason: result.outcome,
            detail: result.detail,
            eventId: accepted.id,
            node: accepted.event.node,
            unit: accepted.event.unit,
            certificate: accepted.event.certificate,
            alsoLost: due.suppressed,
          },
          `Redis unreachable and the disk spool cannot take events (${result.detail}): certificate event dropped`,
        );
      }
      return 'dropped-spool-full';
    }
  }

  /** Never rejects: whatever goes wrong on the way is an outcome, counted and logged. */
  async function persistSafely(accepted: AcceptedEvent, lane: Lane): Promise<AcceptOutcome> {
    try {
      return await persist(accepted, lane);
    } catch (error) {
      metrics.spoolOverflow.inc({ reason: 'spool-error' });
      logger.error(
        { event: 'EventLostAcceptFailed', eventId: accepted.id, err: (error as Error).message },
        'certificate event could not be persisted',
      );
      return 'dropped-spool-full';
    }
  }

  /** Persists one event (a slot of its source is free or was just given back by its kind) and, once it settles,
   * the repeats folded in meanwhile, as one event. */
  function start(key: string, accepted: AcceptedEvent): Promise<AcceptOutcome> {
    folds.set(key, null);
    const source = accepted.sourceAddress;
    const lane = share.lane(source, Date.parse(accepted.receivedAt));
    if (lane.lane === 'second') {
      metrics.eventsSecondLane.inc({ reason: lane.reason });
      const due = secondLaneLog.due();
      if (due) {
        logger.warn(
          { event: 'EventQueuedBehindOthers', reason: lane.reason, source, alsoQueuedBehind: due.suppressed },
          `${source} sends more certificate events than its share: they are queued behind other sources' events`,
        );
      }
    }
    share.take(source);
    const work = persistSafely(accepted, lane).finally(() => {
      inFlight.delete(work);
      share.give(source);
      const fold = folds.get(key);
      if (fold) {
        // Taken before anything else can run: the slot just given back goes to the folded repeats.
        void start(key, { ...fold.accepted, sightings: fold.sightings }).then(fold.settle);
      } else {
        folds.delete(key);
      }
    });
    inFlight.add(work);
    return work;
  }

  /** A repeat of the event of its kind being persisted: it joins the next event of that kind. */
  function foldIn(key: string, accepted: AcceptedEvent): Promise<AcceptOutcome> {
    const fold = folds.get(key);
    if (fold) {
      metrics.eventsCoalesced.inc(); // the first repeat of a fold becomes its event: only the ones after it are saved
      fold.sightings = addSighting(fold.sightings, fold.accepted.event.alarmAt, accepted.event.alarmAt);
      fold.accepted = accepted;
      return fold.settled;
    }
    let settle!: (outcome: AcceptOutcome) => void;
    const settled = new Promise<AcceptOutcome>((resolve) => { settle = resolve; });
    folds.set(key, { accepted, sightings: singleSighting(accepted.event.alarmAt), settled, settle });
    return settled;
  }

  return {
    accept(event, source) {
      const accepted: AcceptedEvent = {
        id: randomUUID(),
        event,
        sourceAddress: source.address,
        transport: source.transport,
        receivedAt: source.receivedAt.toISOString(),
      };
      const key = repeatKey(event, source.address);
      if (folds.has(key)) return observeLatency(foldIn(key, accepted), source);
      if (!share.hasSlot(source.address)) {
        const allTaken = share.inFlight() >= deps.maxInFlight;
        metrics.overloadDropped.inc({ where: allTaken ? 'accept' : 'accept-source-share' });
        logger.error(
          {
            event: 'EventDroppedOverload',
            reason: allTaken ? 'all-slots-taken' : 'source-share',
            source: source.address,
            node: event.node,
            unit: event.unit,
            certificate: event.certificate,
            inFlight: share.inFlight(),
          },
          allTaken
            ? 'too many certificate events in flight: event dropped'
            : `${source.address} holds its share of the certificate events in flight: event dropped`,
        );
        return Promise.resolve(allTaken ? 'dropped-overload' : 'dropped-source-share');
      }
      return observeLatency(start(key, accepted), source);
    },
    replaySpool() {
      replaying ??= (async () => {
        try {
          const { delivered, remaining } = await spool.replay(enqueue);
          if (delivered > 0 || remaining > 0) {
            logger.info({ event: 'SpoolReplayed', delivered, remaining }, 'disk spool replayed into Redis');
          }
        } catch (error) {
          logger.error(
            { event: 'SpoolReplayFailed', err: (error as Error).message },
            'disk spool replay failed; retried on the next connection or timer',
          );
        } finally {
          replaying = null;
        }
      })();
      return replaying;
    },
    isFull: (source) => !share.hasSlot(source),
    async drain() {
      // A settling persist may start the one of its folded repeats: wait until none is left.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      if (replaying) await replaying;
    },
  };
}
