// Issue 9, defect 5: a flood of repeats of one certificate's alarm, after the first is persisted, does not become one
// event (one job) per repeat: repeats are folded while one of their kind is being persisted, and the ticket's
// occurrences still counts every one.
import assert from 'node:assert/strict';
import { connect as netConnect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX, KEY_PREFIX } from '../../src/redis/keys.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 86_400_000;
const REPEATS = 3_000;

describe('a flood of one certificate\'s alarm is coalesced (issue 9, defect 5)', () => {
  let redis: TestRedis;
  let service: TestService;
  before(async () => {
    redis = await startTestRedis();
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

  test(`${REPEATS} repeats after the first make far fewer jobs, and the ticket counts ${REPEATS + 1} occurrences`, async (t) => {
    const start = Date.now() - REPEATS * 1000;
    const expires = new Date(Date.now() + 3 * DAY);
    // Each repeat is raised a second after the one before: each one is an occurrence of its own.
    const line = (i: number) =>
      certAlarmLine({
        node: 'COALESCE1',
        unit: 'tomcat',
        certificate: 'tomcat.der',
        alarm: 'CertValidfor7days',
        at: new Date(start + i * 1000),
        expires,
        cutAt: 0,
      });
    const client = new Redis(redis.url);
    const events = new Queue(QUEUES.events, { connection: client, prefix: BULL_PREFIX });
    const socket = netConnect(service.ports.tcp!, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    const ticket = async () => {
      const [key] = await client.keys(`${KEY_PREFIX}:ticket:*coalesce1*`);
      return key === undefined ? null : JSON.parse((await client.get(key))!) as { occurrences: number };
    };
    try {
      socket.write(`${line(0)}\n`);
      await waitFor('the first alarm\'s ticket', ticket);
      socket.write(Array.from({ length: REPEATS }, (_, i) => `${line(i + 1)}\n`).join(''));
      await waitFor(
        'every repeat parsed',
        async () => (await service.metric('certwatch_certificate_events_total')) === REPEATS + 1 || null,
        60_000,
      );
      const settled = await waitFor(
        `${REPEATS + 1} occurrences`,
        async () => {
          const counts = await events.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
          if (Object.values(counts).some((n) => n > 0)) return null;
          const current = await ticket();
          return current !== null && current.occurrences === REPEATS + 1 ? current : null;
        },
        60_000,
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}; the ticket counts ${(await ticket())?.occurrences}`);
      });
      const jobs = (await events.getJobCounts('completed')).completed!;
      t.diagnostic(`${REPEATS + 1} alarms became ${jobs} event jobs; occurrences ${settled.occurrences}`);
      assert.ok(jobs <= (REPEATS + 1) / 10, `repeats are folded: ${jobs} event jobs for ${REPEATS + 1} alarms`);
      assert.equal(
        await service.metric('certwatch_events_coalesced_total'),
        REPEATS + 1 - jobs,
        'every folded repeat is counted',
      );
    } finally {
      socket.destroy();
      await events.close();
      client.disconnect();
    }
  });
});
