// The row a ticket gives certwatch_certificate_not_after_timestamp_seconds, decided when the ticket is written and
// stored beside it (redisKeys.ticketNotAfterRows, one of derived-rows.ts, written with the document): a scrape
// reads these rows, not every open ticket. The rule (which tickets give a row, how its labels are spelt) is applied to
// stored tickets once per index version: a change of it raises TICKET_INDEX_VERSION (ticket-indexes.ts), so the
// rows of tickets already stored are built again at the next start.
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { isUnassignedClusterId } from './cluster-match.js';
import { normalizeNodeName } from './ticket-key.js';
import type { Ticket } from './ticket.js';

/** As stored (a JSON array, short: one per open ticket, all read at each scrape). */
export const NotAfterRowSchema = Type.Tuple(
  [
    Type.String({ description: 'Cluster id (an inventory cluster: never an unassigned one)' }),
    Type.String({ description: 'Node, short lower-case name (normalizeNodeName)' }),
    Type.String({ description: 'Unit, as the alarm names it' }),
    Type.String({ description: 'Certificate file, as the alarm names it' }),
    Type.Number({ description: 'Not-after, Unix seconds' }),
  ],
  {
    description:
      'The gauge row of an open alarm ticket whose expiry is exact or inferred: cluster, node, unit, certificate, not-after',
  },
);

export type NotAfterRow = Static<typeof NotAfterRowSchema>;

// Compiled once: a scrape checks every row (10,000 rows: about a second with Value.Check, milliseconds compiled).
const notAfterRowCheck = Compile(NotAfterRowSchema);

/** Why a ticket gives no row. */
export type NoRowReason =
  | 'resolved' // the certificate was renewed or the ticket closed: nothing to watch
  | 'trust-entry' // a trust-store entry is the cluster's, not a node unit's certificate
  | 'unassigned-cluster' // named by a sender, not the inventory: no series that senders could multiply
  | 'expiry-window'; // only a window is known (a cut date without its year, ...): no date to export

/** The row a ticket stands for, or why none. */
export function notAfterRowOf(t: Ticket): { row: NotAfterRow } | { none: NoRowReason } {
  if (t.status === 'resolved') return { none: 'resolved' };
  if (t.kind === 'trust') return { none: 'trust-entry' };
  if (isUnassignedClusterId(t.clusterId)) return { none: 'unassigned-cluster' };
  if (t.expiry.precision === 'window' || t.expiry.at === null) return { none: 'expiry-window' };
  return { row: [t.clusterId, normalizeNodeName(t.node), t.unit, t.certificate, Date.parse(t.expiry.at) / 1000] };
}

/** The ticket's row as stored (JSON); undefined: none (the store then removes the ticket's row, derived-rows.ts). */
export function storedNotAfterRow(t: Ticket): string | undefined {
  const row = notAfterRowOf(t);
  return 'row' in row ? JSON.stringify(row.row) : undefined;
}

/** A stored row; null when it does not read as one (written by another version): skipped, not trusted. */
export function parseNotAfterRow(raw: string): NotAfterRow | null {
  try {
    const value: unknown = JSON.parse(raw);
    return notAfterRowCheck.Check(value) ? value : null;
  } catch {
    return null;
  }
}
