// The page "what expires next": the listing's stored rows (the same as GET /api/v1/expiries), soonest first, with a
// summary line, filters and paging links. Pure: rows, counts, zones and `now` are given.
import { html, type SafeHtml } from '../render/html.js';
import type { ExpiryRow } from '../tickets/expiry-row.js';
import type { TicketStatus } from '../tickets/ticket.js';
import { expiryFacts, PRECISION_LABELS, SOON_DAYS } from './expiry-facts.js';
import { page } from './page-layout.js';

export const TICKET_STATES: readonly TicketStatus[] = ['open', 'notified', 'acknowledged', 'quiet', 'resolved'];

export interface ExpiriesPageQuery {
  cluster?: string;
  status?: TicketStatus;
  limit: number;
  offset: number;
}

export interface ExpirySummary {
  open: number;
  expired: number;
  within7: number;
  within30: number;
}

export interface ExpiriesPageInput {
  rows: readonly ExpiryRow[];
  summary: ExpirySummary;
  query: ExpiriesPageQuery;
  /** The index position the next page reads on from; null: this is the last page. */
  next: number | null;
  /** Cluster ids to offer in the filter. */
  clusterIds: readonly string[];
  zoneOf: (clusterId: string) => string;
  now: Date;
}

/** The query string of a page with these settings (defaults left out, so links stay short). */
export function pageHref(q: ExpiriesPageQuery, defaultLimit: number): string {
  const params = new URLSearchParams();
  if (q.cluster !== undefined) params.set('cluster', q.cluster);
  if (q.status !== undefined) params.set('status', q.status);
  if (q.limit !== defaultLimit) params.set('limit', String(q.limit));
  if (q.offset > 0) params.set('offset', String(q.offset));
  const text = params.toString();
  return text === '' ? '/expiries' : `/expiries?${text}`;
}

const MARK_TEXT = { expired: '✖ EXPIRED', soon: `⚠ within ${SOON_DAYS} days` } as const;

function row(r: ExpiryRow, input: ExpiriesPageInput): SafeHtml {
  const expiry = { at: r.expiresAt, earliest: r.expiresEarliest, latest: r.expiresLatest };
  const facts = expiryFacts(expiry, input.zoneOf(r.cluster), input.now);
  const ticket = `/tickets/${encodeURIComponent(r.id)}`;
  return html`<tr class="${facts.mark ?? ''}" data-ticket="${r.id}">
<td class="mark">${facts.mark ? MARK_TEXT[facts.mark] : ''}</td>
<td>${r.cluster}</td><td>${r.node}</td><td><a href="${ticket}">${r.unit} / ${r.certificate}</a></td>
<td>${facts.when}</td><td>${facts.daysLeft}</td>
<td>${PRECISION_LABELS[r.expiresAtPrecision] ?? r.expiresAtPrecision}</td>
<td>${r.status}</td>
<td>${r.lastMailAt ? html`<a href="${ticket}/runbook">runbook</a>` : ''}</td>
</tr>`;
}

function filters(input: ExpiriesPageInput, defaultLimit: number): SafeHtml {
  const { query } = input;
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const clusters = [option('', 'all', query.cluster === undefined)]
    .concat(input.clusterIds.map((id) => option(id, id, id === query.cluster)));
  const states = [option('', 'not resolved', query.status === undefined)]
    .concat(TICKET_STATES.map((s) => option(s, s, s === query.status)));
  return html`<form method="get" action="/expiries">
<label>Cluster <select name="cluster">${clusters}</select></label>
<label>State <select name="status">${states}</select></label>
${query.limit === defaultLimit ? '' : html`<input type="hidden" name="limit" value="${query.limit}">`}
<button type="submit">Show</button></form>`;
}

export function expiriesPage(input: ExpiriesPageInput, defaultLimit: number): string {
  const { summary, query, rows } = input;
  // `offset` is a position in the index, not a row number (a filter passes over entries): paging goes on from
  // `next`, or back to the first page.
  const first = query.offset > 0 ? { ...query, offset: 0 } : null;
  const nextPage = input.next === null ? null : { ...query, offset: input.next };
  return page('What expires next', html`
<p class="summary">${summary.open} not resolved: ${summary.expired} expired, ${summary.within7} within 7 days,
${summary.within30} within 30 days (expired ones included). Dates in each cluster's time zone, UTC in brackets.</p>
${filters(input, defaultLimit)}
<table><thead><tr><th>Mark</th><th>Cluster</th><th>Node</th><th>Unit / certificate</th><th>Expires</th>
<th>Time left</th><th>Precision</th><th>State</th><th>Runbook</th></tr></thead>
<tbody>${rows.length === 0 ? html`<tr><td colspan="9">No tickets match.</td></tr>` : rows.map((r) => row(r, input))}
</tbody></table>
<p class="paging">${rows.length} ${rows.length === 1 ? 'row' : 'rows'} on this page.
${first ? html`<a rel="first" href="${pageHref(first, defaultLimit)}">First page</a>` : ''}
${nextPage ? html`<a rel="next" href="${pageHref(nextPage, defaultLimit)}">Next page</a>` : ''}</p>`);
}
