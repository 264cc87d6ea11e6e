// The hashes whose rows are derived from a ticket and stored beside it (ticket id -> row), so that a reader gets them
// without reading the documents: the expiries listing's rows and the not-after gauge rows. Every script that writes a
// ticket (ticket-store.ts, ticket-indexes.ts) writes them all from this one list, in the same atomic step as the
// document: a third derived hash is one entry here. Adding one, or changing what a row function returns, raises
// TICKET_INDEX_VERSION (ticket-indexes.ts), so the rows of tickets already stored are written at the next start.
import { redisKeys } from '../redis/keys.js';
import { storedExpiryRow } from './expiry-row.js';
import { storedNotAfterRow } from './not-after-row.js';
import type { Ticket } from './ticket.js';

export interface DerivedRows {
  /** The hash: ticket id -> row. */
  key: () => string;
  /** The ticket's row as stored; undefined: none (the ticket's row, if it had one, is removed). */
  row: (ticket: Ticket) => string | undefined;
}

export const DERIVED_ROWS: readonly DerivedRows[] = [
  { key: () => redisKeys.ticketExpiryRows(), row: storedExpiryRow },
  { key: () => redisKeys.ticketNotAfterRows(), row: storedNotAfterRow },
];

/** The derived hashes' keys, in DERIVED_ROWS order: the scripts' last keys (or, for the index build, after its own). */
export function derivedRowKeys(): string[] {
  return DERIVED_ROWS.map((derived) => derived.key());
}

/** The ticket's rows, in DERIVED_ROWS order, as the scripts take them: '' for none. */
export function derivedRowArguments(ticket: Ticket): string[] {
  return DERIVED_ROWS.map((derived) => {
    const row = derived.row(ticket);
    // '' is how a script is told "no row": a row function must say none with undefined, not with an empty row.
    if (row === '') throw new Error(`ticket ${ticket.id}: an empty derived row for ${derived.key()}`);
    return row ?? '';
  });
}

/**
 * Lua, put at the top of a script: write_derived_rows(first_key, first_arg, count, id) sets ticket `id`'s row in each
 * of the `count` derived hashes KEYS[first_key...] from ARGV[first_arg...], or removes it where the argument is ''.
 * remove_derived_rows(first_key, count, id) removes `id`'s rows (a ticket that left that id).
 */
export const DERIVED_ROWS_LUA = `
local function write_derived_rows(first_key, first_arg, count, id)
  for i = 0, count - 1 do
    local row = ARGV[first_arg + i]
    if row == '' then
      redis.call('HDEL', KEYS[first_key + i], id)
    else
      redis.call('HSET', KEYS[first_key + i], id, row)
    end
  end
end
local function remove_derived_rows(first_key, count, id)
  for i = 0, count - 1 do redis.call('HDEL', KEYS[first_key + i], id) end
end`;
