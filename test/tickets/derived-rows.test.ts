// The derived hashes on a real Redis hold exactly what DERIVED_ROWS says, for every entry of the list, through each
// script that writes tickets: the compare-and-set (single and batch), the re-homing (a move and a merge) and the index
// build. A ticket gets a row in every hash whose row function gives one, and loses it where the function says none;
// an id a ticket left has no row anywhere. The hashes are read by their keys from the list, so an entry the scripts
// do not write fails here.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisKeys } from '../../src/redis/keys.js';
import { DERIVED_ROWS } from '../../src/tickets/derived-rows.js';
import { buildTicketIndexes } from '../../src/tickets/ticket-indexes.js';
import { readStoredTicket } from '../../src/tickets/ticket-migrations.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { useTestRedis } from '../support/redis-server.js';
import { DAY, at, exactExpiry, makeEvent, openIn } from './fixtures.js';

/** Each derived hash as stored (ticket id -> row), in DERIVED_ROWS order. */
async function storedRows(client: Redis): Promise<Record<string, string>[]> {
  return Promise.all(DERIVED_ROWS.map((derived) => client.hgetall(derived.key())));
}

/** What DERIVED_ROWS says each hash holds for the stored documents. */
async function rowsOfDocuments(client: Redis): Promise<Record<string, string>[]> {
  const hashes: Record<string, string>[] = DERIVED_ROWS.map(() => ({}));
  for (const key of await client.keys(redisKeys.ticket('*'))) {
    const ticket = readStoredTicket(key.slice(redisKeys.ticket('').length), (await client.get(key))!);
    DERIVED_ROWS.forEach((derived, i) => {
      const row = derived.row(ticket);
      if (row !== undefined) hashes[i]![ticket.id] = row;
    });
  }
  return hashes;
}

/** The hashes that hold a row of `id`: the keys, in DERIVED_ROWS order. */
async function hashesHolding(client: Redis, id: string): Promise<string[]> {
  const held = await Promise.all(DERIVED_ROWS.map(async (derived) => (await client.hexists(derived.key(), id)) === 1));
  return DERIVED_ROWS.filter((_, i) => held[i]).map((derived) => derived.key());
}

/** The hashes whose row function gives `ticket` a row. */
function hashesWithRow(ticket: Ticket): string[] {
  return DERIVED_ROWS.filter((derived) => derived.row(ticket) !== undefined).map((derived) => derived.key());
}

const everyHash = () => DERIVED_ROWS.map((derived) => derived.key());

describe('the derived hashes on real Redis', () => {
  const redis = useTestRedis({ flushEachTest: true });
  let store: TicketStore;

  beforeEach(async () => {
    store = createTicketStore(redis.client);
  });

  async function assertRowsAgree(when: string) {
    assert.deepEqual(await storedRows(redis.client), await rowsOfDocuments(redis.client), `derived rows after ${when}`);
  }

  test('the compare-and-set writes a row in every hash, and removes one its function says none of', async () => {
    const ticket = openIn('lab', makeEvent({ node: 'CUCM01', expiry: exactExpiry(10 * DAY) }));
    assert.deepEqual(hashesWithRow(ticket), everyHash(), 'an open alarm ticket with an exact expiry has every row');
    await store.update(ticket.id, () => ticket);
    await assertRowsAgree('create');
    assert.deepEqual(await hashesHolding(redis.client, ticket.id), everyHash());

    const resolved = await store.update(ticket.id, (t) => t && { ...t, status: 'resolved' });
    const kept = hashesWithRow(resolved.ticket!);
    assert.ok(kept.length < DERIVED_ROWS.length, 'a resolved ticket has fewer rows: some hash loses its row');
    await assertRowsAgree('resolve');
    assert.deepEqual(await hashesHolding(redis.client, ticket.id), kept);

    await store.updateEach([{ id: ticket.id, change: (t) => t && { ...t, status: 'open' } }]);
    await assertRowsAgree('a batch reopen');
    assert.deepEqual(await hashesHolding(redis.client, ticket.id), everyHash());
  });

  test('re-homing removes the old id\'s rows, writes the new one\'s bar those its functions say none of', async () => {
    const stray = openIn('unassigned-192.0.2.9', makeEvent({ node: 'CUCM01', expiry: exactExpiry(5 * DAY) }));
    const strayToMerge = openIn('unassigned-192.0.2.9', makeEvent({ node: 'CUCM02', expiry: exactExpiry(4 * DAY) }));
    const home = openIn('lab', makeEvent({ node: 'CUCM02', expiry: exactExpiry(4 * DAY) }));
    for (const t of [stray, strayToMerge, home]) await store.update(t.id, () => t);
    assert.ok((await hashesHolding(redis.client, stray.id)).length > 0, 'the stray ticket has rows to lose');

    const movedId = `${stray.id}-home`;
    const move = (from: Ticket) => ({ ticket: { ...from, id: movedId, clusterId: 'lab' }, outcome: 'moved' as const });
    await store.rehome(stray.id, movedId, move, at(DAY));
    await assertRowsAgree('a move');
    assert.deepEqual(await hashesHolding(redis.client, stray.id), [], 'the old id has no row left');
    assert.deepEqual(await hashesHolding(redis.client, movedId), everyHash());

    // The merge resolves the ticket it lands on: the rows its functions say none of go.
    const resolveInto = (_: Ticket, into: Ticket | null) => ({
      ticket: { ...into!, status: 'resolved' as const },
      outcome: 'merged' as const,
    });
    const merged = await store.rehome(strayToMerge.id, home.id, resolveInto, at(DAY));
    await assertRowsAgree('a merge');
    assert.deepEqual(await hashesHolding(redis.client, strayToMerge.id), []);
    assert.deepEqual(await hashesHolding(redis.client, home.id), hashesWithRow(merged.ticket!));
    assert.ok(hashesWithRow(merged.ticket!).length < DERIVED_ROWS.length, 'the merged ticket lost a row');
  });

  test('the index build writes every hash\'s rows, and removes a row its function says none of', async () => {
    const open = openIn('lab', makeEvent({ node: 'CUCM01', expiry: exactExpiry(10 * DAY) }));
    const resolved: Ticket = {
      ...openIn('lab', makeEvent({ node: 'CUCM02', expiry: exactExpiry(3 * DAY) })),
      status: 'resolved',
    };
    for (const t of [open, resolved]) await store.update(t.id, () => t);
    // As an older version could leave them: no rows for one ticket, a stale row in every hash for the other.
    await redis.client.del(...everyHash());
    for (const key of everyHash()) await redis.client.hset(key, resolved.id, 'stale');
    await redis.client.set(redisKeys.ticketIndexVersion(), '0');

    assert.equal((await buildTicketIndexes(redis.client)).outcome, 'built');
    await assertRowsAgree('the index build');
    assert.deepEqual(await hashesHolding(redis.client, open.id), everyHash());
    assert.deepEqual(await hashesHolding(redis.client, resolved.id), hashesWithRow(resolved));
    assert.ok(hashesWithRow(resolved).length < DERIVED_ROWS.length, 'the resolved ticket\'s stale row was removed');
  });
});
