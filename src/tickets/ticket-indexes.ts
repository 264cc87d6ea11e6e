// The ticket indexes' scores, and the migration that builds them for tickets stored before they existed (certwatch
// up to index version 0 kept only the index by expiry; up to 1, no rows of the expiries listing and no not-after gauge
// rows; up to 2, listing rows without lastMailAt). Runs once per installation, the first time a store reads an
// index (ticket-store.ts), from any role: safe to run twice or in several processes at once, and safe beside writers
// (a ticket written meanwhile was indexed by its writer and is left as it is).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { Ticket } from './ticket.js';
import { readStoredTicket } from './ticket-migrations.js';
import { DERIVED_ROWS, DERIVED_ROWS_LUA, derivedRowArguments, derivedRowKeys } from './derived-rows.js';

/** Raised when an index is added or its meaning changes: the build below then runs again at the next start. */
export const TICKET_INDEX_VERSION = 3;

const SLICE = 200;

/** Sort key for "what expires next": the best estimate, else the earliest possible expiry. */
export function expiryScore(ticket: Ticket): number {
  const iso = ticket.expiry.at ?? ticket.expiry.earliest;
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : Number.MAX_SAFE_INTEGER;
}

/** Whether the ticket belongs in the indexes of not-resolved tickets. */
export function isOpen(ticket: Pick<Ticket, 'status'>): boolean {
  return ticket.status !== 'resolved';
}

/** A score as Redis reads it (Infinity: '+inf'). */
export function redisScore(ms: number): string {
  return Number.isFinite(ms) ? String(ms) : ms > 0 ? '+inf' : '-inf';
}

export function documentHash(raw: string): string {
  return createHash('sha1').update(raw).digest('hex');
}

// One slice of tickets per call. A ticket is indexed only if its document is still the one read (its hash): else a
// writer of this version changed it and indexed it already. A ticket new to the tick index is due at once.
// KEYS: open by expiry, open by tick, clusters holding tickets, the derived hashes (derived-rows.ts), then per ticket
// its document and its cluster's set. ARGV[1]: how many derived hashes; then per ticket the document's hash, id,
// expiry score, '1' when open, cluster id, its derived rows ('': none).
const INDEX_SLICE_SCRIPT = `${DERIVED_ROWS_LUA}
local derived = tonumber(ARGV[1])
local first_ticket_key = 4 + derived
local n = (#KEYS - first_ticket_key + 1) / 2
for i = 0, n - 1 do
  local doc = redis.call('GET', KEYS[first_ticket_key + 2 * i])
  local a = 1 + (5 + derived) * i
  if doc ~= false and redis.sha1hex(doc) == ARGV[a + 1] then
    redis.call('ZADD', KEYS[first_ticket_key + 1 + 2 * i], ARGV[a + 3], ARGV[a + 2])
    redis.call('SADD', KEYS[3], ARGV[a + 5])
    write_derived_rows(4, a + 6, derived, ARGV[a + 2])
    if ARGV[a + 4] == '1' then
      redis.call('ZADD', KEYS[1], ARGV[a + 3], ARGV[a + 2])
      redis.call('ZADD', KEYS[2], 'NX', 0, ARGV[a + 2])
    else
      redis.call('ZREM', KEYS[1], ARGV[a + 2])
      redis.call('ZREM', KEYS[2], ARGV[a + 2])
    end
  end
end
return n`;

/**
 * 'built': the tickets were indexed (count: how many); 'current': the indexes were built before (by this process or
 * another), nothing to do.
 */
export type IndexBuildOutcome = { outcome: 'built'; tickets: number } | { outcome: 'current' };

/** Builds the indexes from every stored ticket (the index by expiry lists them all) unless they are current. */
export async function buildTicketIndexes(redis: Redis): Promise<IndexBuildOutcome> {
  const stored = Number((await redis.get(redisKeys.ticketIndexVersion())) ?? 0);
  if (stored >= TICKET_INDEX_VERSION) return { outcome: 'current' };
  const ids = await redis.zrange(redisKeys.ticketsByExpiry(), '0', '-1');
  for (let i = 0; i < ids.length; i += SLICE) {
    const slice = ids.slice(i, i + SLICE);
    const raws = await redis.mget(slice.map((id) => redisKeys.ticket(id)));
    const keys = [
      redisKeys.openTicketsByExpiry(), redisKeys.openTicketsByTick(), redisKeys.ticketClusters(), ...derivedRowKeys(),
    ];
    const firstTicketKey = keys.length;
    const args = [String(DERIVED_ROWS.length)];
    raws.forEach((raw, j) => {
      const id = slice[j]!;
      if (raw === null) return;
      const ticket = readStoredTicket(id, raw);
      keys.push(redisKeys.ticket(id), redisKeys.clusterTickets(ticket.clusterId));
      const open = isOpen(ticket) ? '1' : '0';
      args.push(
        documentHash(raw),
        id,
        redisScore(expiryScore(ticket)),
        open,
        ticket.clusterId,
        ...derivedRowArguments(ticket),
      );
    });
    if (keys.length > firstTicketKey) await redis.eval(INDEX_SLICE_SCRIPT, keys.length, ...keys, ...args);
  }
  await redis.set(redisKeys.ticketIndexVersion(), String(TICKET_INDEX_VERSION));
  return { outcome: 'built', tickets: ids.length };
}
