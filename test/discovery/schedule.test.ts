import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { discoveryDue, jitterFraction, JITTER_SHARE } from '../../src/discovery/schedule.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-27T12:00:00.000Z');

describe('discoveryDue', () => {
  test('a cluster never discovered runs at once', () => {
    assert.deepEqual(discoveryDue('lab', DAY, null, NOW), { due: true, reason: 'never-run' });
  });
  test('a cluster discovered an hour ago waits; a day later it runs', () => {
    const hourAgo = new Date(NOW.getTime() - 3_600_000);
    const waiting = discoveryDue('lab', DAY, hourAgo, NOW);
    assert.equal(waiting.due, false);
    assert.equal(discoveryDue('lab', DAY, new Date(NOW.getTime() - DAY), NOW).due, true);
  });
  test('the next run is within the last 10% of the interval, the same for the same cluster', () => {
    const last = new Date(NOW.getTime() - 3_600_000);
    for (const id of ['lab', 'lab125', 'prod-emea', 'x']) {
      const d = discoveryDue(id, DAY, last, NOW);
      assert.ok(!d.due);
      const period = d.nextAt.getTime() - last.getTime();
      assert.ok(period <= DAY && period > DAY * (1 - JITTER_SHARE), `${id}: ${period}`);
      assert.deepEqual(discoveryDue(id, DAY, last, NOW), d);
    }
  });
  test('clusters get different offsets', () => {
    const fractions = new Set(['a', 'b', 'c', 'd', 'lab', 'lab125'].map(jitterFraction));
    assert.equal(fractions.size, 6);
    for (const f of fractions) assert.ok(f >= 0 && f < 1);
  });
});
