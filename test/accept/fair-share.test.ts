// The per-source fair share of the accept pipeline (issue 9, defect 5): pure arithmetic, no I/O.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFairShare, LANE_BURST, LANE_PER_MINUTE, slotsPerSource } from '../../src/accept/fair-share.js';

describe('accept slots per source', () => {
  test('a lone source may use every slot but the reserve; another source still gets the reserve', () => {
    const share = createFairShare(8);
    assert.equal(slotsPerSource(8), 2);
    let a = 0;
    while (share.hasSlot('relay')) {
      share.take('relay');
      a++;
    }
    assert.equal(a, 6, 'a quarter stays free for other sources');
    assert.ok(share.hasSlot('cucm2'));
    share.take('cucm2');
    share.take('cucm2');
    assert.equal(share.inFlight(), 8);
    assert.ok(!share.hasSlot('cucm3'), 'no slot left at all');
    share.give('relay');
    assert.ok(!share.hasSlot('relay'), 'the freed slot is the reserve: the flooding source waits');
    assert.ok(share.hasSlot('cucm3'));
  });
  test('giving back more than taken changes nothing', () => {
    const share = createFairShare(4);
    share.give('x');
    assert.equal(share.inFlight(), 0);
  });
});

describe('queue lanes per source', () => {
  test('a burst in the first lane, then the second lane with its reason, refilled with time', () => {
    const share = createFairShare(100);
    for (let i = 0; i < LANE_BURST; i++) assert.deepEqual(share.lane('flood', 0), { lane: 'first' });
    assert.deepEqual(share.lane('flood', 0), { lane: 'second', reason: 'source-over-share' });
    assert.deepEqual(share.lane('other', 0), { lane: 'first' }, 'another source is not behind the flood');
    assert.deepEqual(
      share.lane('flood', Math.ceil(60_000 / LANE_PER_MINUTE)),
      { lane: 'first' },
      'one token back after its time',
    );
  });
});
