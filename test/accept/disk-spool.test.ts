// The disk spool: bounded, ordered, replay stops at the first failure and keeps the rest.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AcceptedEvent } from '../../src/accept/accepted-event.js';
import { createDiskSpool } from '../../src/accept/disk-spool.js';

function accepted(id: string): AcceptedEvent {
  return {
    id,
    event: { certificate: `${id}.der` } as AcceptedEvent['event'],
    sourceAddress: '192.0.2.1',
    transport: 'udp',
    receivedAt: '2026-11-26T00:00:00.000Z',
  };
}

describe('disk spool', () => {
  test('replays in order and empties itself', async () => {
    const spool = createDiskSpool(mkdtempSync(join(tmpdir(), 'spool-')), 1 << 20);
    for (const id of ['a', 'b', 'c']) assert.equal((await spool.write(accepted(id))).outcome, 'spooled');
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
    for (let i = 0; i < 5; i += 1) results.push((await spool.write(accepted(`event-${i}`))).outcome);
    assert.ok(results.includes('spooled'));
    assert.equal(results.at(-1), 'spool-full');
    assert.equal(spool.healthy(), false);
    assert.ok(spool.pendingBytes() <= 400);
  });

  // /dev/full answers every write with ENOSPC: the spool file pointed at it is a disk that has just filled up.
  test('a full disk (ENOSPC) is "spool full": no throw, unhealthy, and healthy again once space returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const spool = createDiskSpool(dir, 1 << 20);
    assert.equal((await spool.write(accepted('before'))).outcome, 'spooled');
    const active = join(dir, 'events.jsonl');
    const kept = readFileSync(active, 'utf8');
    rmSync(active);
    symlinkSync('/dev/full', active);
    const full = await spool.write(accepted('lost'));
    assert.deepEqual(full, { outcome: 'spool-full', detail: 'the disk is full (ENOSPC)' });
    assert.equal(spool.healthy(), false);
    // Space returns: the file is a file again.
    rmSync(active);
    writeFileSync(active, kept);
    assert.equal(await spool.probe(), true);
    assert.equal(spool.healthy(), true);
    assert.equal((await spool.write(accepted('after'))).outcome, 'spooled');
    const seen: string[] = [];
    await spool.replay(async (e) => void seen.push(e.id));
    assert.deepEqual(seen, ['before', 'after']);
  });

  test('the probe stays unhealthy while the disk is still full', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const spool = createDiskSpool(dir, 1 << 20);
    symlinkSync('/dev/full', join(dir, 'events.jsonl'));
    symlinkSync('/dev/full', join(dir, 'probe.tmp'));
    assert.equal((await spool.write(accepted('lost'))).outcome, 'spool-full');
    assert.equal(await spool.probe(), false);
    assert.equal(spool.healthy(), false);
  });

  test('a replay whose rest cannot be written keeps the whole file (delivered events come again, never lost)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const spool = createDiskSpool(dir, 1 << 20);
    for (const id of ['a', 'b', 'c']) await spool.write(accepted(id));
    symlinkSync('/dev/full', join(dir, 'events.replaying.jsonl.rest'));
    let calls = 0;
    const first = await spool.replay(async () => {
      calls += 1;
      if (calls === 2) throw new Error('redis gone again');
    });
    assert.deepEqual(first, { delivered: 1, remaining: 2 });
    assert.equal(existsSync(join(dir, 'events.replaying.jsonl')), true, 'the replay file is whole');
    const seen: string[] = [];
    await spool.replay(async (e) => void seen.push(e.id));
    assert.deepEqual(seen, ['a', 'b', 'c']);
  });
});
