// Tickets in Redis: one JSON document per ticket plus an index sorted by expiry. Updates are compare-and-set on the
// whole document (a Lua script), so concurrent workers never lose an update and no lock can be left behind.
// What only storage needs (the schema version, the applied-event guard) stays in here: callers see plain Tickets.
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { Ticket } from './ticket.js';
import type { RehomeOutcome, TicketMove } from './rehome.js';
import { readStoredTicket, TICKET_SCHEMA_VERSION, type StoredTicket } from './ticket-migrations.js';

const APPLIED_EVENT_IDS_KEPT = 200;

/** How long a re-homed ticket's old id redirects (API 308, late writes): reminders and replies arrive within it. */
export const TICKET_MOVE_TTL_S = 90 * 24 * 3600;
/** A chain of moves is at most one long (only unassigned tickets move, into known clusters); this bounds a surprise. */
const MAX_MOVE_HOPS = 3;

// Creating a ticket (ARGV[1] '') also requires that its id was not moved away (KEYS[3]): a writer that read "no
// ticket" just before a re-homing must not bring the old id back; it retries and follows the move.
const CAS_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] ~= '') or (current ~= false and current ~= ARGV[1]) then return 0 end
if current == false and redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1`;

// A re-homing in one script, so no crash (of certwatch or in Redis: a script is applied, and written to the AOF, as a
// whole) can leave the ticket in both places or in neither: both documents compared (compare-and-set on each), the
// new one written, the old one and its index entry removed, the redirect stored. A composed mail's claim on the
// ticket's pending revision follows a plain move (same revision), so the moved ticket's own mail job leaves that
// revision to the mail that holds it.
const REHOME_SCRIPT = `
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
return 1`;

/** Sort key for "what expires next": the best estimate, else the earliest possible expiry. */
export function expiryScore(ticket: Ticket): number {
  const iso = ticket.expiry.at ?? ticket.expiry.earliest;
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER;
}

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

export interface TicketStore {
  get(id: string): Promise<Ticket | null>;
  /** Where a re-homed ticket went, while its old id still redirects; null when `id` was never moved. */
  movedTo(id: string): Promise<TicketMove | null>;
  /** Every ticket, in expiry order (soonest first). */
  list(): Promise<Ticket[]>;
  /**
   * Read-change-write. `change` gets the current ticket (or null) and returns the next ticket, or null for "no change".
   * It is re-run on a concurrent change, so it must be pure; the last run is the one stored.
   * An id that was re-homed is followed: the change applies to the ticket where it went (the result carries its id),
   * so an event, tick or mail record decided on the old id lands on the moved ticket instead of opening a new one.
   */
  update(id: string, change: (current: Ticket | null) => Ticket | null, guard?: UpdateGuard): Promise<UpdateResult>;
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

export function createTicketStore(redis: Redis): TicketStore {
  async function movedTo(id: string): Promise<TicketMove | null> {
    const raw = await redis.get(redisKeys.ticketMoved(id));
    return raw ? (JSON.parse(raw) as TicketMove) : null;
  }
  return {
    async get(id) {
      const raw = await redis.get(redisKeys.ticket(id));
      return raw ? ticketOf(readStoredTicket(id, raw)) : null;
    },
    movedTo,
    async list() {
      const ids = await redis.zrange(redisKeys.ticketsByExpiry(), '0', '-1');
      if (ids.length === 0) return [];
      const tickets: Ticket[] = [];
      // MGET in slices keeps each reply bounded on large installations.
      for (let i = 0; i < ids.length; i += 500) {
        const slice = ids.slice(i, i + 500);
        const raws = await redis.mget(slice.map((id) => redisKeys.ticket(id)));
        raws.forEach((raw, j) => {
          if (raw) tickets.push(ticketOf(readStoredTicket(slice[j]!, raw)));
        });
      }
      return tickets;
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
        if (guard && stored?.appliedEventIds?.includes(guard.eventId)) return { ticket: ticketOf(stored), outcome: 'duplicate-event' };
        const current = stored ? ticketOf(stored) : null;
        const next = change(current);
        if (!next) return { ticket: current, outcome: 'unchanged' };
        const applied = guard ? [...(stored?.appliedEventIds ?? []), guard.eventId].slice(-APPLIED_EVENT_IDS_KEPT) : stored?.appliedEventIds;
        const written = await redis.eval(
          CAS_SCRIPT, 3, redisKeys.ticket(id), redisKeys.ticketsByExpiry(), redisKeys.ticketMoved(id),
          raw ?? '', JSON.stringify(document(next, applied)), String(expiryScore(next)), id,
        );
        if (written === 1) return { ticket: next, outcome: 'written' };
      }
      throw new Error(`ticket ${id}: too many concurrent updates`);
    },
    async rehome(fromId, toId, combine, now) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const [fromRaw, intoRaw] = await redis.mget(redisKeys.ticket(fromId), redisKeys.ticket(toId));
        if (!fromRaw) return { ticket: null, outcome: 'already-moved' };
        const from = readStoredTicket(fromId, fromRaw);
        const into = intoRaw ? readStoredTicket(toId, intoRaw) : null;
        const { ticket, outcome } = combine(ticketOf(from), into ? ticketOf(into) : null);
        // The event guard travels too: an event applied on the old id and replayed later is still recognised.
        const applied = [...(into?.appliedEventIds ?? []), ...(from.appliedEventIds ?? [])].slice(-APPLIED_EVENT_IDS_KEPT);
        const move: TicketMove = { to: toId, at: now.toISOString(), reason: outcome };
        const claimRevision = from.pendingMail?.revision ?? 0;
        const written = await redis.eval(
          REHOME_SCRIPT, 6,
          redisKeys.ticket(fromId), redisKeys.ticket(toId), redisKeys.ticketsByExpiry(), redisKeys.ticketMoved(fromId),
          redisKeys.mailClaim(fromId, claimRevision), redisKeys.mailClaim(toId, claimRevision),
          fromRaw, intoRaw ?? '', JSON.stringify(document(ticket, applied.length > 0 ? applied : undefined)),
          String(expiryScore(ticket)), toId, fromId, JSON.stringify(move), String(TICKET_MOVE_TTL_S), outcome === 'moved' ? 'move' : 'merge',
        );
        if (written === 1) return { ticket, outcome };
      }
      throw new Error(`ticket ${fromId}: too many concurrent updates while re-homing`);
    },
  };
}
