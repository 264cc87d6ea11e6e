// Issue 9, defect 4: node traffic stays bounded whatever names senders invent; known nodes are always kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { NOTE_INTERVAL_MS, createTrafficTracker, readTraffic, trafficField } from '../../src/accept/traffic-tracker.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { redisKeys } from '../../src/redis/keys.js';
import { useTestRedis } from '../support/redis-server.js';

const HOUR = 3_600_000;

describe('traffic tracker on real Redis', () => {
  const redis = useTestRedis({ flushEachTest: true });

  const known = new Set(['cucm01', '10.0.0.1']);
  function tracker(t0: number, clock: { now: number }, extra: { othersCap?: number; pendingCap?: number } = {}) {
    const metrics = createMetrics();
    return {
      metrics,
      traffic: createTrafficTracker(redis.client, pino({ level: 'silent' }), metrics, {
        isKnown: (n) => known.has(n.toLowerCase()), retainMs: 2 * HOUR, now: () => clock.now, ...extra,
      }),
      t0,
    };
  }

  test('unknown names are capped (oldest dropped first) and expire; known nodes are always kept', async () => {
    const t0 = Date.UTC(2026, 10, 27);
    const clock = { now: t0 };
    const { traffic } = tracker(t0, clock, { othersCap: 50 });
    traffic.touch('CUCM01', '10.0.0.1', t0);
    for (let i = 0; i < 80; i += 1) traffic.touch(`noise-${i}`, '10.0.0.1', t0 + i);
    await traffic.flush();
    const fields = await redis.client.hkeys(redisKeys.nodeTraffic());
    assert.equal(fields.filter((f) => f.startsWith('noise-')).length, 50);
    assert.ok(fields.includes('cucm01') && fields.includes('addr/10.0.0.1'), 'known node and address kept');
    assert.ok(!fields.includes('noise-0') && fields.includes('noise-79'), 'the least recently heard went first');

    // Two hours later and a bit: every unknown entry expired; the known ones stay.
    clock.now = t0 + 2 * HOUR + 1_000;
    traffic.touch('noise-new', '10.0.0.1', clock.now);
    await traffic.flush();
    const later = await redis.client.hkeys(redisKeys.nodeTraffic());
    assert.deepEqual(later.filter((f) => f.startsWith('noise-')), ['noise-new']);
    const read = await readTraffic(redis.client, [trafficField('CUCM01', 'node'), trafficField('10.0.0.1', 'address')]);
    assert.equal(read.get('cucm01'), t0);
    assert.equal(read.get('addr/10.0.0.1'), clock.now);
  });

  test('a node that becomes known is no longer evicted', async () => {
    const t0 = Date.UTC(2026, 10, 27);
    const clock = { now: t0 };
    const { traffic } = tracker(t0, clock);
    traffic.touch('cucm02', '10.0.0.9', t0);
    await traffic.flush();
    known.add('cucm02');
    try {
      clock.now = t0 + HOUR;
      traffic.touch('cucm02', '10.0.0.1', clock.now);
      await traffic.flush();
      clock.now = t0 + 3 * HOUR;
      traffic.touch('other', '10.0.0.1', clock.now);
      await traffic.flush();
      assert.equal((await readTraffic(redis.client, ['cucm02'])).get('cucm02'), t0 + HOUR);
    } finally {
      known.delete('cucm02');
    }
  });

  test('between two flushes, a flood of distinct unknown names is cut at the pending cap and counted', async () => {
    const t0 = Date.UTC(2026, 10, 27);
    const { traffic, metrics } = tracker(t0, { now: t0 }, { pendingCap: 100 });
    for (let i = 0; i < 300; i += 1) traffic.touch(`flood-${i}`, '10.0.0.1', t0);
    traffic.touch('CUCM01', '10.0.0.1', t0 + 5);
    await traffic.flush();
    const fields = await redis.client.hkeys(redisKeys.nodeTraffic());
    assert.ok(fields.includes('cucm01'), 'a known node is tracked even past the cap');
    assert.ok(fields.filter((f) => f.startsWith('flood-')).length <= 100);
    assert.ok((await metrics.trafficUntracked.get()).values[0]!.value >= 200);
  });

  test("a relay's many nodes on one address each keep their time; a name heard again within the interval is noted once", async () => {
    const t0 = Date.UTC(2026, 10, 27);
    const { traffic } = tracker(t0, { now: t0 });
    for (let i = 0; i < 50; i += 1) traffic.touch(`relayed-${i % 5}`, '10.9.9.9', t0 + i); // 5 nodes, 10 datagrams each
    traffic.touch('relayed-0', '10.9.9.9', t0 + NOTE_INTERVAL_MS + 1);
    await traffic.flush();
    const times = await readTraffic(redis.client, [
      'relayed-0',
      'relayed-1',
      'relayed-4',
      trafficField('10.9.9.9', 'address'),
    ]);
    assert.equal(times.get('relayed-0'), t0 + NOTE_INTERVAL_MS + 1, 'heard again after the interval: its newer time');
    assert.equal(times.get('relayed-1'), t0 + 1, 'within the interval: the time it was first heard in it');
    assert.equal(times.get('relayed-4'), t0 + 4);
    assert.equal(times.get(trafficField('10.9.9.9', 'address')), t0 + NOTE_INTERVAL_MS + 1);
    // After a flush every name is noted afresh.
    traffic.touch('relayed-1', '10.9.9.9', t0 + 60);
    await traffic.flush();
    assert.equal((await readTraffic(redis.client, ['relayed-1'])).get('relayed-1'), t0 + 60);
  });
});
