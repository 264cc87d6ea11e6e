// The service's /metrics when the worker runs in a child process: the process's own series are the service's, read
// once per scrape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MergedRegistry } from '../../src/service/merged-metrics.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { parseExposition, sumSamples } from '../support/metrics.js';

test('the event loop delay on /metrics covers the interval since the last scrape (a collect resets it)', async () => {
  const { registry } = createMetrics();
  const merged = new MergedRegistry(registry, async () => []);
  await merged.metrics(); // the interval starts here
  await new Promise((resolve) => setTimeout(resolve, 20)); // the monitor samples the loop before and after the block
  const blockedUntil = performance.now() + 60;
  while (performance.now() < blockedUntil);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const maxSeconds = sumSamples(parseExposition(await merged.metrics()), 'nodejs_eventloop_lag_max_seconds');
  assert.ok(maxSeconds >= 0.05, `the 60 ms block shows as a delay of ${maxSeconds * 1000} ms`);
});
