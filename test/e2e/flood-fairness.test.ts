// Issue 9, defect 5: one flooding source gets its fair share of the accept pipeline, not all of it. A genuine alarm
// from another source is neither dropped for lack of accept slots nor queued behind thousands of the flood's events.
// Sources are told apart by address: the senders bind to their own loopback addresses.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect as netConnect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX, KEY_PREFIX } from '../../src/redis/keys.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { heavySkip } from '../support/heavy.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 86_400_000;
const FLOODER = '127.0.0.3';
const GENUINE = '127.0.0.5';

function alarm(node: string, now: number): string {
  return certAlarmLine({
    node,
    unit: 'tomcat',
    certificate: 'tomcat.der',
    alarm: 'CertValidfor7days',
    at: new Date(now),
    expires: new Date(now + 3 * DAY),
  });
}

async function floodOverTcp(port: number, lines: string[]): Promise<Socket> {
  const socket = netConnect({ port, host: '127.0.0.1', localAddress: FLOODER });
  socket.on('error', () => undefined);
  await new Promise((r) => socket.once('connect', r));
  socket.write(lines.map((l) => `${l}\n`).join(''));
  return socket;
}

async function sendGenuineOverUdp(port: number, line: string): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind({ address: GENUINE, port: 0 }, () => r()));
  await new Promise<void>((resolve, reject) =>
    socket.send(Buffer.from(line), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
  );
  socket.close();
}

describe('a flooding source keeps to its share of the accept slots (issue 9, defect 5)', { skip: heavySkip }, () => {
  let redis: TestRedis;
  let service: TestService;
  before(async () => {
    redis = await startTestRedis();
    // Eight slots: one source may hold two.
    service = await startTestService({ REDIS_URL: redis.url, INGEST_QUEUE_MAX_EVENTS: '8' }, ['ingest', 'api']);
  });
  after(async () => {
    redis.thaw();
    await service.stop();
    await redis.stop();
  });

  test('while Redis is frozen and a TCP flood waits for slots, a UDP alarm from another source is accepted, not dropped', async () => {
    redis.freeze();
    const now = Date.now();
    const flood = await floodOverTcp(
      service.ports.tcp!,
      Array.from({ length: 20 }, (_, i) => alarm(`SLOTFLOOD${i}`, now)),
    );
    try {
      // The flood's first frames are in flight (each waits out the frozen Redis, then goes to the spool).
      await waitFor(
        'the flood parsed',
        async () => (await service.metric('certwatch_certificate_events_total')) >= 1 || null,
      );
      await sendGenuineOverUdp(service.ports.udp!, alarm('SLOTGENUINE', now));
      await waitFor(
        'the genuine alarm parsed',
        async () => (await service.metric('certwatch_certificate_events_total')) >= 3 || null,
      );
      // The first round of the frozen Redis: the flood's share (two) and the genuine alarm go to the spool.
      await waitFor(
        'three spooled',
        async () => (await service.metric('certwatch_spool_written_total')) >= 3 || null,
        20_000,
      );
      assert.equal(
        await service.metric('certwatch_overload_dropped_total'),
        0,
        'nothing dropped: the genuine alarm found a slot',
      );
    } finally {
      flood.destroy();
      redis.thaw();
    }
  });
});

describe('a flooding source is queued behind the others (issue 9, defect 5)', { skip: heavySkip }, () => {
  let redis: TestRedis;
  let service: TestService;
  before(async () => {
    redis = await startTestRedis();
    // No mails while the test runs: the worker's time goes to the events.
    service = await startTestService({ REDIS_URL: redis.url, MAIL_GROUP_WINDOW_MS: '600000' }, [
      'ingest',
      'worker',
      'api',
    ]);
  });
  after(async () => {
    await service.stop();
    await redis.stop();
  });

  test("a genuine alarm from another source is decided while thousands of the flood's events still wait", async (t) => {
    const FLOOD = 5_000;
    const now = Date.now();
    const flood = await floodOverTcp(
      service.ports.tcp!,
      Array.from({ length: FLOOD }, (_, i) => alarm(`QFLOOD${i}`, now)),
    );
    const client = new Redis(redis.url);
    const events = new Queue(QUEUES.events, { connection: client, prefix: BULL_PREFIX });
    try {
      // Every flood event is accepted (queued) before the genuine one is sent.
      await waitFor('the whole flood accepted', async () => {
        const counts = await events.getJobCounts('waiting', 'prioritized', 'active', 'completed');
        return Object.values(counts).reduce((a, b) => a + b, 0) >= FLOOD || null;
      }, 60_000);
      await sendGenuineOverUdp(service.ports.udp!, alarm('QGENUINE', now));
      const waitingThen = await waitFor('the genuine alarm\'s ticket', async () => {
        const [ticket] = await client.keys(`${KEY_PREFIX}:ticket:*qgenuine*`);
        if (ticket === undefined) return null;
        const counts = await events.getJobCounts('waiting', 'prioritized');
        return { waiting: counts.waiting! + counts.prioritized! };
      }, 60_000);
      t.diagnostic(`flood events still waiting when the genuine alarm was decided: ${waitingThen.waiting}`);
      assert.ok(
        waitingThen.waiting >= FLOOD / 2,
        `the genuine alarm was decided before most of the flood (${waitingThen.waiting} of ${FLOOD} still waiting)`,
      );
      const secondLane = await service.metric('certwatch_events_second_lane_total', { reason: 'source-over-share' });
      assert.ok(secondLane >= FLOOD - 1_000, `the flood beyond its share is counted (${secondLane})`);
      // Nothing of the flood is lost: every event is decided in the end.
      await waitFor(
        'every flood event decided',
        async () => {
          const counts = await events.getJobCounts('waiting', 'prioritized', 'active');
          return counts.waiting! + counts.prioritized! + counts.active! === 0 || null;
        },
        180_000,
      );
      assert.equal(
        (await client.keys(`${KEY_PREFIX}:ticket:*qflood*`)).length,
        FLOOD,
        'a ticket for every flood alarm',
      );
    } finally {
      flood.destroy();
      await events.close();
      client.disconnect();
    }
  });
});
