// One ticket as GET /api/v1/expiries lists it: the row is stored beside the ticket (a hash of rows, written by every
// ticket write, ticket-store.ts), so a page of the listing reads its rows and sends them as stored, without reading or
// parsing the tickets' documents (history, latest event: five times the row's size).
import type { Ticket } from './ticket.js';

/**
 * The listing's item. Stored rows keep the shape they were written with: a change here raises TICKET_INDEX_VERSION
 * (ticket-indexes.ts), which writes every row again at the next start.
 */
export function expiryRow(t: Ticket) {
  return {
    id: t.id,
    cluster: t.clusterId,
    node: t.node,
    nodes: t.nodes,
    unit: t.unit,
    certificate: t.certificate,
    certType: t.certType,
    alarm: t.alarm,
    urgency: t.urgency,
    expiresAt: t.expiry.at,
    expiresAtPrecision: t.expiry.precision,
    expiresEarliest: t.expiry.earliest,
    expiresLatest: t.expiry.latest,
    status: t.status,
    occurrences: t.occurrences,
    firstSeenAt: t.firstSeenAt,
    lastSeenAt: t.lastSeenAt,
    linkedTicketId: t.linkedTicketId,
    /** No reminders until then (null: not snoozed). */
    snoozedUntil: t.snoozedUntil,
    /** When the ticket's last mail was sent (null: none yet): the web page links its runbook. Absent from rows
     * written before index version 3 by an older process (read as no mail). */
    lastMailAt: t.mailed.at(-1)?.at ?? null,
  };
}

export type ExpiryRow = ReturnType<typeof expiryRow>;

/** The row as stored (JSON). */
export function storedExpiryRow(t: Ticket): string {
  return JSON.stringify(expiryRow(t));
}
