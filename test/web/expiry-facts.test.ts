// What a person reads of an expiry: zoned date with UTC, days left in words, and the marks' boundaries.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expiryFacts } from '../../src/web/expiry-facts.js';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const HOUR = 3_600_000;
const at = (ms: number) => {
  const iso = new Date(NOW.getTime() + ms).toISOString();
  return { at: iso, earliest: iso, latest: iso };
};

describe('expiryFacts', () => {
  test('days left in words, counted in whole days (whole hours within the last day), with the marks', () => {
    assert.deepEqual(expiryFacts(at(-49 * HOUR), 'UTC', NOW), {
      when: '2026-11-18 09:00 UTC',
      daysLeft: '2 days ago',
      mark: 'expired',
    });
    assert.equal(expiryFacts(at(-23 * HOUR), 'UTC', NOW).daysLeft, '23 hours ago', 'not "today": it was yesterday');
    assert.equal(expiryFacts(at(-HOUR), 'UTC', NOW).daysLeft, '1 hour ago');
    assert.equal(expiryFacts(at(0), 'UTC', NOW).daysLeft, 'less than an hour ago');
    assert.equal(expiryFacts(at(HOUR / 2), 'UTC', NOW).daysLeft, 'in less than an hour');
    assert.deepEqual(expiryFacts(at(HOUR), 'UTC', NOW), {
      when: '2026-11-20 11:00 UTC',
      daysLeft: 'in 1 hour',
      mark: 'soon',
    });
    assert.equal(expiryFacts(at(5 * HOUR), 'UTC', NOW).daysLeft, 'in 5 hours');
    assert.equal(expiryFacts(at(25 * HOUR), 'UTC', NOW).daysLeft, 'in 1 day');
    assert.equal(expiryFacts(at(7 * 24 * HOUR), 'UTC', NOW).mark, 'soon', 'the 7th day still marked');
    assert.equal(expiryFacts(at(7 * 24 * HOUR + 1), 'UTC', NOW).mark, null);
  });

  test('the cluster zone with UTC beside it; a window counts from its earliest instant', () => {
    assert.equal(expiryFacts(at(0), 'Europe/Berlin', NOW).when, '2026-11-20 11:00 CET (10:00 UTC)');
    const window = { at: null, earliest: at(3 * 24 * HOUR).at, latest: at(10 * 24 * HOUR).at };
    assert.deepEqual(expiryFacts(window, 'UTC', NOW), {
      when: 'between 2026-11-23 10:00 UTC and 2026-11-30 10:00 UTC',
      daysLeft: 'at the earliest in 3 days',
      mark: 'soon',
    });
    assert.deepEqual(expiryFacts({ at: null, earliest: 'garbage', latest: 'garbage' }, 'UTC', NOW).daysLeft, 'unknown');
  });
});
