// One ticket's page: its facts and its history (each decision with its reason), and a link to the runbook of its last
// mail. Pure: the ticket, its cluster's zone and `now` are given.
import { html, type SafeHtml } from '../render/html.js';
import { zonedDateTime } from '../render/zoned-date.js';
import type { Ticket } from '../tickets/ticket.js';
import { expiryFacts, PRECISION_LABELS } from './expiry-facts.js';
import { page } from './page-layout.js';

function fact(label: string, value: SafeHtml | string | number | null): SafeHtml {
  return html`<tr><th scope="row">${label}</th><td>${value ?? '-'}</td></tr>`;
}

export function ticketPage(t: Ticket, zone: string, now: Date): string {
  const facts = expiryFacts(t.expiry, zone, now);
  const when = (iso: string) => zonedDateTime(iso, zone);
  const lastMail = t.mailed.at(-1);
  const ticketLink = (id: string) => html`<a href="/tickets/${encodeURIComponent(id)}">${id}</a>`;
  const runbook = lastMail
    ? html`<a href="/tickets/${encodeURIComponent(t.id)}/runbook">Runbook of the last mail</a>
(sent ${when(lastMail.at)})`
    : 'No mail sent yet, so no runbook.';
  const label = PRECISION_LABELS[t.expiry.precision] ?? t.expiry.precision;
  const precision = `${label}, from ${t.expiry.source}: ${t.expiry.note}`;
  return page(`${t.unit} / ${t.certificate} on ${t.node}`, html`
<p>${runbook}</p>
<table class="facts"><tbody>
${fact('Ticket', t.id)}${fact('Cluster', t.clusterId)}${fact('Kind', t.kind)}${fact('Node', t.node)}
${fact('Reported by nodes', t.nodes.join(', '))}
${fact('Unit', t.unit)}${fact('Certificate', t.certificate)}${fact('Type', t.certType)}
${fact('State', t.status)}${fact('Urgency', t.urgency)}${fact('Latest alarm', t.alarm)}
${fact('Expires', facts.when)}${fact('Time left', facts.daysLeft)}
${fact('Precision', precision)}
${fact('Alarms seen', t.occurrences)}${fact('First seen', when(t.firstSeenAt))}${fact('Last seen', when(t.lastSeenAt))}
${fact('Snoozed until', t.snoozedUntil === null ? null : when(t.snoozedUntil))}
${fact('Copy of', t.linkedTicketId === null ? null : ticketLink(t.linkedTicketId))}
${fact('Mails sent', t.mailed.length)}
</tbody></table>
<h2>History</h2>
<table class="history"><thead><tr><th>When</th><th>Change</th><th>Reason</th><th>By</th><th>Detail</th></tr></thead>
<tbody>
${t.history.map((h) => html`<tr><td>${when(h.at)}</td><td>${h.from ?? 'new'} → ${h.to}</td><td>${h.reason}</td>
<td>${h.by}</td>
<td>${[h.detail, h.note].filter((x) => x !== undefined && x !== '').join('; ')}</td></tr>`)}
</tbody></table>`);
}
