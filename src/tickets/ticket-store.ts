// Tickets in Redis: one JSON document per ticket plus an index sorted by expiry. Updates are compare-and-set on the
// whole document (a Lua script), so concurrent workers never lose an update and no lock can be left behind.
// What only storage needs (the schema version, the applied-event guard) stays in here: callers see plain Tickets.
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { Ticket } from './ticket.js';
import { readStoredTicket, TICKET_SCHEMA_VERSION, type StoredTicket } from './ticket-migrations.js';

const APPLIED_EVENT_IDS_KEPT = 200;

const CAS_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] ~= '') or (current ~= false and current ~= ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
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

export interface TicketStore {
  get(id: string): Promise<Ticket | null>;
  /** Every ticket, in expiry order (soonest first). */
  list(): Promise<Ticket[]>;
  /**
   * Read-change-write. `change` gets the current ticket (or null) and returns the next ticket, or null for "no change".
   * It is re-run on a concurrent change, so it must be pure; the last run is the one stored.
   */
  update(id: string, change: (current: Ticket | null) => Ticket | null, guard?: UpdateGuard): Promise<UpdateResult>;
}

function ticketOf(stored: StoredTicket): Ticket {
  const { schemaVersion: _version, appliedEventIds: _applied, ...ticket } = stored;
  return ticket;
}

export function createTicketStore(redis: Redis): TicketStore {
  return {
    async get(id) {
      const raw = await redis.get(redisKeys.ticket(id));
      return raw ? ticketOf(readStoredTicket(id, raw)) : null;
    },
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
    async update(id, change, guard) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const raw = await redis.get(redisKeys.ticket(id));
        const stored = raw ? readStoredTicket(id, raw) : null;
        if (guard && stored?.appliedEventIds?.includes(guard.eventId)) return { ticket: ticketOf(stored), outcome: 'duplicate-event' };
        const current = stored ? ticketOf(stored) : null;
        const next = change(current);
        if (!next) return { ticket: current, outcome: 'unchanged' };
        const applied = guard ? [...(stored?.appliedEventIds ?? []), guard.eventId].slice(-APPLIED_EVENT_IDS_KEPT) : stored?.appliedEventIds;
        const document: StoredTicket = { ...next, schemaVersion: TICKET_SCHEMA_VERSION, ...(applied ? { appliedEventIds: applied } : {}) };
        const written = await redis.eval(
          CAS_SCRIPT, 2, redisKeys.ticket(id), redisKeys.ticketsByExpiry(),
          raw ?? '', JSON.stringify(document), String(expiryScore(next)), id,
        );
        if (written === 1) return { ticket: next, outcome: 'written' };
      }
      throw new Error(`ticket ${id}: too many concurrent updates`);
    },
  };
}
