// Tickets in Redis: one JSON document per ticket plus an index sorted by expiry. Updates are compare-and-set on the
// whole document (a Lua script), so concurrent workers never lose an update and no lock can be left behind.
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { Ticket } from './ticket.js';

/** What is stored: the ticket plus the ids of the last accepted events applied to it (the duplicate guard). */
export interface StoredTicket extends Ticket {
  appliedEventIds?: string[];
}

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

export function rememberAppliedEvent(ticket: StoredTicket, eventId: string): StoredTicket {
  const ids = [...(ticket.appliedEventIds ?? []), eventId].slice(-APPLIED_EVENT_IDS_KEPT);
  return { ...ticket, appliedEventIds: ids };
}

export function wasApplied(ticket: StoredTicket | null, eventId: string): boolean {
  return ticket?.appliedEventIds?.includes(eventId) ?? false;
}

export interface TicketStore {
  get(id: string): Promise<StoredTicket | null>;
  /** Every ticket, in expiry order (soonest first). */
  list(): Promise<StoredTicket[]>;
  /**
   * Read-decide-write. `decide` gets the current ticket (or null) and returns the new ticket (or null for "no change")
   * plus any result; it is re-run on a concurrent change, so it must be pure.
   */
  update<R>(id: string, decide: (current: StoredTicket | null) => { ticket: StoredTicket | null; result: R }): Promise<R>;
}

export function createTicketStore(redis: Redis): TicketStore {
  return {
    async get(id) {
      const raw = await redis.get(redisKeys.ticket(id));
      return raw ? (JSON.parse(raw) as StoredTicket) : null;
    },
    async list() {
      const ids = await redis.zrange(redisKeys.ticketsByExpiry(), '0', '-1');
      if (ids.length === 0) return [];
      const tickets: StoredTicket[] = [];
      // MGET in slices keeps each reply bounded on large installations.
      for (let i = 0; i < ids.length; i += 500) {
        const raws = await redis.mget(ids.slice(i, i + 500).map((id) => redisKeys.ticket(id)));
        for (const raw of raws) if (raw) tickets.push(JSON.parse(raw) as StoredTicket);
      }
      return tickets;
    },
    async update(id, decide) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const raw = await redis.get(redisKeys.ticket(id));
        const current = raw ? (JSON.parse(raw) as StoredTicket) : null;
        const { ticket, result } = decide(current);
        if (!ticket) return result;
        const written = await redis.eval(
          CAS_SCRIPT, 2, redisKeys.ticket(id), redisKeys.ticketsByExpiry(),
          raw ?? '', JSON.stringify(ticket), String(expiryScore(ticket)), id,
        );
        if (written === 1) return result;
      }
      throw new Error(`ticket ${id}: too many concurrent updates`);
    },
  };
}
