// The ticket store on a real Redis: the event-id guard, what a stored document carries (schemaVersion, the guard's
// event ids) and what callers see (a plain Ticket), documents of today's and earlier versions, and a document of a
// newer version: refused, never rewritten. The batch paths (getMany, updateEach) keep update()'s guarantees: no update
// lost to a concurrent write, a re-homed id followed.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { redisKeys } from '../../src/redis/keys.js';
import { NewerSchemaError } from '../../src/redis/schema-version.js';
import { decideOnAction } from '../../src/tickets/decide.js';
import { TICKET_SCHEMA_VERSION } from '../../src/tickets/ticket-migrations.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, T0, makeEvent, openWith } from '../tickets/fixtures.js';
import { useTestRedis } from '../support/redis-server.js';

describe('ticket store on real Redis', () => {
  const redis = useTestRedis();
  let store: TicketStore;

  before(async () => {
    store = createTicketStore(redis.client);
  });

  const storedDocument = async (id: string) =>
    JSON.parse((await redis.client.get(redisKeys.ticket(id)))!) as Record<string, unknown>;
  const count = (t: Ticket | null): Ticket => {
    assert.ok(t);
    return { ...t, occurrences: t.occurrences + 1 };
  };

  test('the event-id guard applies an event once; callers see a plain Ticket, the store keeps version and guard', async () => {
    const opened = openWith(makeEvent({ node: 'GUARD01' }));
    assert.deepEqual(await store.update(opened.id, () => opened, { eventId: 'e1' }), {
      ticket: opened,
      outcome: 'written',
    });
    let runs = 0;
    const again = await store.update(opened.id, (t) => {
      runs += 1;
      return count(t);
    }, { eventId: 'e1' });
    assert.equal(again.outcome, 'duplicate-event');
    assert.equal(runs, 0, 'the change is not even run for an event already applied');
    assert.equal(again.ticket?.occurrences, 1);

    const next = await store.update(opened.id, count, { eventId: 'e2' });
    assert.equal(next.outcome, 'written');
    assert.equal(next.ticket?.occurrences, 2);

    const document = await storedDocument(opened.id);
    assert.equal(document.schemaVersion, TICKET_SCHEMA_VERSION);
    assert.equal(TICKET_SCHEMA_VERSION, 1);
    assert.deepEqual(document.appliedEventIds, ['e1', 'e2']);
    // An update without a guard (an API action, a tick) keeps the guard's memory.
    await store.update(opened.id, (t) => t && decideOnAction(t, { type: 'ack' }, 'alice', T0).ticket);
    assert.deepEqual((await storedDocument(opened.id)).appliedEventIds, ['e1', 'e2']);

    for (const seen of [await store.get(opened.id), (await store.list()).find((t) => t.id === opened.id)]) {
      assert.ok(seen);
      assert.equal(seen.status, 'acknowledged');
      assert.ok(!('schemaVersion' in seen) && !('appliedEventIds' in seen), 'storage fields stay in the store');
    }
    assert.deepEqual(await store.update(opened.id, () => null), {
      ticket: await store.get(opened.id),
      outcome: 'unchanged',
    });
    assert.deepEqual(await store.update('no-such-ticket', (t) => t), { ticket: null, outcome: 'unchanged' });
  });

  test('a ticket stored before versions existed (v0) is read as is and written back as v1', async () => {
    const v0 = { ...openWith(makeEvent({ node: 'OLD01' })), appliedEventIds: ['old-event'] };
    await redis.client.set(redisKeys.ticket(v0.id), JSON.stringify(v0));
    await redis.client.zadd(redisKeys.ticketsByExpiry(), Date.parse(v0.expiry.at!), v0.id);
    const { appliedEventIds: _guard, ...ticket } = v0;
    assert.deepEqual(await store.get(v0.id), ticket);
    assert.equal(
      (await store.update(v0.id, count, { eventId: 'old-event' })).outcome,
      'duplicate-event',
      'the v0 guard still holds',
    );
    await store.update(v0.id, count);
    const document = await storedDocument(v0.id);
    assert.equal(document.schemaVersion, 1);
    assert.equal(document.occurrences, 2);
    assert.deepEqual(document.appliedEventIds, ['old-event']);
  });

  test('a ticket written by a newer version is refused by get, list and update, and left exactly as it was', async () => {
    const newer = { ...openWith(makeEvent({ node: 'NEWER01' })), schemaVersion: 99, addedLater: { keep: true } };
    const raw = JSON.stringify(newer);
    await redis.client.set(redisKeys.ticket(newer.id), raw);
    await redis.client.zadd(redisKeys.ticketsByExpiry(), Date.parse(newer.expiry.at!) + DAY, newer.id);
    const refused = (error: unknown) =>
      error instanceof NewerSchemaError &&
      error.message.includes(newer.id) &&
      /schemaVersion 99; this version reads up to 1/.test(error.message);
    await assert.rejects(store.get(newer.id), refused);
    await assert.rejects(store.list(), refused);
    let runs = 0;
    await assert.rejects(store.update(newer.id, (t) => {
      runs += 1;
      return count(t);
    }), refused);
    assert.equal(runs, 0);
    assert.equal(await redis.client.get(redisKeys.ticket(newer.id)), raw, 'not rewritten');
    await redis.client.del(redisKeys.ticket(newer.id));
    await redis.client.zrem(redisKeys.ticketsByExpiry(), newer.id);
  });

  test('getMany reads tickets in the order asked, null where none is stored', async () => {
    const a = openWith(makeEvent({ node: 'MANY01' }));
    const b = openWith(makeEvent({ node: 'MANY02' }));
    await store.update(a.id, () => a);
    await store.update(b.id, () => b);
    assert.deepEqual(await store.getMany([b.id, 'no-such-ticket', a.id]), [b, null, a]);
    assert.deepEqual(await store.getMany([]), []);
  });

  test('updateEach: one batch for the lot; a ticket written meanwhile is re-read and changed again, a moved one followed', async () => {
    const [a, b, c, d] = ['EACH01', 'EACH02', 'EACH03', 'EACH04'].map((node) => openWith(makeEvent({ node })));
    for (const t of [a!, b!, c!, d!]) await store.update(t.id, () => t);
    // c was re-homed: its old id redirects to its new one.
    const movedId = `${c!.id}-moved`;
    await store.rehome(c!.id, movedId, (from) => ({ ticket: { ...from, id: movedId }, outcome: 'moved' }), T0);
    let concurrentWrite = true;
    const results = await store.updateEach([
      { id: a!.id, change: count },
      {
        id: b!.id,
        change: (t) => {
          // Another writer stores b between the batch's read and its compare-and-set (same connection, so Redis
          // applies it first): the batch must not overwrite it.
          if (concurrentWrite) {
            void redis.client.set(redisKeys.ticket(b!.id), JSON.stringify({ ...t, occurrences: 40, schemaVersion: 1 }));
          }
          concurrentWrite = false;
          return count(t);
        },
      },
      { id: c!.id, change: count },
      { id: d!.id, change: () => null },
      { id: 'no-such-ticket', change: (t) => t },
    ]);
    assert.deepEqual(
      results.map((r) => [r.ticket?.id ?? null, r.outcome, r.ticket?.occurrences ?? null]),
      [
        [a!.id, 'written', 2],
        [b!.id, 'written', 41],
        [movedId, 'written', 2],
        [d!.id, 'unchanged', 1],
        [null, 'unchanged', null],
      ],
    );
    assert.equal(
      (await store.get(b!.id))?.occurrences,
      41,
      'the concurrent write is kept, the change applied on top of it',
    );
    assert.equal((await store.get(movedId))?.occurrences, 2);
    assert.equal(await store.get(c!.id), null, 'nothing written back at the old id');
    assert.deepEqual(await store.updateEach([]), []);
  });
});
