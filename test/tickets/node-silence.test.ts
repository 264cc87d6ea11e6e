// Decision table for silent nodes (fixed clock, 48 h silence): opened once heard and silent, resolved when heard again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideNodeSilence,
  readNodeSilence,
  recordSilenceMailed,
  unmailedSilenceRevision,
  type NodeSilenceTicket,
} from '../../src/tickets/node-silence.js';
import { HOUR, T0, at } from './fixtures.js';

const AFTER = 48 * HOUR;
const heard = (ms: number | null) => ({
  clusterId: 'lab',
  node: 'CUCM01',
  lastHeardMs: ms === null ? null : T0.getTime() + ms,
});

function opened(): NodeSilenceTicket {
  const d = decideNodeSilence(null, heard(0), at(49 * HOUR), AFTER);
  assert.equal(d.action, 'open');
  return d.ticket!;
}

describe('decideNodeSilence', () => {
  const cases: {
    title: string;
    existing: () => NodeSilenceTicket | null;
    lastHeard: number | null;
    now: number;
    action: string;
    reason: string;
  }[] = [
    {
      title: 'never heard: nothing to miss',
      existing: () => null,
      lastHeard: null,
      now: 100 * HOUR,
      action: 'none',
      reason: 'never-heard',
    },
    {
      title: 'heard 47 h ago',
      existing: () => null,
      lastHeard: 0,
      now: 47 * HOUR,
      action: 'none',
      reason: 'heard-recently',
    },
    {
      title: 'heard exactly 48 h ago: silent',
      existing: () => null,
      lastHeard: 0,
      now: 48 * HOUR,
      action: 'open',
      reason: 'node-silent',
    },
    {
      title: 'open, nothing since',
      existing: opened,
      lastHeard: 0,
      now: 80 * HOUR,
      action: 'none',
      reason: 'still-silent',
    },
    {
      title: 'open, heard again',
      existing: opened,
      lastHeard: 60 * HOUR,
      now: 60 * HOUR + 60_000,
      action: 'resolve',
      reason: 'node-heard-again',
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const d = decideNodeSilence(c.existing(), heard(c.lastHeard), at(c.now), AFTER);
      assert.deepEqual([d.action, d.reason], [c.action, c.reason]);
    });
  }

  test('the opened ticket says since when the node is silent', () => {
    const t = opened();
    assert.deepEqual(
      {
        id: t.id,
        kind: t.kind,
        status: t.status,
        silentSince: t.silentSince,
        openedAt: t.openedAt,
        resolvedAt: t.resolvedAt,
      },
      {
        id: 'lab/cucm01',
        kind: 'node-silence',
        status: 'open',
        silentSince: T0.toISOString(),
        openedAt: at(49 * HOUR).toISOString(),
        resolvedAt: null,
      },
    );
    assert.equal(t.history[0]?.detail, `nothing heard since ${T0.toISOString()} (49 h)`);
  });

  test('resolved, then silent again: the same ticket opens again with its history', () => {
    const resolved = decideNodeSilence(opened(), heard(60 * HOUR), at(61 * HOUR), AFTER).ticket!;
    assert.equal(resolved.status, 'resolved');
    assert.equal(decideNodeSilence(resolved, heard(60 * HOUR), at(100 * HOUR), AFTER).reason, 'heard-recently');
    const again = decideNodeSilence(resolved, heard(60 * HOUR), at(108 * HOUR), AFTER);
    assert.deepEqual(
      [again.action, again.ticket?.status, again.ticket?.silentSince],
      ['open', 'open', at(60 * HOUR).toISOString()],
    );
    assert.deepEqual(
      again.ticket?.history.map((h) => h.reason),
      ['node-silent', 'node-heard-again', 'node-silent'],
    );
  });
});

describe('node-silence mails: one per revision', () => {
  test('opening, resolving and opening again each make a revision to mail; a recorded mail leaves nothing pending', () => {
    const open = opened();
    assert.equal(open.revision, 1);
    assert.equal(unmailedSilenceRevision(open), 1);
    const mailedOpen = recordSilenceMailed(open, { revision: 1, messageId: '<a@x>', at: at(49 * HOUR).toISOString() });
    assert.equal(unmailedSilenceRevision(mailedOpen), null);
    assert.equal(
      recordSilenceMailed(mailedOpen, { revision: 1, messageId: '<b@x>', at: at(50 * HOUR).toISOString() }),
      mailedOpen,
      'recorded once',
    );
    const resolved = decideNodeSilence(mailedOpen, heard(60 * HOUR), at(60 * HOUR), AFTER).ticket!;
    assert.deepEqual([resolved.revision, unmailedSilenceRevision(resolved), resolved.mailed.length], [2, 2, 1]);
    const again = decideNodeSilence(resolved, heard(60 * HOUR), at(110 * HOUR), AFTER).ticket!;
    assert.deepEqual([again.status, again.revision, unmailedSilenceRevision(again)], ['open', 3, 3]);
  });

  test('a ticket stored before silences were mailed reads with nothing pending', () => {
    const { revision: _r, mailed: _m, ...older } = opened();
    const read = readNodeSilence(JSON.stringify(older));
    assert.deepEqual([read.revision, read.mailed, unmailedSilenceRevision(read)], [0, [], null]);
  });
});
