// Silent nodes through the real tick on a real Redis, with the clock passed in: a node of the inventory heard once
// and then silent for NODE_SILENCE_AFTER_MS gets a node-silence ticket, resolved when it is heard again (by name or at
// a listed address); the last-message gauge follows the node traffic; nodes never heard and unknown senders are left
// out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { trafficField } from '../../src/accept/traffic-tracker.js';
import { redisKeys } from '../../src/redis/keys.js';
import { createNodeSilenceStore } from '../../src/tickets/node-silence-store.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { startWorkerParts, type WorkerParts } from '../support/worker-parts.js';

const HOUR = 3_600_000;
const T0 = new Date('2026-11-20T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('node silence in the tick, on real Redis', () => {
  let worker: WorkerParts;

  before(async () => {
    worker = await startWorkerParts(policyFrom({ nodeSilenceAfterMs: 48 * HOUR }));
  });
  after(() => worker.close());

  const heard = (field: string, ms: number) =>
    worker.client.hset(redisKeys.nodeTraffic(), field, String(T0.getTime() + ms));
  const gauge = async () =>
    (await worker.metrics.nodeLastMessage.get()).values.map((v) => [v.labels.cluster, v.labels.node, v.value]);

  test('opened after 48 h of silence, resolved when heard again at a listed address; the gauge follows', async () => {
    await heard(trafficField('CUCM01', 'node'), 0);
    await heard(trafficField('192.0.2.12', 'address'), 0); // CUCM02, by its address
    await heard(trafficField('stranger', 'node'), 0); // no inventory node: never watched
    const silences = createNodeSilenceStore(worker.client);

    assert.deepEqual(await worker.processTick(at(47 * HOUR)), {}, 'not silent yet');
    assert.deepEqual(
      await gauge(),
      [
        ['lab', 'CUCM01', T0.getTime() / 1000],
        ['lab', 'CUCM02', T0.getTime() / 1000],
      ],
      'only inventory nodes once heard',
    );

    await heard(trafficField('CUCM02', 'node'), 47 * HOUR);
    assert.deepEqual(await worker.processTick(at(48 * HOUR + 60_000)), { 'node-silent': 1 });
    const open = (await silences.all()).get('lab/cucm01');
    assert.deepEqual([open?.status, open?.silentSince], ['open', T0.toISOString()]);
    assert.equal((await silences.all()).size, 1, 'CUCM02 was heard; CUCM03 and IMP01 never were');
    assert.deepEqual(await worker.processTick(at(50 * HOUR)), {}, 'still silent: nothing new');

    await heard(trafficField('192.0.2.11', 'address'), 51 * HOUR);
    assert.deepEqual(await worker.processTick(at(51 * HOUR + 60_000)), { 'node-heard-again': 1 });
    const resolved = (await silences.all()).get('lab/cucm01');
    assert.deepEqual(
      [resolved?.status, resolved?.history.map((h) => h.reason)],
      ['resolved', ['node-silent', 'node-heard-again']],
    );
    assert.deepEqual(
      (await gauge()).find(([, node]) => node === 'CUCM01'),
      ['lab', 'CUCM01', (T0.getTime() + 51 * HOUR) / 1000],
    );
    assert.match(
      await worker.metrics.registry.metrics(),
      /certwatch_node_last_message_timestamp_seconds\{cluster="lab",node="CUCM01"\} \d+/,
    );
  });
});
