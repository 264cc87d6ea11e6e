// Overload and a frozen Redis: drops beyond INGEST_QUEUE_MAX_EVENTS are counted and logged, never silent; what was
// accepted reaches Redis after it recovers (through the spool).
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect as netConnect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX } from '../../src/redis/keys.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';
import { heavySkip } from '../support/heavy.js';

const DAY = 86_400_000;

describe(
  'overload while Redis is frozen (UDP drops counted; TCP held back: issue 9, defect 5)',
  { skip: heavySkip },
  () => {
    let redis: TestRedis;
    let service: TestService;
    before(async () => {
      redis = await startTestRedis();
      service = await startTestService({ REDIS_URL: redis.url, INGEST_QUEUE_MAX_EVENTS: '1' }, ['ingest', 'api']);
    });
    after(async () => {
      redis.thaw();
      await service.stop();
      await redis.stop();
    });

    test('drops are counted; every accepted event reaches Redis once it answers again', async () => {
      redis.freeze();
      const now = Date.now();
      const socket = createSocket('udp4');
      for (let i = 0; i < 5; i += 1) {
        const line = certAlarmLine({
          node: `FROZEN${i}`,
          unit: 'tomcat',
          certificate: 'tomcat.der',
          alarm: 'CertValidfor7days',
          at: new Date(now),
          expires: new Date(now + 3 * DAY),
        });
        await new Promise<void>((r) => socket.send(Buffer.from(line), service.ports.udp!, '127.0.0.1', () => r()));
      }
      socket.close();
      const dropped = await waitFor(
        'overload drops counted',
        async () => (await service.metric('certwatch_overload_dropped_total', { where: 'accept' })) || null,
      );
      // The one accepted event times out against the frozen Redis and is spooled.
      const spooled = await waitFor(
        'accepted event spooled',
        async () => (await service.metric('certwatch_spool_written_total')) || null,
      );
      assert.equal(await service.metric('certwatch_certificate_events_total'), 5, 'all five were parsed');
      assert.equal(
        dropped + spooled,
        5,
        `every event is either accepted or counted as dropped (${dropped} dropped, ${spooled} spooled)`,
      );

      redis.thaw();
      const client = new Redis(redis.url);
      const events = new Queue(QUEUES.events, { connection: client, prefix: BULL_PREFIX });
      try {
        await waitFor(
          'spooled events in Redis',
          async () => (await events.getJobCounts('waiting')).waiting === spooled,
          20_000,
        );
      } finally {
        await events.close();
        client.disconnect();
      }
    });

    test('a burst over one TCP connection waits instead of being dropped: every alarm is accepted', async () => {
      // Same service as above (one accept slot): the figures are read as differences.
      const spooledBefore = await service.metric('certwatch_spool_written_total');
      const droppedBefore = await service.metric('certwatch_overload_dropped_total');
      redis.freeze();
      const now = Date.now();
      const lines = Array.from({ length: 4 }, (_, i) =>
        certAlarmLine({
          node: `TCPWAIT${i}`,
          unit: 'tomcat',
          certificate: 'tomcat.der',
          alarm: 'CertValidfor7days',
          at: new Date(now),
          expires: new Date(now + 3 * DAY),
        }),
      );
      const socket = netConnect(service.ports.tcp!, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(lines.map((l) => `${l}\n`).join('')); // one write: the frames arrive in one chunk
      // Each accept waits out the frozen Redis (2 s) and goes to the spool; the next frame waits for its turn.
      await waitFor(
        'all four spooled',
        async () => (await service.metric('certwatch_spool_written_total')) - spooledBefore === 4 || null,
        30_000,
      );
      assert.equal(await service.metric('certwatch_overload_dropped_total'), droppedBefore, 'nothing dropped');
      redis.thaw();
      socket.end();
    });
  },
);
