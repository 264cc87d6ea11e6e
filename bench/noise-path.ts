// `node --import tsx bench/noise-path.ts`: certwatch's own work per noise datagram, without the socket: what the UDP
// listener and the pipeline do for a message that is no certificate alarm, in microseconds, and its parts: the
// screen of a read of 64 messages at once (in C when native/build/frame_scan.node is built, and in JavaScript), and
// the one-message path that alarms take. The socket's own cost (a bare dgram receiver, ~3.3 us here) comes on top;
// `npm run bench` measures the whole.
import pino from 'pino';
import { createTrafficTracker } from '../src/accept/traffic-tracker.js';
import { countingChild } from '../src/observability/label-children.js';
import { createMetrics } from '../src/observability/metrics.js';
import { createRejectionLog } from '../src/observability/rejection-log.js';
import { FrameOffsets } from '../src/ingest/frame-offsets.js';
import { screenFramesInJs, type FrameScreen } from '../src/parse/frame-screen.js';
import { prefilter, sniffNode } from '../src/parse/index.js';
import { loadNativeFrameScreen } from '../src/parse/native-frame-screen.js';
import { createPipeline } from '../src/pipeline.js';
import { buildTraffic } from './traffic.js';

const ROUNDS = Number(process.env.NOISE_ROUNDS ?? 40);
const traffic = buildTraffic(new Date());
const noise = Array.from({ length: 7 * 1_500 }, (_, i) => traffic.at(i)).filter((_, i) => !traffic.isAlarm(i));
const logger = pino({ level: 'silent' });
const metrics = createMetrics();
const tracker = createTrafficTracker(null as never /* flush is never called here: no Redis */, logger, metrics, {
  isKnown: () => false,
  retainMs: 3_600_000,
});
const native = loadNativeFrameScreen();
const pipelineWith = (screen: FrameScreen) =>
  createPipeline({
    acceptor: null as never, // noise never reaches the acceptor
    traffic: tracker,
    zoneForNode: () => undefined,
    maxMessageBytes: 8_192,
    screen,
    metrics,
    rejections: createRejectionLog(logger),
    logger,
  });
const pipeline = pipelineWith(screenFramesInJs);
const received = countingChild(metrics.messagesReceived, { transport: 'udp' });
const bytes = countingChild(metrics.bytesReceived, { transport: 'udp' });
const noiseChild = countingChild(metrics.noise, { transport: 'udp' });
const addresses = ['10.1.1.1', '10.1.1.2', '10.1.1.3'];

function time(name: string, perMessage: (msg: Buffer, i: number) => void): void {
  for (let i = 0; i < noise.length; i++) perMessage(noise[i]!, i); // warm-up
  const started = process.hrtime.bigint();
  for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < noise.length; i++) perMessage(noise[i]!, i);
  const ns = Number(process.hrtime.bigint() - started) / (ROUNDS * noise.length);
  console.log(`${name.padEnd(46)} ${(ns / 1000).toFixed(3)} us`);
}

/** Reads of 64 messages: one buffer each, as the recvmmsg reader hands them over, with their offsets. */
const BATCH = 64;
const reads = Array.from({ length: Math.floor(noise.length / BATCH) }, (_, b) => {
  const messages = noise.slice(b * BATCH, (b + 1) * BATCH);
  const offsets = new FrameOffsets();
  let at = 0;
  for (const m of messages) offsets.add(at, (at += m.length));
  return { chunk: Buffer.concat(messages), offsets, sources: messages.map((_, i) => addresses[i % 3]!) };
});

function timeReads(name: string, screen: FrameScreen): void {
  const p = pipelineWith(screen);
  const once = () => {
    for (const { chunk, offsets, sources } of reads) {
      bytes.inc(chunk.length);
      received.inc(offsets.count);
      p.screenNoise(
        chunk,
        offsets.frames,
        offsets.count,
        { transport: 'udp', sources, atMs: Date.now() },
        offsets.rest,
      );
    }
  };
  once(); // warm-up
  const started = process.hrtime.bigint();
  for (let r = 0; r < ROUNDS; r++) once();
  const ns = Number(process.hrtime.bigint() - started) / (ROUNDS * reads.length * BATCH);
  console.log(`${name.padEnd(46)} ${(ns / 1000).toFixed(3)} us`);
}

if (native.loaded) timeReads('reads of 64, screened in C (the whole)', native.screen);
else console.log(`reads of 64, screened in C: not measured (${native.reason})`);
timeReads('reads of 64, screened in JavaScript (the whole)', screenFramesInJs);
time('one message: listener + pipeline.onMessage', (msg, i) => {
  bytes.inc(msg.length);
  received.inc();
  pipeline.onMessage(msg, {
    transport: 'udp',
    remoteAddress: addresses[i % 3]!,
    receivedAt: new Date(),
    receivedAtPerf: performance.now(),
  });
});
time('  sniffNode', (msg) => void sniffNode(msg));
time('  prefilter (marks, NUL, blank, UTF-8: one pass)', (msg) => void prefilter(msg));
time('  noise counter, prom-client labelled inc', () => metrics.noise.inc({ transport: 'udp' }));
time('  noise counter, counting child (as the pipeline)', () => noiseChild.inc());
time('  new Date() + performance.now()', () => void (new Date(), performance.now()));
