// The disk spool: bounded, ordered, replay stops at the first failure and keeps the rest.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AcceptedEvent } from '../../src/accept/accepted-event.js';
import { createDiskSpool } from '../../src/accept/disk-spool.js';

function accepted(id: string): AcceptedEvent {
  return { id, event: { certificate: `${id}.der` } as AcceptedEvent['event'], sourceAddress: '192.0.2.1', transport: 'udp', receivedAt: '2026-11-26T00:00:00.000Z' };
}

describe('disk spool', () => {
  test('replays in order and empties itself', async () => {
    const spool = createDiskSpool(mkdtempSync(join(tmpdir(), 'spool-')), 1 << 20);
    for (const id of ['a', 'b', 'c']) assert.equal(await spool.write(accepted(id)), 'spooled');
    const seen: string[] = [];
    assert.deepEqual(await spool.replay(async (e) => void seen.push(e.id)), { delivered: 3, remaining: 0 });
    assert.deepEqual(seen, ['a', 'b', 'c']);
    assert.equal(spool.pendingBytes(), 0);
    assert.deepEqual(await spool.replay(async () => assert.fail('nothing left')), { delivered: 0, remaining: 0 });
  });

  test('a failed delivery keeps that event and the rest for the next replay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const spool = createDiskSpool(dir, 1 << 20);
    for (const id of ['a', 'b', 'c']) await spool.write(accepted(id));
    let calls = 0;
    const first = await spool.replay(async () => {
      calls += 1;
      if (calls === 2) throw new Error('redis gone again');
    });
    assert.deepEqual(first, { delivered: 1, remaining: 2 });
    await spool.write(accepted('d'));
    const seen: string[] = [];
    // A new spool object on the same folder (a restart) finds what was left, the interrupted replay first.
    const reopened = createDiskSpool(dir, 1 << 20);
    assert.deepEqual(await reopened.replay(async (e) => void seen.push(e.id)), { delivered: 2, remaining: 0 });
    assert.deepEqual(await reopened.replay(async (e) => void seen.push(e.id)), { delivered: 1, remaining: 0 });
    assert.deepEqual(seen, ['b', 'c', 'd']);
  });

  test('over the size cap it refuses instead of growing', async () => {
    const spool = createDiskSpool(mkdtempSync(join(tmpdir(), 'spool-')), 400);
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await spool.write(accepted(`event-${i}`)));
    assert.ok(results.includes('spooled'));
    assert.equal(results.at(-1), 'spool-full');
    assert.ok(spool.pendingBytes() <= 400);
  });
});
