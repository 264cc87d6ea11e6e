// `node --import tsx bench/udp-turns.ts`: why the accept latency of the recvmmsg reader was far above dgram's (issue
// 11), without the whole product and independent of how fast the machine's sender is: a burst of datagrams queues up
// in the socket while JavaScript is blocked (as under a flood, when JavaScript is the slower side), then the reader
// hands them over while each costs BUSY_US of JavaScript. One datagram in ALARM_EVERY is an "alarm", persisted as the
// acceptor persists it (src/accept/persist-batch.ts: flushed from setImmediate, one round trip to a real
// redis-server). Printed per reader, p50 / p99 / max: from the datagram's delivery to JavaScript to Redis's reply
// (the wait the turns cause, the same for both readers) and from the receipt the reader reports (recvmmsg: when its
// thread read the datagram, which includes the wait for a delivery; dgram: the delivery); the most datagrams handed
// over in one turn of the event loop; the event loop delay while the burst is handed over (not while it is sent).
// Environment: BURST (datagrams per round, default 4,000), ROUNDS (5), BUSY_US (20), ALARM_EVERY (50),
// READERS (recvmmsg,dgram).
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createPersistBatch } from '../src/accept/persist-batch.js';
import type { UdpReaderKind } from '../src/ingest/udp-reader.js';
import { startUdpListener } from '../src/ingest/udp-listener.js';
import { createMetrics } from '../src/observability/metrics.js';
import type { EventToAdd } from '../src/queue/event-producer.js';
import { startTestRedis } from '../test/support/redis-server.js';

const env = process.env;
const BURST = Number(env.BURST ?? 4_000);
const ROUNDS = Number(env.ROUNDS ?? 5);
const BUSY_US = Number(env.BUSY_US ?? 20);
const ALARM_EVERY = Number(env.ALARM_EVERY ?? 50);
const READERS = (env.READERS ?? 'recvmmsg,dgram').split(',') as UdpReaderKind[];

/** Sends `count` datagrams from a child process while this one waits: they queue up in the receiver's socket. */
function burst(port: number, count: number): void {
  execFileSync(process.execPath, ['-e', `
    const s = require('node:dgram').createSocket('udp4');
    const msg = Buffer.alloc(200, 0x61);
    let i = 0;
    const next = () => (i++ === ${count} ? s.close() : s.send(msg, ${port}, '127.0.0.1', next));
    next();`]);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function measure(reader: UdpReaderKind, redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const persist = createPersistBatch({
    events: { addMany: (events: readonly EventToAdd[]) => redis.rpush('udp-turns', ...events.map((e) => e.accepted.id)) },
    timeoutMs: 2_000,
  });
  const fromDelivery: number[] = [];
  const fromReceipt: number[] = [];
  let received = 0;
  let inThisTurn = 0;
  let mostInOneTurn = 0;
  const listener = await startUdpListener({
    host: '127.0.0.1', port: 0, maxMessageBytes: 2048, recvBufferBytes: 32 * 1024 * 1024, reader,
    logger: pino({ level: 'silent' }), metrics: createMetrics(), dropsPollMs: 0, onReject: () => undefined,
    onMessage(_bytes, meta) {
      const deliveredAt = performance.now();
      firstDelivery ??= deliveredAt;
      lastDelivery = deliveredAt;
      received += 1;
      inThisTurn += 1;
      const busyUntil = performance.now() + BUSY_US / 1000;
      while (performance.now() < busyUntil);
      if (received % ALARM_EVERY !== 0) return;
      const receivedAt = meta.receivedAtPerf!;
      void persist.persist({ accepted: { id: String(received) } as EventToAdd['accepted'], lane: 'first' }).then(() => {
        fromDelivery.push(performance.now() - deliveredAt);
        fromReceipt.push(performance.now() - receivedAt);
      });
    },
  });
  let turning = true;
  const endOfTurn = () => {
    mostInOneTurn = Math.max(mostInOneTurn, inThisTurn);
    inThisTurn = 0;
    if (turning) setImmediate(endOfTurn);
  };
  setImmediate(endOfTurn);
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  let sent = 0;
  let firstDelivery: number | undefined;
  let lastDelivery = 0;
  let handingOverMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    burst(listener.port, BURST);
    sent += BURST;
    firstDelivery = undefined;
    loopDelay.enable();
    // Settled: every datagram that was not dropped arrived and the alarms among them were persisted.
    let still = 0;
    for (let last = -1; still < 5; await new Promise((resolve) => setTimeout(resolve, 20))) {
      still = received === last ? still + 1 : 0;
      last = received;
    }
    loopDelay.disable();
    handingOverMs += lastDelivery - (firstDelivery ?? lastDelivery);
  }
  turning = false;
  await listener.close();
  redis.disconnect();
  const figures = (ms: number[]) => {
    const sorted = ms.sort((a, b) => a - b);
    return `${quantile(sorted, 0.5).toFixed(2)} / ${quantile(sorted, 0.99).toFixed(2)} / ${(sorted.at(-1) ?? NaN).toFixed(2)} ms`;
  };
  console.log(
    `${reader.padEnd(8)}: ${received} of ${sent} datagrams, ${fromDelivery.length} alarms persisted; p50 / p99 / max from delivery ${figures(fromDelivery)}, `
    + `from receipt ${figures(fromReceipt)}; most datagrams in one turn ${mostInOneTurn}; `
    + `handed over at ${Math.round(received / (handingOverMs / 1000)).toLocaleString('en-US')}/s; `
    + `event loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
  );
}

const redis = await startTestRedis();
try {
  console.log(`udp-turns: ${ROUNDS} bursts of ${BURST} datagrams, ${BUSY_US} us of JavaScript per datagram, an alarm every ${ALARM_EVERY}`);
  for (const reader of READERS) await measure(reader, redis.url);
} finally {
  await redis.stop();
}
