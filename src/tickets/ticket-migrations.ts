// How a stored ticket of any earlier version becomes today's. A change of the stored ticket shape adds one step here
// (and test/fixtures gets a data directory written by the version before it: test/e2e/stored-data.test.ts).
import { migrateDocument, type MigrationStep } from '../redis/schema-version.js';
import type { Ticket } from './ticket.js';

/** What is stored: the ticket, its version, and the ids of the last accepted events applied to it. */
export interface StoredTicket extends Ticket {
  schemaVersion: number;
  /** The duplicate guard of TicketStore.update (the last APPLIED_EVENT_IDS_KEPT event ids). */
  appliedEventIds?: string[];
}

const STEPS: readonly MigrationStep[] = [
  // 0 -> 1: same shape; tickets written before versions existed just carry no schemaVersion.
  (doc) => doc,
];

/** The version this code writes. */
export const TICKET_SCHEMA_VERSION = STEPS.length;

/**
 * Fields added to the ticket without a version step, and the value a ticket stored before them reads with. An added
 * field needs no step: an older certwatch reading a newer ticket copies it through (cloneTicket spreads), where a
 * version step would make an older certwatch refuse every ticket the newer one wrote (a rolling upgrade of roles).
 */
const ADDED_FIELD_DEFAULTS: Partial<Ticket> = {
  threadSubject: null,
  snoozedUntil: null,
  discovered: null,
};

/** Parses a stored ticket and brings it to TICKET_SCHEMA_VERSION; throws NewerSchemaError for a newer one. */
export function readStoredTicket(id: string, raw: string): StoredTicket {
  const doc = migrateDocument(`stored ticket ${id}`, JSON.parse(raw) as Record<string, unknown>, STEPS);
  return { ...ADDED_FIELD_DEFAULTS, ...doc } as unknown as StoredTicket;
}
