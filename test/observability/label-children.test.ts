// Kept labelled children: each distinct label set is looked up once, and the kept child is the one counted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Registry } from 'prom-client';
import { keptChildren, keptChildrenOf2 } from '../../src/observability/label-children.js';
import { metricValue } from '../support/metrics.js';

test('keptChildren looks each value up once and returns the same child after', () => {
  const lookups: string[] = [];
  const of = keptChildren((a: string) => (lookups.push(a), { a }));
  const first = of('udp');
  assert.equal(of('udp'), first);
  of('tcp');
  of('udp');
  assert.deepEqual(lookups, ['udp', 'tcp']);
});

test('keptChildrenOf2 keeps one child per pair; incrementing kept children gives the same figures as inc({labels})', async () => {
  const registry = new Registry();
  const counter = new Counter({ name: 'kept_total', help: 'test', labelNames: ['transport', 'reason'] as const, registers: [registry] });
  const lookups: string[] = [];
  const of = keptChildrenOf2((transport: string, reason: string) => (lookups.push(`${transport}/${reason}`), counter.labels({ transport, reason })));
  for (let i = 0; i < 1000; i++) of(i % 2 === 0 ? 'udp' : 'tcp', i % 5 === 0 ? 'binary' : 'empty').inc();
  assert.deepEqual(lookups.sort(), ['tcp/binary', 'tcp/empty', 'udp/binary', 'udp/empty']);
  assert.equal(await metricValue(counter, { transport: 'udp', reason: 'binary' }), 100);
  assert.equal(await metricValue(counter, { transport: 'udp', reason: 'empty' }), 400);
  assert.equal(await metricValue(counter, { transport: 'tcp', reason: 'binary' }), 100);
  assert.equal(await metricValue(counter, { transport: 'tcp', reason: 'empty' }), 400);
});
