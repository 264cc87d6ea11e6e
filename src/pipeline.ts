// The one place where received bytes become accepted certificate events:
// prefilter -> decode -> parse -> accept (persist). Sockets and the HTTP ingest route both call in here.
import type { Logger } from 'pino';
import type { AcceptOutcome, EventAcceptor } from './accept/event-acceptor.js';
import type { TrafficTracker } from './accept/traffic-tracker.js';
import type { CertificateEvent } from './domain/certificate-event.js';
import type { MessageMeta, ReadSource, ScreenNoise } from './ingest/message-meta.js';
import { countingChild, keptChildren, keptChildrenOf2 } from './observability/label-children.js';
import { alarmLabel, type Metrics } from './observability/metrics.js';
import type { RejectionLog } from './observability/rejection-log.js';
import type { FrameScreen, FrameVisitor } from './parse/frame-screen.js';
import {
  decodeFrame,
  parseLine,
  parseText,
  prefilter,
  sniffNode,
  type ParseContext,
  type ParseOutcome,
} from './parse/index.js';
import { noNodeLabels } from './parse/node-labels.js';
import type { RejectReason } from './parse/types.js';

export interface Pipeline {
  /** Hot path for every syslog message from a socket. Never throws. */
  onMessage(bytes: Buffer, meta: MessageMeta): void;
  /** Hotter path: the messages of one read at once; the noise stops here, the rest goes to onMessage. */
  screenNoise: ScreenNoise;
  /** A listener refused something (oversized frame, connection limit, ...): count and log it. */
  onReject(reason: string, meta: Omit<MessageMeta, 'receivedAt'>, detail: string): void;
  /** The HTTP ingest route: text with many lines or an RTMT alert e-mail; answers with what was recognised. */
  ingestText(text: string, meta: MessageMeta): Promise<IngestReport>;
  /** Resolves when every accept in flight has settled. */
  drain(): Promise<void>;
  /** The accept side is full for this source: stream listeners stop reading until it is not (UDP cannot wait: it
   * counts drops). */
  isBusy(source: string): boolean;
}

export interface IngestReport {
  certificateEvents: { event: CertificateEvent; outcome: AcceptOutcome }[];
  noise: number;
  rejected: { reason: string; detail: string }[];
}

export interface PipelineDeps {
  acceptor: EventAcceptor;
  traffic: TrafficTracker;
  zoneForNode: (node: string) => string | undefined;
  maxMessageBytes: number;
  /** The noise screen: the C one when it is built (native-frame-screen.ts), else the JavaScript one. */
  screen: FrameScreen;
  metrics: Metrics;
  rejections: RejectionLog;
  logger: Logger;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const { acceptor, traffic, metrics, rejections, logger } = deps;
  const pending = new Set<Promise<unknown>>();
  /** Filled by the prefilter for each message in turn (onMessage is synchronous): no object per message. */
  const labels = noNodeLabels();
  const noiseOf = keptChildren((transport: MessageMeta['transport']) => countingChild(metrics.noise, { transport }));
  const countNoise = (transport: MessageMeta['transport']) => noiseOf(transport).inc();
  const rejectedOf = keptChildrenOf2((transport: MessageMeta['transport'], reason: RejectReason) =>
    countingChild(metrics.rejected, { transport, reason }),
  );
  // Keyed by the alarm's label, not its name: a sender can invent names, not labels.
  const certificateEventsOf = keptChildrenOf2((alarm: ReturnType<typeof alarmLabel>, via: CertificateEvent['via']) =>
    metrics.certificateEvents.labels({ alarm, via }),
  );

  function context(receivedAt: Date): ParseContext {
    return { receivedAt, zoneForNode: deps.zoneForNode };
  }

  function countOutcome(outcome: ParseOutcome, meta: Pick<MessageMeta, 'transport' | 'remoteAddress'>): void {
    if (outcome.kind === 'noise') countNoise(meta.transport);
    else if (outcome.kind === 'rejected') {
      rejectedOf(meta.transport, outcome.reason).inc();
      rejections.reject(outcome.reason, { transport: meta.transport, source: meta.remoteAddress }, outcome.detail);
    } else {
      certificateEventsOf(alarmLabel(outcome.event.alarm), outcome.event.via).inc();
      // Debug, not info: a pino line per accepted alarm cost 3 % of the ingest's busy time under the bench. The clear
      // line per alarm is the worker's TicketDecided (one per ticket decision); the counts are in the metrics.
      if (logger.isLevelEnabled('debug')) {
        logger.debug(
          {
            event: 'CertificateEventParsed',
            node: outcome.event.node,
            unit: outcome.event.unit,
            certificate: outcome.event.certificate,
            alarm: outcome.event.alarm,
            expiresAt: outcome.event.expiry.at,
            precision: outcome.event.expiry.precision,
          },
          'certificate alarm received',
        );
      }
    }
  }

  // One read at a time (screenNoise is synchronous), so the visitor is made once and reads the read's state from here.
  let read: ReadSource = { transport: 'udp', sources: '', atMs: 0 };
  let rest: Int32Array = new Int32Array(0);
  let restCount = 0, noise = 0;
  let lastNode: string | null = null, lastSource = '';
  const visit: FrameVisitor = (k, verdict, node) => {
    if (verdict !== 'noise') {
      rest[restCount++] = k;
      return;
    }
    noise += 1;
    const source = typeof read.sources === 'string' ? read.sources : read.sources[k]!;
    // A run of one node's lines from one source is noted once (the tracker would look each one up to find it noted).
    if (node !== lastNode || source !== lastSource) {
      traffic.touch(node, source, read.atMs);
      lastNode = node;
      lastSource = source;
    }
  };

  function accept(event: CertificateEvent, meta: MessageMeta): Promise<AcceptOutcome> {
    const work = acceptor.accept(event, {
      address: meta.remoteAddress,
      transport: meta.transport,
      receivedAt: meta.receivedAt,
      receivedAtPerf: meta.receivedAtPerf,
    });
    pending.add(work);
    void work.finally(() => pending.delete(work));
    return work;
  }

  return {
    onMessage(bytes, meta) {
      // Most traffic is not about certificates and must cost almost nothing; garbage still gets a named rejection.
      const verdict = prefilter(bytes, labels);
      // Noise was read to its end by the prefilter, which noted the node labels on the way: no second pass for them.
      traffic.touch(
        sniffNode(bytes, verdict === 'noise' ? labels : undefined),
        meta.remoteAddress,
        meta.receivedAt.getTime(),
      );
      if (verdict === 'noise') {
        countNoise(meta.transport);
        return;
      }
      const decoded = decodeFrame(bytes, deps.maxMessageBytes);
      if (!decoded.ok) {
        countOutcome({ kind: 'rejected', reason: decoded.reason, detail: decoded.detail }, meta);
        return;
      }
      const stop = metrics.parseSeconds.startTimer();
      const outcome = parseLine(decoded.text, context(meta.receivedAt));
      stop();
      countOutcome(outcome, meta);
      if (outcome.kind === 'certificate') void accept(outcome.event, meta);
    },
    screenNoise(chunk, frames, count, from, restOut) {
      read = from;
      rest = restOut;
      restCount = noise = 0;
      lastNode = null;
      lastSource = '';
      try {
        deps.screen(chunk, frames, count, visit);
      } catch (err) {
        // A bug, never the input: what was not screened goes the long way, so nothing is lost.
        logger.error(
          { event: 'NoiseScreenFailed', err },
          'the noise screen threw; the read goes through the full path',
        );
        for (let k = 0; k < count; k++) rest[k] = k;
        restCount = count;
        noise = 0;
      }
      if (noise > 0) noiseOf(from.transport).inc(noise);
      return restCount;
    },
    onReject(reason, meta, detail) {
      // The listener already counted it (rejected{transport,reason}); here it is only logged.
      rejections.reject(reason, { transport: meta.transport, source: meta.remoteAddress }, detail);
    },
    async ingestText(text, meta) {
      const report: IngestReport = { certificateEvents: [], noise: 0, rejected: [] };
      const outcomes = parseText(text, context(meta.receivedAt));
      for (const outcome of outcomes) {
        countOutcome(outcome, meta);
        if (outcome.kind === 'noise') report.noise += 1;
        else if (outcome.kind === 'rejected') report.rejected.push({ reason: outcome.reason, detail: outcome.detail });
        else report.certificateEvents.push({ event: outcome.event, outcome: await accept(outcome.event, meta) });
      }
      return report;
    },
    isBusy: (source) => acceptor.isFull(source),
    async drain() {
      await Promise.allSettled([...pending]);
      await acceptor.drain();
    },
  };
}
