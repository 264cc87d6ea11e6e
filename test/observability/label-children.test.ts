// Counting children: the per-message counters count in plain numbers and prom-client shows the same figures at every
// collect; kept children are looked up once per label set.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Registry } from 'prom-client';
import {
  collectCountingChildren,
  countingChild,
  keptChildren,
  keptChildrenOf2,
} from '../../src/observability/label-children.js';
import { metricValue, parseExposition, sumSamples } from '../support/metrics.js';

function counter(registry = new Registry()) {
  return new Counter({
    name: 'counted_total',
    help: 'test',
    labelNames: ['transport', 'reason'] as const,
    registers: [registry],
    collect: collectCountingChildren,
  });
}

test('after N incs of counting children, get() and the exposition read N per label set, beside direct incs', async () => {
  const registry = new Registry();
  const c = counter(registry);
  const udp = countingChild(c, { transport: 'udp', reason: 'binary' });
  const tcp = countingChild(c, { transport: 'tcp', reason: 'binary' });
  for (let i = 0; i < 1000; i++) udp.inc();
  tcp.inc(7);
  c.inc({ transport: 'udp', reason: 'binary' }, 5); // a direct inc of the same series adds up
  assert.equal(await metricValue(c, { transport: 'udp', reason: 'binary' }), 1005);
  assert.equal(await metricValue(c, { transport: 'tcp', reason: 'binary' }), 7);
  // Counted again after a collect: only what was counted since goes in, nothing twice.
  udp.inc();
  const samples = parseExposition(await registry.metrics());
  assert.equal(sumSamples(samples, 'counted_total', { transport: 'udp', reason: 'binary' }), 1006);
  assert.equal(sumSamples(samples, 'counted_total', { transport: 'tcp', reason: 'binary' }), 7);
});

test('a counting child that counted nothing adds no series (as labels() without inc)', async () => {
  const c = counter();
  countingChild(c, { transport: 'udp', reason: 'empty' });
  assert.deepEqual((await c.get()).values, []);
});

test('a counter without the collect hook is refused: its counts would never show', () => {
  const plain = new Counter({ name: 'plain_total', help: 'test', labelNames: ['transport'] as const, registers: [] });
  assert.throws(() => countingChild(plain, { transport: 'udp' }), /collectCountingChildren/);
});

test('keptChildren looks each value up once and returns the same child after', () => {
  const lookups: string[] = [];
  const of = keptChildren((a: string) => (lookups.push(a), { a }));
  const first = of('udp');
  assert.equal(of('udp'), first);
  of('tcp');
  of('udp');
  assert.deepEqual(lookups, ['udp', 'tcp']);
});

test('keptChildrenOf2 keeps one child per pair', async () => {
  const c = counter();
  const lookups: string[] = [];
  const of = keptChildrenOf2(
    (transport: string, reason: string) => (
      lookups.push(`${transport}/${reason}`),
      countingChild(c, { transport, reason })
    ),
  );
  for (let i = 0; i < 1000; i++) of(i % 2 === 0 ? 'udp' : 'tcp', i % 5 === 0 ? 'binary' : 'empty').inc();
  assert.deepEqual(lookups.sort(), ['tcp/binary', 'tcp/empty', 'udp/binary', 'udp/empty']);
  assert.equal(await metricValue(c, { transport: 'udp', reason: 'binary' }), 100);
  assert.equal(await metricValue(c, { transport: 'udp', reason: 'empty' }), 400);
  assert.equal(await metricValue(c, { transport: 'tcp', reason: 'binary' }), 100);
  assert.equal(await metricValue(c, { transport: 'tcp', reason: 'empty' }), 400);
});
