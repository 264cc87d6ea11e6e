// The shared test helpers: a reader that misreads /metrics or a wait that never gives up would make other tests lie.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Counter, Registry } from 'prom-client';
import { freePort } from './free-port.js';
import { metricValue, parseExposition, sumSamples } from './metrics.js';
import { useTestRedis } from './redis-server.js';
import { GiveUp, waitFor } from './wait-for.js';

describe('metrics reader', () => {
  const text = [
    '# HELP certwatch_messages_rejected_total Messages rejected',
    '# TYPE certwatch_messages_rejected_total counter',
    'certwatch_messages_rejected_total{transport="udp",reason="binary"} 3',
    'certwatch_messages_rejected_total{transport="udp",reason="oversized"} 2',
    'certwatch_messages_rejected_total{transport="tcp",reason="binary"} 5',
    'certwatch_messages_rejected_totalx{transport="udp"} 100',
    'certwatch_label_odd{detail="a \\"quoted\\", comma\\\\",transport="udp"} 7',
    'certwatch_spool_written_total 4',
    '',
  ].join('\n');
  const samples = parseExposition(text);

  test('sums the series whose labels include the given ones, by exact name', () => {
    assert.equal(sumSamples(samples, 'certwatch_messages_rejected_total'), 10);
    assert.equal(sumSamples(samples, 'certwatch_messages_rejected_total', { transport: 'udp' }), 5);
    assert.equal(sumSamples(samples, 'certwatch_messages_rejected_total', { transport: 'udp', reason: 'binary' }), 3);
    assert.equal(sumSamples(samples, 'certwatch_spool_written_total'), 4);
    assert.equal(sumSamples(samples, 'certwatch_not_there_total'), 0);
  });

  test('label values with quotes, commas and backslashes are read whole', () => {
    const odd = samples.find((s) => s.name === 'certwatch_label_odd');
    assert.deepEqual(odd?.labels, { detail: 'a "quoted", comma\\', transport: 'udp' });
  });

  test('a line that is not a sample is an error, not a zero', () => {
    assert.throws(() => parseExposition('certwatch_x{transport=udp} 1'), /unreadable labels/);
  });

  test('a metric object reads the same as its text', async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'certwatch_test_total',
      help: 'x',
      labelNames: ['transport', 'reason'],
      registers: [registry],
    });
    counter.inc({ transport: 'udp', reason: 'binary' }, 2);
    counter.inc({ transport: 'tcp', reason: 'binary' }, 1);
    const fromText = parseExposition(await registry.metrics());
    const cases: Record<string, string>[] = [{}, { transport: 'udp' }, { reason: 'binary' }, { transport: 'tls' }];
    for (const labels of cases) {
      assert.equal(
        await metricValue(counter, labels),
        sumSamples(fromText, 'certwatch_test_total', labels),
        JSON.stringify(labels),
      );
    }
  });
});

describe('useTestRedis with flushEachTest', () => {
  const redis = useTestRedis({ flushEachTest: true });

  // Two tests in order: the second sees nothing of the first (a suite's tests would otherwise share their data).
  test('a test writes', async () => {
    await redis.client.set('support:left-behind', '1');
    assert.equal(await redis.client.dbsize(), 1);
  });
  test('the next one starts from an empty Redis', async () => {
    assert.equal(await redis.client.dbsize(), 0);
  });
});

describe('waitFor', () => {
  test('returns the first truthy value of the probe, retrying a probe that throws', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => {
      calls += 1;
      if (calls === 1) throw new Error('not up yet');
      return calls === 3 ? 'ready' : null;
    }, 2_000, 1);
    assert.equal(value, 'ready');
  });

  test('GiveUp ends the wait at once, with its reason', async () => {
    const started = Date.now();
    await assert.rejects(waitFor('a process that exited', () => {
      throw new GiveUp('exited with 1');
    }, 10_000), /gave up waiting for a process that exited: exited with 1/);
    assert.ok(Date.now() - started < 1_000);
  });

  test('a timeout names what was awaited and the last error', async () => {
    await assert.rejects(waitFor('nothing', () => {
      throw new Error('still down');
    }, 50, 5), /timed out after 50 ms waiting for nothing \(last error: still down\)/);
  });
});

test('freePort gives a bindable loopback port for TCP and for UDP', async () => {
  const { createServer } = await import('node:net');
  const { createSocket } = await import('node:dgram');
  const tcp = await freePort('tcp');
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(tcp, '127.0.0.1', () => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const udp = await freePort('udp');
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => socket.once('error', reject).bind(udp, '127.0.0.1', () => resolve()));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  assert.ok(tcp > 0 && udp > 0);
});
