// Tickets in Redis: one JSON document per ticket plus indexes (every ticket by expiry; each cluster's tickets; the
// not-resolved ones by expiry and by when the tick looks next; the clusters holding tickets; the not-after gauge rows
// of open alarm tickets, not-after-row.ts). Updates are compare-and-set on the whole document (a Lua script that
// writes the indexes with it), so concurrent workers never lose an update, no lock can be left behind, and no crash
// can leave a ticket out of its indexes.
// What only storage needs (the schema version, the applied-event guard) stays in here: callers see plain Tickets.
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { Ticket } from './ticket.js';
import type { RehomeOutcome, TicketMove } from './rehome.js';
import { readStoredTicket, TICKET_SCHEMA_VERSION, type StoredTicket } from './ticket-migrations.js';
import { buildTicketIndexes, documentHash, expiryScore, isOpen, redisScore } from './ticket-indexes.js';
import { storedExpiryRow } from './expiry-row.js';
import { parseNotAfterRow, type NotAfterRow } from './not-after-row.js';
import { DERIVED_ROWS, DERIVED_ROWS_LUA, derivedRowArguments, derivedRowKeys } from './derived-rows.js';

const APPLIED_EVENT_IDS_KEPT = 200;

/** How long a re-homed ticket's old id redirects (API 308, late writes): reminders and replies arrive within it. */
export const TICKET_MOVE_TTL_S = 90 * 24 * 3600;
/** A chain of moves is at most one long (only unassigned tickets move, into known clusters); this bounds a surprise. */
const MAX_MOVE_HOPS = 3;

// Creating a ticket (ARGV[1] '') also requires that its id was not moved away (KEYS[3]): a writer that read "no
// ticket" just before a re-homing must not bring the old id back; it retries and follows the move.
// The indexes are written in the same script: a written ticket is due for the tick at once (score 0), the tick then
// sets when it has to look again. KEYS[7] is the cluster the ticket was in (ids name their cluster, so it is the same
// one unless a caller changed clusterId). KEYS[9] on: the derived hashes (derived-rows.ts), the ticket's rows in them
// ARGV[7] on.
const CAS_FIXED_KEYS = 8;
const CAS_SCRIPT = `${DERIVED_ROWS_LUA}
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] ~= '') or (current ~= false and current ~= ARGV[1]) then return 0 end
if current == false and redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
if KEYS[7] ~= KEYS[4] then redis.call('ZREM', KEYS[7], ARGV[4]) end
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
redis.call('SADD', KEYS[8], ARGV[6])
if ARGV[5] == '1' then
  redis.call('ZADD', KEYS[5], ARGV[3], ARGV[4])
  redis.call('ZADD', KEYS[6], 0, ARGV[4])
else
  redis.call('ZREM', KEYS[5], ARGV[4])
  redis.call('ZREM', KEYS[6], ARGV[4])
end
write_derived_rows(${CAS_FIXED_KEYS + 1}, 7, #KEYS - ${CAS_FIXED_KEYS}, ARGV[4])
return 1`;

// The tick's next look at a ticket, stored only while the ticket is what the tick decided on (same document): a
// ticket written meanwhile stays due at once.
const SCHEDULE_TICK_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false or redis.sha1hex(current) ~= ARGV[1] then return 0 end
return redis.call('ZADD', KEYS[2], 'XX', 'CH', ARGV[2], ARGV[3])`;

// A re-homing in one script, so no crash (of certwatch or in Redis: a script is applied, and written to the AOF, as a
// whole) can leave the ticket in both places or in neither: both documents compared (compare-and-set on each), the
// new one written, the old one and its index entries removed, the redirect stored. A composed mail's claim on the
// ticket's pending revision follows a plain move (same revision), so the moved ticket's own mail job leaves that
// revision to the mail that holds it. A cluster left without tickets leaves the set of clusters holding tickets.
// KEYS[12] on: the derived hashes (derived-rows.ts): the old id's rows go, the new id's are ARGV[13] on.
const REHOME_FIXED_KEYS = 11;
const REHOME_SCRIPT = `${DERIVED_ROWS_LUA}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local into = redis.call('GET', KEYS[2])
if (into == false and ARGV[2] ~= '') or (into ~= false and into ~= ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[6])
redis.call('SET', KEYS[4], ARGV[7], 'EX', ARGV[8])
if ARGV[9] == 'move' then
  local claim = redis.call('GET', KEYS[5])
  local ttl = redis.call('PTTL', KEYS[5])
  if claim and ttl > 0 then redis.call('SET', KEYS[6], claim, 'PX', ttl) end
end
redis.call('ZREM', KEYS[7], ARGV[6])
redis.call('ZREM', KEYS[9], ARGV[6])
redis.call('ZREM', KEYS[10], ARGV[6])
if redis.call('ZCARD', KEYS[7]) == 0 then redis.call('SREM', KEYS[11], ARGV[11]) end
redis.call('ZADD', KEYS[8], ARGV[4], ARGV[5])
redis.call('SADD', KEYS[11], ARGV[12])
if ARGV[10] == '1' then
  redis.call('ZADD', KEYS[9], ARGV[4], ARGV[5])
  redis.call('ZADD', KEYS[10], 0, ARGV[5])
else
  redis.call('ZREM', KEYS[9], ARGV[5])
  redis.call('ZREM', KEYS[10], ARGV[5])
end
remove_derived_rows(${REHOME_FIXED_KEYS + 1}, #KEYS - ${REHOME_FIXED_KEYS}, ARGV[6])
write_derived_rows(${REHOME_FIXED_KEYS + 1}, 13, #KEYS - ${REHOME_FIXED_KEYS}, ARGV[5])
return 1`;

/**
 * written: the change was stored; unchanged: the change function returned null;
 * duplicate-event: the guard's event was applied to this ticket already, the change function was not run.
 */
export type UpdateOutcome = 'written' | 'unchanged' | 'duplicate-event';

export interface UpdateResult {
  /** The ticket as stored after the update (null: there is none). */
  ticket: Ticket | null;
  outcome: UpdateOutcome;
}

export interface UpdateGuard {
  /** Apply the change once per event: an accepted event processed again (stalled job, spool replay) changes nothing. */
  eventId: string;
}

/** 'already-moved': the ticket is no longer at the old id (a re-homing ran before, here or in another process). */
export type RehomeStoreOutcome = RehomeOutcome | 'already-moved';

/** Which index a listing in expiry order reads: every ticket, the not-resolved ones, or one cluster's. */
export type ExpiryScope = { of: 'all' } | { of: 'open' } | { of: 'cluster'; clusterId: string };

export interface ExpiryPage {
  tickets: Ticket[];
  /** Position in the index after the last ticket read, to read on from; null: the index ended. */
  next: number | null;
}

/** A page of the listing's rows (JSON as stored, expiry-row.ts), in index order. */
export interface ExpiryRowPage {
  rows: string[];
  /** As ExpiryPage's. */
  next: number | null;
}

export interface TicketNotAfterRow {
  ticketId: string;
  row: NotAfterRow;
}

/** One ticket's change in a batch (TicketStore.updateEach). */
export interface TicketChange {
  id: string;
  change: (current: Ticket | null) => Ticket | null;
}

export interface TicketStore {
  get(id: string): Promise<Ticket | null>;
  /** The tickets of these ids in one round trip, in the order given (null: none stored at that id; moves not
   * followed). */
  getMany(ids: readonly string[]): Promise<(Ticket | null)[]>;
  /** Where a re-homed ticket went, while its old id still redirects; null when `id` was never moved. */
  movedTo(id: string): Promise<TicketMove | null>;
  /** Every ticket, in expiry order (soonest first): only where a whole listing is asked for. */
  list(): Promise<Ticket[]>;
  /**
   * The gauge rows of the open alarm tickets whose expiry is exact or inferred (not-after-row.ts), with their ticket
   * ids, in no order: read from a hash kept with every write (one step per thousand rows), not from the tickets.
   */
  notAfterRows(): Promise<TicketNotAfterRow[]>;
  /** One cluster's tickets (resolved ones too), in expiry order. */
  ofCluster(clusterId: string): Promise<Ticket[]>;
  /** The ids of the clusters that hold at least one ticket. */
  clustersHoldingTickets(): Promise<Set<string>>;
  /**
   * Up to `count` tickets of an index in expiry order, from position `from`; `until`: only those whose expiry score
   * (expiryScore) is at most that (epoch ms).
   */
  pageByExpiry(scope: ExpiryScope, page: { from: number; count: number; until?: number }): Promise<ExpiryPage>;
  /** pageByExpiry's page as the listing's stored rows (GET /api/v1/expiries): no ticket document read. */
  rowsByExpiry(scope: ExpiryScope, page: { from: number; count: number; until?: number }): Promise<ExpiryRowPage>;
  /** How many not-resolved tickets there are, and how many of them expire by each of `untils` (epoch ms; expiry
   * score as the listing's order), in one round trip: counts of the index, no row read. */
  countOpen(untils: readonly number[]): Promise<{ total: number; until: number[] }>;
  /**
   * The not-resolved tickets the tick has to decide on by `now` (src/tickets/next-tick.ts), soonest due first, in
   * slices: the ids due are read once, the documents a slice at a time.
   */
  dueForTick(now: Date): AsyncIterable<Ticket[]>;
  /**
   * When the tick looks next at tickets it read through dueForTick (epoch ms; Infinity: not by time), in one round
   * trip. Not stored for a ticket written since it was read: that one stays due at once.
   */
  scheduleTicks(entries: readonly { ticket: Ticket; at: number }[]): Promise<void>;
  /**
   * The tick's scores were computed with the policy named by `fingerprint`: when the stored one differs (another
   * ladder since a restart), every open ticket becomes due at once and is scored again. True when that happened.
   */
  tickPolicy(fingerprint: string): Promise<boolean>;
  /**
   * Read-change-write. `change` gets the current ticket (or null) and returns the next ticket, or null for "no change".
   * It is re-run on a concurrent change, so it must be pure; the last run is the one stored.
   * An id that was re-homed is followed: the change applies to the ticket where it went (the result carries its id),
   * so an event, tick or mail record decided on the old id lands on the moved ticket instead of opening a new one.
   */
  update(id: string, change: (current: Ticket | null) => Ticket | null, guard?: UpdateGuard): Promise<UpdateResult>;
  /**
   * update() for several tickets with two round trips for the lot (read all, then every compare-and-set in one
   * pipeline) instead of two per ticket. Same guarantees per ticket: a ticket changed meanwhile, or re-homed, or not
   * there, goes through update() on its own (re-run on the current copy, moves followed). Results in the order given.
   */
  updateEach(changes: readonly TicketChange[]): Promise<UpdateResult[]>;
  /**
   * Moves the ticket at `fromId` to `toId` in one atomic step: `combine` gets the ticket and the one already at `toId`
   * (null: none) and returns what is stored at `toId` (pure: re-run on a concurrent change). The old id then redirects
   * for TICKET_MOVE_TTL_S. Nothing at `fromId`: 'already-moved', nothing changes.
   */
  rehome(
    fromId: string,
    toId: string,
    combine: (from: Ticket, into: Ticket | null) => { ticket: Ticket; outcome: RehomeOutcome },
    now: Date,
  ): Promise<{ ticket: Ticket | null; outcome: RehomeStoreOutcome }>;
}

function ticketOf(stored: StoredTicket): Ticket {
  const { schemaVersion: _version, appliedEventIds: _applied, ...ticket } = stored;
  return ticket;
}

function document(ticket: Ticket, appliedEventIds: string[] | undefined): StoredTicket {
  return { ...ticket, schemaVersion: TICKET_SCHEMA_VERSION, ...(appliedEventIds ? { appliedEventIds } : {}) };
}

// Makes every open ticket due when the policy changed (scores 0: ZUNIONSTORE of the set onto itself, weight 0).
const TICK_POLICY_SCRIPT = `
if redis.call('GET', KEYS[2]) == ARGV[1] then return 0 end
redis.call('ZUNIONSTORE', KEYS[1], 1, KEYS[1], 'WEIGHTS', 0)
redis.call('SET', KEYS[2], ARGV[1])
return 1`;

/** MGET in slices keeps each reply bounded on large installations. */
const MGET_SLICE = 500;
/** Gauge rows read per HSCAN step (about 100 KB of reply). */
const ROWS_SCAN_COUNT = 1000;
/** Tickets the tick decides on between two reads (about 40 ms of CPU here): the event loop is never held long. */
const TICK_SLICE = 200;

/** CAS_SCRIPT's keys, then its arguments. */
const CAS_KEYS = CAS_FIXED_KEYS + DERIVED_ROWS.length;

/** The compare-and-set of `next` over the document `raw` (null: none) at `id`: CAS_SCRIPT's keys and arguments. */
function casArguments(
  id: string,
  raw: string | null,
  current: Ticket | null,
  next: Ticket,
  applied: string[] | undefined,
): string[] {
  return [
    redisKeys.ticket(id),
    redisKeys.ticketsByExpiry(),
    redisKeys.ticketMoved(id),
    redisKeys.clusterTickets(next.clusterId),
    redisKeys.openTicketsByExpiry(),
    redisKeys.openTicketsByTick(),
    redisKeys.clusterTickets(current?.clusterId ?? next.clusterId),
    redisKeys.ticketClusters(),
    ...derivedRowKeys(),
    raw ?? '',
    JSON.stringify(document(next, applied)),
    String(expiryScore(next)),
    id,
    isOpen(next) ? '1' : '0',
    next.clusterId,
    ...derivedRowArguments(next),
  ];
}

export function createTicketStore(redis: Redis): TicketStore {
  // The hash of each document dueForTick read, so scheduleTicks stores a score only for the document it was based on.
  const readForTick = new WeakMap<Ticket, string>();
  // The indexes of tickets stored by an earlier version are built before the first index is read (ticket-indexes.ts).
  let indexed: Promise<unknown> | null = null;
  const indexesReady = () => {
    indexed ??= buildTicketIndexes(redis).catch((error: unknown) => {
      indexed = null;
      throw error;
    });
    return indexed;
  };

  async function movedTo(id: string): Promise<TicketMove | null> {
    const raw = await redis.get(redisKeys.ticketMoved(id));
    return raw ? (JSON.parse(raw) as TicketMove) : null;
  }
  /** The stored documents of these ids, in the order given (null: none), read in slices. */
  async function documents(ids: readonly string[]): Promise<(string | null)[]> {
    const raws: (string | null)[] = [];
    for (let i = 0; i < ids.length; i += MGET_SLICE) {
      raws.push(...(await redis.mget(ids.slice(i, i + MGET_SLICE).map((id) => redisKeys.ticket(id)))));
    }
    return raws;
  }
  /** The tickets of these ids that exist, in the order given. */
  async function read(ids: readonly string[], seen?: (ticket: Ticket, raw: string) => void): Promise<Ticket[]> {
    const tickets: Ticket[] = [];
    (await documents(ids)).forEach((raw, i) => {
      if (!raw) return;
      const ticket = ticketOf(readStoredTicket(ids[i]!, raw));
      seen?.(ticket, raw);
      tickets.push(ticket);
    });
    return tickets;
  }
  function indexKey(scope: ExpiryScope): string {
    if (scope.of === 'cluster') return redisKeys.clusterTickets(scope.clusterId);
    return scope.of === 'open' ? redisKeys.openTicketsByExpiry() : redisKeys.ticketsByExpiry();
  }
  async function idsByExpiry(
    scope: ExpiryScope,
    from: number,
    count: number,
    until: number | undefined,
  ): Promise<string[]> {
    await indexesReady();
    const max = until === undefined ? '+inf' : String(until);
    return redis.zrangebyscore(indexKey(scope), '-inf', max, 'LIMIT', from, count);
  }
  const store: TicketStore = {
    async get(id) {
      const raw = await redis.get(redisKeys.ticket(id));
      return raw ? ticketOf(readStoredTicket(id, raw)) : null;
    },
    async getMany(ids) {
      return (await documents(ids)).map((raw, i) => (raw ? ticketOf(readStoredTicket(ids[i]!, raw)) : null));
    },
    movedTo,
    async list() {
      return read(await redis.zrange(redisKeys.ticketsByExpiry(), '0', '-1'));
    },
    async notAfterRows() {
      await indexesReady();
      // HSCAN in slices, not HGETALL: Redis is never held for the whole hash (10,000 rows are about 1 MB of reply), so
      // the accept path's round trips do not queue behind a scrape. A row the scan meets twice (the hash grew while
      // read) is one row of its ticket.
      const rows = new Map<string, NotAfterRow>();
      let cursor = '0';
      do {
        const [next, flat] = await redis.hscan(redisKeys.ticketNotAfterRows(), cursor, 'COUNT', ROWS_SCAN_COUNT);
        for (let i = 0; i < flat.length; i += 2) {
          const row = parseNotAfterRow(flat[i + 1]!);
          if (row) rows.set(flat[i]!, row);
        }
        cursor = next;
      } while (cursor !== '0');
      return [...rows].map(([ticketId, row]) => ({ ticketId, row }));
    },
    async ofCluster(clusterId) {
      await indexesReady();
      return read(await redis.zrange(redisKeys.clusterTickets(clusterId), '0', '-1'));
    },
    async clustersHoldingTickets() {
      await indexesReady();
      return new Set(await redis.smembers(redisKeys.ticketClusters()));
    },
    async pageByExpiry(scope, { from, count, until }) {
      const ids = await idsByExpiry(scope, from, count, until);
      return { tickets: await read(ids), next: ids.length < count ? null : from + ids.length };
    },
    async rowsByExpiry(scope, { from, count, until }) {
      const ids = await idsByExpiry(scope, from, count, until);
      const stored = ids.length === 0 ? [] : await redis.hmget(redisKeys.ticketExpiryRows(), ...ids);
      // A row is missing only for a ticket written meanwhile by a version without rows (a rolling upgrade): made from
      // its document. None either: the ticket went between the two reads.
      const missing = ids.filter((_, i) => stored[i] === null);
      const made = new Map((await read(missing)).map((t) => [t.id, storedExpiryRow(t)]));
      const rows = stored.map((row, i) => row ?? made.get(ids[i]!)).filter((row): row is string => row !== undefined);
      return { rows, next: ids.length < count ? null : from + ids.length };
    },
    async countOpen(untils) {
      await indexesReady();
      const key = redisKeys.openTicketsByExpiry();
      const batch = redis.multi().zcard(key);
      for (const until of untils) batch.zcount(key, '-inf', String(until));
      const replies = (await batch.exec()) ?? [];
      const counts = replies.map(([error, count]) => {
        if (error) throw error;
        return Number(count);
      });
      return { total: counts[0] ?? 0, until: counts.slice(1) };
    },
    async *dueForTick(now) {
      await indexesReady();
      const ids = await redis.zrangebyscore(redisKeys.openTicketsByTick(), '-inf', String(now.getTime()));
      for (let i = 0; i < ids.length; i += TICK_SLICE) {
        yield await read(ids.slice(i, i + TICK_SLICE), (ticket, raw) => readForTick.set(ticket, documentHash(raw)));
      }
    },
    async scheduleTicks(entries) {
      if (entries.length === 0) return;
      const batch = redis.pipeline();
      for (const { ticket, at } of entries) {
        const hash = readForTick.get(ticket);
        if (hash === undefined) throw new Error(`ticket ${ticket.id}: scheduleTicks takes tickets read by dueForTick`);
        batch.eval(
          SCHEDULE_TICK_SCRIPT,
          2,
          redisKeys.ticket(ticket.id),
          redisKeys.openTicketsByTick(),
          hash,
          redisScore(at),
          ticket.id,
        );
      }
      for (const [error] of (await batch.exec()) ?? []) if (error) throw error;
    },
    async tickPolicy(fingerprint) {
      await indexesReady();
      return (
        (await redis.eval(
          TICK_POLICY_SCRIPT,
          2,
          redisKeys.openTicketsByTick(),
          redisKeys.tickPolicy(),
          fingerprint,
        )) === 1
      );
    },
    async update(requestedId, change, guard) {
      let id = requestedId;
      let hops = 0;
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const raw = await redis.get(redisKeys.ticket(id));
        if (raw === null && hops < MAX_MOVE_HOPS) {
          const move = await movedTo(id);
          if (move) {
            id = move.to;
            hops += 1;
            attempt -= 1; // following a move is not a lost race
            continue;
          }
        }
        const stored = raw ? readStoredTicket(id, raw) : null;
        if (guard && stored?.appliedEventIds?.includes(guard.eventId)) {
          return { ticket: ticketOf(stored), outcome: 'duplicate-event' };
        }
        const current = stored ? ticketOf(stored) : null;
        const next = change(current);
        if (!next) return { ticket: current, outcome: 'unchanged' };
        const applied = guard
          ? [...(stored?.appliedEventIds ?? []), guard.eventId].slice(-APPLIED_EVENT_IDS_KEPT)
          : stored?.appliedEventIds;
        const written = await redis.eval(CAS_SCRIPT, CAS_KEYS, ...casArguments(id, raw, current, next, applied));
        if (written === 1) return { ticket: next, outcome: 'written' };
      }
      throw new Error(`ticket ${id}: too many concurrent updates`);
    },
    async updateEach(changes) {
      const results: (UpdateResult | null)[] = changes.map(() => null);
      const raws = await documents(changes.map((c) => c.id));
      const batch = redis.pipeline();
      const queued: { index: number; next: Ticket }[] = [];
      raws.forEach((raw, i) => {
        // Not at this id (re-homed, or gone): update() follows a move, one ticket at a time.
        if (raw === null) return;
        const { id, change } = changes[i]!;
        const stored = readStoredTicket(id, raw);
        const current = ticketOf(stored);
        const next = change(current);
        if (!next) {
          results[i] = { ticket: current, outcome: 'unchanged' };
          return;
        }
        batch.eval(CAS_SCRIPT, CAS_KEYS, ...casArguments(id, raw, current, next, stored.appliedEventIds));
        queued.push({ index: i, next });
      });
      const replies = queued.length === 0 ? [] : ((await batch.exec()) ?? []);
      queued.forEach(({ index, next }, k) => {
        const [error, written] = replies[k] ?? [new Error('no reply')];
        if (error) throw error;
        if (written === 1) results[index] = { ticket: next, outcome: 'written' };
      });
      // Changed meanwhile (the compare-and-set refused), re-homed or gone: update() re-reads and decides again.
      for (let i = 0; i < changes.length; i += 1) results[i] ??= await store.update(changes[i]!.id, changes[i]!.change);
      return results as UpdateResult[];
    },
    async rehome(fromId, toId, combine, now) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const [fromRaw, intoRaw] = await redis.mget(redisKeys.ticket(fromId), redisKeys.ticket(toId));
        if (!fromRaw) return { ticket: null, outcome: 'already-moved' };
        const from = readStoredTicket(fromId, fromRaw);
        const into = intoRaw ? readStoredTicket(toId, intoRaw) : null;
        const { ticket, outcome } = combine(ticketOf(from), into ? ticketOf(into) : null);
        // The event guard travels too: an event applied on the old id and replayed later is still recognised.
        const applied = [...(into?.appliedEventIds ?? []), ...(from.appliedEventIds ?? [])].slice(
          -APPLIED_EVENT_IDS_KEPT,
        );
        const move: TicketMove = { to: toId, at: now.toISOString(), reason: outcome };
        const claimRevision = from.pendingMail?.revision ?? 0;
        const written = await redis.eval(
          REHOME_SCRIPT,
          REHOME_FIXED_KEYS + DERIVED_ROWS.length,
          redisKeys.ticket(fromId),
          redisKeys.ticket(toId),
          redisKeys.ticketsByExpiry(),
          redisKeys.ticketMoved(fromId),
          redisKeys.mailClaim(fromId, claimRevision),
          redisKeys.mailClaim(toId, claimRevision),
          redisKeys.clusterTickets(from.clusterId),
          redisKeys.clusterTickets(ticket.clusterId),
          redisKeys.openTicketsByExpiry(),
          redisKeys.openTicketsByTick(),
          redisKeys.ticketClusters(),
          ...derivedRowKeys(),
          fromRaw,
          intoRaw ?? '',
          JSON.stringify(document(ticket, applied.length > 0 ? applied : undefined)),
          String(expiryScore(ticket)),
          toId,
          fromId,
          JSON.stringify(move),
          String(TICKET_MOVE_TTL_S),
          outcome === 'moved' ? 'move' : 'merge',
          isOpen(ticket) ? '1' : '0',
          from.clusterId,
          ticket.clusterId,
          ...derivedRowArguments(ticket),
        );
        if (written === 1) return { ticket, outcome };
      }
      throw new Error(`ticket ${fromId}: too many concurrent updates while re-homing`);
    },
  };
  return store;
}
