// The listing behind GET /api/v1/expiries and the expiries web page: the stored rows of an expiry index, in order,
// filtered, a page at a time.
import type { ExpiryRow } from '../../tickets/expiry-row.js';
import type { ExpiryScope, TicketStore } from '../../tickets/ticket-store.js';

export interface ExpiriesQuery {
  within?: number;
  cluster?: string;
  node?: string;
  unit?: string;
  status?: string;
  limit?: number;
  offset?: number;
}

/** Index entries read per round trip while filling a page. */
const EXPIRIES_READ = 1000;

/**
 * The rows (JSON as stored: tickets/expiry-row.ts) GET /expiries lists, read in expiry order from the narrowest index
 * (the cluster's, else the not-resolved tickets', or every ticket's for status=resolved) up to `limit` matches;
 * `within` bounds the read by score. `next`: the index position to read on from (the `offset` of the next page), null
 * when the index ended. Rows are parsed only where a filter has to look into them: the default page (the not-resolved
 * tickets' index, no filter) is sent as read.
 */
export async function listExpiries(
  store: TicketStore, q: ExpiriesQuery, now: number, limit: number,
): Promise<{ rows: string[]; next: number | null }> {
  const scope: ExpiryScope = q.cluster !== undefined ? { of: 'cluster', clusterId: q.cluster }
    : q.status === 'resolved' ? { of: 'all' } : { of: 'open' };
  const until = q.within === undefined ? undefined : now + q.within * 86_400_000;
  const lc = (s: string) => s.toLowerCase();
  const matches = (t: ExpiryRow) => (q.status ? t.status === q.status : t.status !== 'resolved')
    && (!q.node || t.nodes.some((n) => lc(n) === lc(q.node!)) || lc(t.node) === lc(q.node))
    && (!q.unit || lc(t.unit) === lc(q.unit));
  const filtered = scope.of !== 'open' || q.status !== undefined || q.node !== undefined || q.unit !== undefined;
  const rows: string[] = [];
  let from: number | null = q.offset ?? 0;
  // Never more entries read than still wanted: every entry read is passed, so `next` is exact.
  while (from !== null && rows.length < limit) {
    const page = await store.rowsByExpiry(scope, { from, count: Math.min(limit - rows.length, EXPIRIES_READ), until });
    rows.push(...(filtered ? page.rows.filter((row) => matches(JSON.parse(row) as ExpiryRow)) : page.rows));
    from = page.next;
  }
  return { rows, next: from };
}
