// Silent nodes through the real tick on a real Redis, with the clock passed in: a node of the inventory heard once
// and then silent for NODE_SILENCE_AFTER_MS gets a node-silence ticket, resolved when it is heard again (by name or at
// a listed address); the last-message gauge follows the node traffic; nodes never heard and unknown senders are left out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { trafficField } from '../../src/accept/traffic-tracker.js';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { createMailProducer } from '../../src/queue/mail-producer.js';
import { QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX, redisKeys } from '../../src/redis/keys.js';
import { createNodeSilenceStore } from '../../src/tickets/node-silence-store.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import { createTickProcessor } from '../../src/worker/tick-processor.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

const HOUR = 3_600_000;
const T0 = new Date('2026-11-20T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('node silence in the tick, on real Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  let mailQueue: Queue;
  let metrics: Metrics;
  let processTick: ReturnType<typeof createTickProcessor>;

  before(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    mailQueue = new Queue(QUEUES.mail, { connection: client, prefix: BULL_PREFIX });
    const logger = pino({ level: 'silent' });
    metrics = createMetrics();
    const clusters = createClusterDirectory({ redis: client, file: clusterFileReader('samples/clusters/lab.yaml'), logger });
    await clusters.refresh();
    const mail = createMailProducer(mailQueue, { groupWindowMs: 60_000, attempts: 3, backoffMs: 1000 });
    const policy = policyFrom({ nodeSilenceAfterMs: 48 * HOUR });
    processTick = createTickProcessor({ redis: client, store: createTicketStore(client), clusters, mail, policy, metrics, logger });
  });
  after(async () => {
    await mailQueue.close();
    client.disconnect();
    await redis.stop();
  });

  const heard = (field: string, ms: number) => client.hset(redisKeys.nodeTraffic(), field, String(T0.getTime() + ms));
  const gauge = async () => (await metrics.nodeLastMessage.get()).values.map((v) => [v.labels.cluster, v.labels.node, v.value]);

  test('opened after 48 h of silence, resolved when heard again at a listed address; the gauge follows', async () => {
    await heard(trafficField('CUCM01', 'node'), 0);
    await heard(trafficField('192.0.2.12', 'address'), 0); // CUCM02, by its address
    await heard(trafficField('stranger', 'node'), 0); // no inventory node: never watched
    const silences = createNodeSilenceStore(client);

    assert.deepEqual(await processTick(at(47 * HOUR)), {}, 'not silent yet');
    assert.deepEqual(await gauge(), [['lab', 'CUCM01', T0.getTime() / 1000], ['lab', 'CUCM02', T0.getTime() / 1000]], 'only inventory nodes once heard');

    await heard(trafficField('CUCM02', 'node'), 47 * HOUR);
    assert.deepEqual(await processTick(at(48 * HOUR + 60_000)), { 'node-silent': 1 });
    const open = (await silences.all()).get('lab/cucm01');
    assert.deepEqual([open?.status, open?.silentSince], ['open', T0.toISOString()]);
    assert.equal((await silences.all()).size, 1, 'CUCM02 was heard; CUCM03 and IMP01 never were');
    assert.deepEqual(await processTick(at(50 * HOUR)), {}, 'still silent: nothing new');

    await heard(trafficField('192.0.2.11', 'address'), 51 * HOUR);
    assert.deepEqual(await processTick(at(51 * HOUR + 60_000)), { 'node-heard-again': 1 });
    const resolved = (await silences.all()).get('lab/cucm01');
    assert.deepEqual([resolved?.status, resolved?.history.map((h) => h.reason)], ['resolved', ['node-silent', 'node-heard-again']]);
    assert.deepEqual((await gauge()).find(([, node]) => node === 'CUCM01'), ['lab', 'CUCM01', (T0.getTime() + 51 * HOUR) / 1000]);
    assert.match(await metrics.registry.metrics(), /certwatch_node_last_message_timestamp_seconds\{cluster="lab",node="CUCM01"\} \d+/);
  });
});
