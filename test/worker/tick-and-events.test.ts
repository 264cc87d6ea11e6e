// The worker's processors on a real Redis and a real BullMQ queue, with the clock passed in: reminders on the ladder,
// the quiet rule with and without other traffic from the node, duplicate events; a steady tick decides only on the
// tickets due.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { AcceptedEvent } from '../../src/accept/accepted-event.js';
import { trafficField } from '../../src/accept/traffic-tracker.js';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { parseLine } from '../../src/parse/index.js';
import { QUEUES, jobIds } from '../../src/queue/names.js';
import { BULL_PREFIX, redisKeys } from '../../src/redis/keys.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { recordMailSent } from '../../src/tickets/record-mail.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import { createClusterSnoozes } from '../../src/tickets/cluster-snoozes.js';
import { createEventProcessor } from '../../src/worker/event-processor.js';
import { createMailProducer } from '../../src/queue/mail-producer.js';
import { createTickProcessor } from '../../src/worker/tick-processor.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-11-20T10:00:00.000Z');

function accepted(id: string, line: string, receivedAt: Date): AcceptedEvent {
  const outcome = parseLine(line, { receivedAt });
  assert.equal(outcome.kind, 'certificate');
  return { id, event: outcome.kind === 'certificate' ? outcome.event : (undefined as never), sourceAddress: '192.0.2.11', transport: 'udp', receivedAt: receivedAt.toISOString() };
}

describe('worker processors on real Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  let mailQueue: Queue;
  let processEvent: ReturnType<typeof createEventProcessor>;
  let processTick: ReturnType<typeof createTickProcessor>;
  let store: ReturnType<typeof createTicketStore>;

  before(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    mailQueue = new Queue(QUEUES.mail, { connection: client, prefix: BULL_PREFIX });
    const logger = pino({ level: 'silent' });
    const metrics = createMetrics();
    store = createTicketStore(client);
    const clusters = createClusterDirectory({ redis: client, file: clusterFileReader('samples/clusters/lab.yaml'), logger });
    await clusters.refresh();
    const policy = policyFrom({ reminderDays: [7, 3, 1, 0], quietAfterMs: 36 * HOUR });
    const mail = createMailProducer(mailQueue, { groupWindowMs: 60_000, attempts: 3, backoffMs: 1000 });
    processEvent = createEventProcessor({ store, clusters, clusterSnoozes: createClusterSnoozes(client), mail, policy, metrics, logger });
    processTick = createTickProcessor({ redis: client, store, clusters, mail, policy, metrics, logger });
  });
  after(async () => {
    await mailQueue.close();
    client.disconnect();
    await redis.stop();
  });

  async function markMailed(ticketId: string, now: Date) {
    await store.update(ticketId, (t) => t && t.pendingMail && recordMailSent(t, { revision: t.pendingMail.revision, messageId: `<m${t.pendingMail.revision}@test>`, threadSubject: '[certwatch] lab: test' }, now).ticket);
  }

  test('first alarm -> mail job; the same accepted event twice is applied once; reminder on the ladder', async () => {
    const line = certAlarmLine({ node: 'CUCM02', unit: 'CallManager', certificate: 'CallManager.der', alarm: 'CertValidfor7days', at: T0, expires: new Date(T0.getTime() + 6 * DAY) });
    const first = await processEvent(accepted('e1', line, T0));
    assert.equal(first.reason, 'first-alarm');
    assert.ok(await mailQueue.getJob(jobIds.mail(first.ticketId, 1)), 'mail job for revision 1');
    const again = await processEvent(accepted('e1', line, T0));
    assert.equal(again.duplicate, true, 'a re-run of the same event job is recognised');
    assert.equal((await store.get(first.ticketId))!.occurrences, 1);
    await markMailed(first.ticketId, T0);

    assert.equal((await processTick(new Date(T0.getTime() + DAY)))['nothing-due'], 1);
    // Decided on once, it is not read again until time can change something for it (the "3" step, or a write).
    assert.deepEqual(await processTick(new Date(T0.getTime() + DAY + HOUR)), {}, 'a steady tick reads only the tickets due');
    // 6 days before expiry at T0; 3 days left at T0 + 3 days: the "3" step of the ladder is due.
    const reasons = await processTick(new Date(T0.getTime() + 3 * DAY + HOUR));
    assert.equal(reasons['reminder-due'], 1, JSON.stringify(reasons));
    const ticket = (await store.get(first.ticketId))!;
    assert.equal(ticket.pendingMail?.kind, 'reminder');
    assert.ok(await mailQueue.getJob(jobIds.mail(first.ticketId, ticket.revision)), 'mail job for the reminder revision');
    assert.ok(ticket.history.some((h) => h.reason === 'reminder-due'));
  });

  test('quiet: the alarm stops while the node keeps talking -> quiet + confirmation mail; silence alone changes nothing', async () => {
    const talking = certAlarmLine({ node: 'CUCM03', unit: 'tomcat', certificate: 'tomcat.der', alarm: 'CertValidfor7days', at: T0, expires: new Date(T0.getTime() + 30 * DAY), cutAt: 0 });
    const silent = certAlarmLine({ node: 'IMP01', unit: 'tomcat', certificate: 'tomcat.der', alarm: 'CertValidfor7days', at: T0, expires: new Date(T0.getTime() + 30 * DAY), cutAt: 0 });
    const a = await processEvent(accepted('q1', talking, T0));
    const b = await processEvent(accepted('q2', silent, T0));
    await markMailed(a.ticketId, T0);
    await markMailed(b.ticketId, T0);
    // CUCM03 keeps sending other messages two days later; IMP01 sends nothing.
    await client.hset(redisKeys.nodeTraffic(), trafficField('CUCM03', 'node'), String(T0.getTime() + 2 * DAY));
    const reasons = await processTick(new Date(T0.getTime() + 2 * DAY + HOUR));
    assert.equal((await store.get(a.ticketId))!.status, 'quiet');
    assert.equal((await store.get(a.ticketId))!.pendingMail?.kind, 'quiet-confirm');
    assert.notEqual((await store.get(b.ticketId))!.status, 'quiet', 'silence alone never makes a ticket quiet');
    assert.ok((reasons['quiet-suspected'] ?? 0) >= 1, JSON.stringify(reasons));
  });
});
