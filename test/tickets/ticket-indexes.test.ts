// The ticket store's indexes on a real Redis: after every kind of write (create, update, resolve, reopen, re-home as a
// move and as a merge) each index, the expiries listing's rows and the not-after gauge rows, say exactly what the
// stored documents say; the tick index follows writes and the tick's own scores; tickets stored before the indexes (or
// the rows) existed are indexed at first use; and a Redis killed in the middle of a burst of writes comes back (from
// its AOF) with no ticket missing from its indexes.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisKeys } from '../../src/redis/keys.js';
import { expiryRow } from '../../src/tickets/expiry-row.js';
import { notAfterRowOf } from '../../src/tickets/not-after-row.js';
import { expiryScore, TICKET_INDEX_VERSION } from '../../src/tickets/ticket-indexes.js';
import { readStoredTicket } from '../../src/tickets/ticket-migrations.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, at, exactExpiry, makeEvent, openIn } from './fixtures.js';
import { useTestRedis } from '../support/redis-server.js';

/** A ticket opened in `clusterId` for `node`, expiring in `days`. */
function opened(clusterId: string, node: string, days: number): Ticket {
  return openIn(clusterId, makeEvent({ node, host: `${node}.example.com`, expiry: exactExpiry(days * DAY) }));
}

type Scored = Record<string, number>;

/** Every index as stored: members with scores (the tick index: members only, its scores are the tick's). */
async function storedIndexes(client: Redis) {
  const zset = async (key: string): Promise<Scored> => {
    const flat = await client.zrange(key, '0', '-1', 'WITHSCORES');
    const out: Scored = {};
    for (let i = 0; i < flat.length; i += 2) out[flat[i]!] = Number(flat[i + 1]);
    return out;
  };
  const clusters: Record<string, Scored> = {};
  for (const key of await client.keys(redisKeys.clusterTickets('*'))) clusters[key] = await zset(key);
  return {
    all: await zset(redisKeys.ticketsByExpiry()),
    open: await zset(redisKeys.openTicketsByExpiry()),
    tick: Object.keys(await zset(redisKeys.openTicketsByTick())).sort(),
    clusters,
    holding: (await client.smembers(redisKeys.ticketClusters())).sort(),
    rows: Object.fromEntries(
      Object.entries(await client.hgetall(redisKeys.ticketExpiryRows())).map(([id, row]) => [
        id,
        JSON.parse(row) as unknown,
      ]),
    ),
    gaugeRows: Object.fromEntries(
      Object.entries(await client.hgetall(redisKeys.ticketNotAfterRows())).map(([id, raw]) => [
        id,
        JSON.parse(raw) as unknown,
      ]),
    ),
  };
}

/** The indexes the stored documents call for. */
async function indexesOfDocuments(client: Redis) {
  const all: Scored = {};
  const open: Scored = {};
  const clusters: Record<string, Scored> = {};
  const rows: Record<string, unknown> = {};
  const gaugeRows: Record<string, unknown> = {};
  for (const key of await client.keys(redisKeys.ticket('*'))) {
    const t = readStoredTicket(key.slice(redisKeys.ticket('').length), (await client.get(key))!);
    rows[t.id] = expiryRow(t);
    const gaugeRow = notAfterRowOf(t);
    if ('row' in gaugeRow) gaugeRows[t.id] = gaugeRow.row;
    const score = expiryScore(t);
    all[t.id] = score;
    if (t.status !== 'resolved') open[t.id] = score;
    (clusters[redisKeys.clusterTickets(t.clusterId)] ??= {})[t.id] = score;
  }
  return {
    all, open, tick: Object.keys(open).sort(), clusters,
    holding: Object.keys(clusters).map((k) => k.slice(redisKeys.clusterTickets('').length)).sort(),
    rows, gaugeRows,
  };
}

/** Every ticket the tick would read at `now`, its slices joined. */
async function dueAt(store: TicketStore, now: Date): Promise<Ticket[]> {
  const due: Ticket[] = [];
  for await (const slice of store.dueForTick(now)) due.push(...slice);
  return due;
}

async function assertIndexesMatchDocuments(client: Redis, when: string) {
  assert.deepEqual(await storedIndexes(client), await indexesOfDocuments(client), `indexes after ${when}`);
}

describe('ticket indexes on real Redis', () => {
  const redis = useTestRedis({ flushEachTest: true });
  let store: TicketStore;

  beforeEach(async () => {
    store = createTicketStore(redis.client);
  });

  const write = (t: Ticket) => store.update(t.id, () => t);

  test('every write keeps every index in step: create, update, resolve, reopen, re-home (move and merge)', async () => {
    const a = opened('lab', 'CUCM01', 10);
    const b = opened('lab', 'CUCM02', 3);
    const c = opened('other', 'OTHER01', 20);
    const stray = opened('unassigned-192.0.2.9', 'CUCM01', 5);
    const strayToMerge = opened('unassigned-192.0.2.9', 'CUCM02', 4);
    for (const t of [a, b, c, stray, strayToMerge]) await write(t);
    await assertIndexesMatchDocuments(redis.client, 'create');
    assert.deepEqual((await store.ofCluster('lab')).map((t) => t.id), [b.id, a.id], 'expiry order');
    assert.deepEqual([...await store.clustersHoldingTickets()].sort(), ['lab', 'other', 'unassigned-192.0.2.9']);

    await store.update(
      a.id,
      (t) => t && { ...t, occurrences: t.occurrences + 1, expiry: { ...t.expiry, at: at(DAY).toISOString() } },
    );
    await assertIndexesMatchDocuments(redis.client, 'update (new expiry)');
    const exact = c.expiry;
    await store.updateEach([
      { id: c.id, change: (t) => t && { ...t, expiry: { ...t.expiry, at: null, precision: 'window' } } },
    ]);
    await assertIndexesMatchDocuments(redis.client, 'a batch update (only a window now: no row)');
    await store.updateEach([{ id: c.id, change: (t) => t && { ...t, expiry: exact } }]);
    await assertIndexesMatchDocuments(redis.client, 'a batch update (exact again: a row)');
    assert.equal((await store.notAfterRows()).length, 3, 'a, b and c: the unassigned tickets give no row');
    assert.deepEqual(
      (await store.ofCluster('lab')).map((t) => t.id),
      [a.id, b.id],
      'the earlier expiry moved it first',
    );

    await store.update(b.id, (t) => t && { ...t, status: 'resolved' });
    await assertIndexesMatchDocuments(redis.client, 'resolve');
    assert.deepEqual(
      (await store.pageByExpiry({ of: 'open' }, { from: 0, count: 10 })).tickets.map((t) => t.id).includes(b.id),
      false,
    );
    assert.deepEqual(
      (await store.ofCluster('lab')).map((t) => t.id),
      [a.id, b.id],
      'a resolved ticket stays in its cluster',
    );

    await store.update(b.id, (t) => t && { ...t, status: 'open' });
    await assertIndexesMatchDocuments(redis.client, 'reopen');

    const movedId = ticketIdFor(makeEvent({ node: 'CUCM01', host: 'CUCM01.example.com' }), 'other');
    const move = await store.rehome(
      stray.id,
      movedId,
      (from) => ({ ticket: { ...from, id: movedId, clusterId: 'other' }, outcome: 'moved' }),
      at(DAY),
    );
    assert.equal(move.outcome, 'moved');
    await assertIndexesMatchDocuments(redis.client, 'move');
    const merge = await store.rehome(
      strayToMerge.id,
      b.id,
      (from, into) => ({ ticket: { ...into!, occurrences: into!.occurrences + from.occurrences }, outcome: 'merged' }),
      at(DAY),
    );
    assert.equal(merge.outcome, 'merged');
    await assertIndexesMatchDocuments(redis.client, 'merge');
    assert.deepEqual(
      [...(await store.clustersHoldingTickets())].sort(),
      ['lab', 'other'],
      'the unassigned cluster left with its last ticket',
    );
    assert.deepEqual(await store.ofCluster('unassigned-192.0.2.9'), []);
    assert.deepEqual(
      (await store.notAfterRows()).map((r) => r.ticketId).sort(),
      [a.id, b.id, c.id, movedId].sort(),
      'the moved ticket now gives a row',
    );
  });

  test("the tick index: a write makes a ticket due at once; the tick's score holds only for the document it read", async () => {
    const a = opened('lab', 'CUCM01', 10);
    const b = opened('lab', 'CUCM02', 12);
    await write(a);
    await write(b);
    const due = await dueAt(store, at(1000));
    assert.deepEqual(due.map((t) => t.id).sort(), [a.id, b.id].sort());
    const [readA, readB] = [due.find((t) => t.id === a.id)!, due.find((t) => t.id === b.id)!];
    // b is written after the tick read it: the tick's score for b must not hide that write.
    await store.update(b.id, (t) => t && { ...t, occurrences: t.occurrences + 1 });
    await store.scheduleTicks([
      { ticket: readA, at: at(5 * DAY).getTime() },
      { ticket: readB, at: at(5 * DAY).getTime() },
    ]);
    assert.equal(await redis.client.zscore(redisKeys.openTicketsByTick(), a.id), String(at(5 * DAY).getTime()));
    assert.equal(await redis.client.zscore(redisKeys.openTicketsByTick(), b.id), '0');
    assert.deepEqual((await dueAt(store, at(DAY))).map((t) => t.id), [b.id]);
    assert.deepEqual((await dueAt(store, at(5 * DAY))).map((t) => t.id).sort(), [a.id, b.id].sort());
    // Another policy since the scores were computed: every open ticket is due again, once.
    assert.equal(await store.tickPolicy('ladder-1'), true);
    assert.deepEqual((await dueAt(store, at(1000))).map((t) => t.id).sort(), [a.id, b.id].sort());
    assert.equal(await store.tickPolicy('ladder-1'), false);
  });

  test('tickets stored before the indexes existed are indexed at first use, once', async () => {
    // Written the way certwatch wrote them before: the document and the index by expiry, nothing else.
    const old = [
      opened('lab', 'CUCM01', 10),
      opened('lab', 'CUCM02', 3),
      { ...opened('other', 'OTHER01', 20), status: 'resolved' as const },
    ];
    for (const t of old) {
      const { schemaVersion: _v, ...document } = { ...t, schemaVersion: 0 };
      await redis.client.set(redisKeys.ticket(t.id), JSON.stringify(document));
      await redis.client.zadd(redisKeys.ticketsByExpiry(), expiryScore(t), t.id);
    }
    assert.deepEqual((await store.ofCluster('lab')).map((t) => t.id), [old[1]!.id, old[0]!.id]);
    await assertIndexesMatchDocuments(redis.client, 'the migration');
    assert.equal(await redis.client.get(redisKeys.ticketIndexVersion()), String(TICKET_INDEX_VERSION));
    assert.deepEqual(
      (await dueAt(store, at(1000))).map((t) => t.id).sort(),
      [old[0]!.id, old[1]!.id].sort(),
      'open old tickets are due for the tick',
    );
    // Built once: an old-style write now (a ticket the build never saw) is not picked up by a second store.
    await redis.client.set(redisKeys.ticket('late'), JSON.stringify({ ...old[0]!, id: 'late' }));
    await redis.client.zadd(redisKeys.ticketsByExpiry(), 1, 'late');
    assert.equal((await createTicketStore(redis.client).ofCluster('lab')).some((t) => t.id === 'late'), false);
  });

  test("the expiries listing's rows of tickets indexed before the rows existed (index version 1) are written at first use", async () => {
    const tickets = [opened('lab', 'CUCM01', 10), opened('other', 'OTHER01', 20)];
    for (const t of tickets) await write(t);
    // As certwatch with index version 1 left them: every index but the rows.
    await redis.client.del(redisKeys.ticketExpiryRows());
    await redis.client.set(redisKeys.ticketIndexVersion(), '1');
    const page = await createTicketStore(redis.client).rowsByExpiry({ of: 'open' }, { from: 0, count: 10 });
    assert.deepEqual(page.rows.map((row) => JSON.parse(row) as unknown), tickets.map((t) => expiryRow(t)));
    await assertIndexesMatchDocuments(redis.client, 'the rows built');
  });

  test("rows written at index version 2 (no lastMailAt) are written again at first use, with the last mail's time", async () => {
    const mailed: Ticket = {
      ...opened('lab', 'CUCM01', 10),
      status: 'notified',
      mailed: [{ revision: 1, messageId: '<m@x>', at: at(DAY).toISOString() }],
    };
    const tickets = [mailed, opened('lab', 'CUCM02', 20)];
    for (const t of tickets) await write(t);
    // As certwatch with index version 2 left them: the same rows without the field.
    for (const t of tickets) {
      const { lastMailAt: _, ...row } = expiryRow(t);
      await redis.client.hset(redisKeys.ticketExpiryRows(), t.id, JSON.stringify(row));
    }
    await redis.client.set(redisKeys.ticketIndexVersion(), '2');
    const page = await createTicketStore(redis.client).rowsByExpiry({ of: 'open' }, { from: 0, count: 10 });
    assert.deepEqual(
      page.rows.map((row) => (JSON.parse(row) as { lastMailAt: unknown }).lastMailAt),
      [at(DAY).toISOString(), null],
    );
    await assertIndexesMatchDocuments(redis.client, 'the rows of version 2 rewritten');
  });

  test('gauge rows of tickets stored by index version 1 (no rows yet) are built at first use, once; a resolved one gives none', async () => {
    // Written the way certwatch wrote them at index version 1: the documents and every index but the rows.
    const stored = [
      opened('lab', 'CUCM01', 10),
      opened('lab', 'CUCM02', 3),
      { ...opened('lab', 'CUCM03', 20), status: 'resolved' as const },
    ];
    for (const t of stored) await write(t);
    await redis.client.del(redisKeys.ticketNotAfterRows(), redisKeys.ticketExpiryRows());
    await redis.client.set(redisKeys.ticketIndexVersion(), '1');
    const indexedBefore = await storedIndexes(redis.client);
    const rows = await createTicketStore(redis.client).notAfterRows();
    assert.deepEqual(
      rows.map((r) => [r.ticketId, r.row[4]]).sort(),
      [
        [stored[0]!.id, at(10 * DAY).getTime() / 1000],
        [stored[1]!.id, at(3 * DAY).getTime() / 1000],
      ].sort(),
    );
    await assertIndexesMatchDocuments(redis.client, 'the migration of version 1');
    assert.deepEqual(
      { ...(await storedIndexes(redis.client)), rows: {}, gaugeRows: {} },
      { ...indexedBefore, rows: {}, gaugeRows: {} },
      'the other indexes are as they were',
    );
    assert.equal(await redis.client.get(redisKeys.ticketIndexVersion()), String(TICKET_INDEX_VERSION));
    // Built once: a row removed behind the store's back is not built again by a second store.
    await redis.client.hdel(redisKeys.ticketNotAfterRows(), stored[0]!.id);
    assert.equal((await createTicketStore(redis.client).notAfterRows()).length, 1);
  });

  test('a Redis killed in the middle of a burst of writes comes back with every ticket in its indexes', async () => {
    const tickets = Array.from({ length: 40 }, (_, i) =>
      opened(i % 2 === 0 ? 'lab' : 'unassigned-192.0.2.7', `NODE${i}`, i + 1),
    );
    for (const t of tickets) await write(t);
    const writer = new Redis(redis.server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    writer.on('error', () => undefined);
    const burstStore = createTicketStore(writer);
    let writes = 0;
    const burst = Promise.allSettled(
      Array.from({ length: 2000 }, (_, n) => {
        const t = tickets[n % tickets.length]!;
        const step =
          n % 5 === 4 && t.clusterId !== 'lab'
            ? burstStore.rehome(
                t.id,
                `${t.id}-home`,
                (from) => ({ ticket: { ...from, id: `${t.id}-home`, clusterId: 'lab' }, outcome: 'moved' }),
                at(DAY),
              )
            : burstStore.update(
                t.id,
                (cur) => cur && { ...cur, occurrences: cur.occurrences + 1, status: n % 3 === 0 ? 'resolved' : 'open' },
              );
        return step.then(() => {
          writes += 1;
        });
      }),
    );
    while (writes < 100) await new Promise((r) => setTimeout(r, 1));
    await redis.server.kill();
    await burst;
    writer.disconnect();
    await redis.server.start();
    assert.ok(writes > 0 && writes < 2000, `the kill came in the middle of the burst (${writes} writes done)`);
    const restarted = new Redis(redis.server.url);
    try {
      await assertIndexesMatchDocuments(restarted, 'a kill -9 of Redis and a restart from its AOF');
    } finally {
      restarted.disconnect();
    }
  });
});
