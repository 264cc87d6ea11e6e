// The pipeline's noise screen for a whole read (pipeline.screenNoise), with the C screen and the JavaScript one: the
// noise is counted and its nodes noted for the quiet rule (once per run of one node from one source), everything
// else is left for onMessage in order; a screen that throws loses nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import type { TrafficTracker } from '../../src/accept/traffic-tracker.js';
import { FrameOffsets } from '../../src/ingest/frame-offsets.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createRejectionLog } from '../../src/observability/rejection-log.js';
import { screenFramesInJs, type FrameScreen } from '../../src/parse/frame-screen.js';
import { loadNativeFrameScreen } from '../../src/parse/native-frame-screen.js';
import { createPipeline } from '../../src/pipeline.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { metricValue } from '../support/metrics.js';
import { capturingLogger } from '../ingest/harness.js';

const native = loadNativeFrameScreen();
const SCREENS: { name: string; screen: FrameScreen | undefined; skip: string | false }[] = [
  { name: 'C', screen: native.loaded ? native.screen : undefined, skip: native.loaded ? false : native.reason },
  { name: 'JavaScript', screen: screenFramesInJs, skip: false },
];

function setUp(screen: FrameScreen) {
  const touched: [string | null, string][] = [];
  const traffic: TrafficTracker = {
    touch: (node, source) => void touched.push([node, source]),
    flush: () => Promise.resolve(),
  };
  const metrics = createMetrics();
  const { logger, lines } = capturingLogger();
  const pipeline = createPipeline({
    acceptor: null as never, // nothing here reaches the acceptor: only the screen runs
    traffic,
    zoneForNode: () => undefined,
    maxMessageBytes: 8192,
    screen,
    metrics,
    rejections: createRejectionLog(pino({ level: 'silent' })),
    logger,
  });
  return { pipeline, touched, metrics, lines };
}

function read(messages: string[]): { chunk: Buffer; offsets: FrameOffsets } {
  const offsets = new FrameOffsets();
  let at = 0;
  for (const m of messages) offsets.add(at, (at += Buffer.byteLength(m)));
  return { chunk: Buffer.from(messages.join('')), offsets };
}

const noise = (node: string) =>
  `<187>1: ${node}: %UC_CALLMANAGER-3-EndPointUnregistered: %[DeviceName=SEP1][NodeID=${node}]: x`;
const ALARM = certAlarmLine({
  node: 'cucm01',
  unit: 'tomcat',
  certificate: 'tomcat.pem',
  alarm: 'CertExpired',
  at: new Date('2026-11-28T10:00:00Z'),
  expires: new Date('2026-11-27T10:00:00Z'),
});

for (const { name, screen, skip } of SCREENS) {
  describe(`pipeline.screenNoise (${name} screen)`, { skip }, () => {
    test('noise counted and its nodes noted once per run; the alarm and the binary frame left for onMessage', async () => {
      const { pipeline, touched, metrics } = setUp(screen!);
      const messages = [
        noise('cucm01'),
        noise('cucm01'),
        ALARM,
        noise('cucm01'),
        noise('cucm02'),
        'bin\u0000ary',
        noise('cucm02'),
        '<78>Nov 24 09:01:01 tftp1 crond[1]: x',
      ];
      const { chunk, offsets } = read(messages);
      const sources = ['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2'];
      const restCount = pipeline.screenNoise(
        chunk,
        offsets.frames,
        offsets.count,
        { transport: 'udp', sources, atMs: 1_000 },
        offsets.rest,
      );
      assert.deepEqual([...offsets.rest.subarray(0, restCount)], [2, 5]);
      assert.equal(await metricValue(metrics.noise, { transport: 'udp' }), 6);
      assert.deepEqual(touched, [
        ['cucm01', '10.0.0.1'],
        ['cucm02', '10.0.0.1'],
        ['cucm02', '10.0.0.2'],
        ['tftp1', '10.0.0.2'],
      ]);
    });

    test('one source for a whole TCP chunk, and a read of nothing but noise', async () => {
      const { pipeline, touched, metrics } = setUp(screen!);
      const { chunk, offsets } = read([noise('a1'), noise('a1'), noise('b2')]);
      const restCount = pipeline.screenNoise(
        chunk,
        offsets.frames,
        offsets.count,
        { transport: 'tcp', sources: '10.0.0.9', atMs: 1_000 },
        offsets.rest,
      );
      assert.equal(restCount, 0);
      assert.equal(await metricValue(metrics.noise, { transport: 'tcp' }), 3);
      assert.deepEqual(touched, [['a1', '10.0.0.9'], ['b2', '10.0.0.9']]);
    });
  });
}

describe('pipeline.screenNoise when the screen throws', () => {
  test('every frame of the read is left for onMessage, nothing counted as noise, and the failure is logged', async () => {
    const { pipeline, metrics, lines } = setUp(() => {
      throw new Error('screen bug');
    });
    const { chunk, offsets } = read([noise('a1'), ALARM]);
    const restCount = pipeline.screenNoise(
      chunk,
      offsets.frames,
      offsets.count,
      { transport: 'udp', sources: ['x', 'x'], atMs: 0 },
      offsets.rest,
    );
    assert.deepEqual([...offsets.rest.subarray(0, restCount)], [0, 1]);
    assert.equal(await metricValue(metrics.noise, { transport: 'udp' }), 0);
    assert.ok(lines.some((l) => l.event === 'NoiseScreenFailed'));
  });
});
