// The text/html part of a plan mail: the same first screen as the text part, first, then the tickets and how to
// respond; built with the escaping `html` template (every value escaped). The runbook is attached, not embedded.
import { html, type SafeHtml } from '../render/html.js';
import type { MailFacts } from './compose-facts.js';
import { NODES_SHOWN, type FirstScreen } from './first-screen.js';
import { TRUST_COPIES_HEADING } from './compose-text.js';

const CELL = 'padding:2px 12px 2px 0;vertical-align:top;text-align:left';
const EXPIRED = 'color:#b00020;font-weight:bold';
const CODE = 'font-family:Consolas,Menlo,monospace;font-size:13px;background:#f4f4f4;padding:2px 4px';

/** The nodes of a row, each linked to its ticket when the API has a public URL. */
function nodesCell(row: FirstScreen['rows'][number], facts: MailFacts): SafeHtml {
  const rest = row.nodes.length - NODES_SHOWN;
  return html`${row.nodes.slice(0, NODES_SHOWN).map((node, i) => {
    const url = facts.certificates.find((c) => c.ticketId === node.ticketId)?.url;
    return html`${i > 0 ? ', ' : ''}${url ? html`<a href="${url}">${node.name}</a>` : node.name}`;
  })}${rest > 0 ? `, +${rest}` : ''}`;
}

export function firstScreenHtml(s: FirstScreen, facts: MailFacts): SafeHtml {
  const work = s.work.kind === 'order'
    ? html`<p><strong>Order of work</strong> (one trust anchor per step; days in ${s.timeZone}):</p>
<ol style="margin-top:0">${s.work.steps.map((step) => html`<li style="list-style:none">${step}</li>`)}</ol>
${s.work.more > 0 ? html`<p>+${s.work.more} more steps, see the attachment</p>` : ''}`
    : html`<p><strong>Unknown, so no order of work yet:</strong> ${s.work.unknown.join('; ')}.</p>
<p>${s.work.checklist}</p>`;
  return html`<h2 style="font-size:18px;margin:0 0 6px 0">${s.headline}</h2>
<p>${s.intro}</p>
${s.unassigned ? html`<p style="border-left:4px solid #c90;padding-left:8px">${s.unassigned}</p>` : ''}
<p><strong>${s.certificateCount === 1 ? 'Certificate' : `Certificates (${s.certificateCount})`}</strong>, times in ${s.timeZone}${s.timeZone === 'UTC' ? '' : ' (UTC in brackets)'}:</p>
<table style="border-collapse:collapse"><tr>${['Unit', 'Expires', 'Left', 'Nodes', 'Status'].map((h) => html`<th style="${CELL}">${h}</th>`)}</tr>
${s.rows.map((r) => html`<tr><td style="${CELL}">${r.unit}</td><td style="${CELL}">${r.expires}</td><td style="${CELL}">${r.expired ? html`<span style="${EXPIRED}">${r.left}</span>` : r.left}</td><td style="${CELL}">${nodesCell(r, facts)}</td><td style="${CELL}">${r.status}</td></tr>`)}</table>
${s.moreCertificates > 0 ? html`<p>+${s.moreCertificates} more, see the attachment ${s.runbook}</p>` : ''}
${s.trustCopies.length > 0 ? html`<p><strong>${TRUST_COPIES_HEADING}:</strong></p>
<ul>${s.trustCopies.map((c) => html`<li>${c}</li>`)}</ul>
${s.moreCopies > 0 ? html`<p>+${s.moreCopies} more copies, see the attachment ${s.runbook}</p>` : ''}` : ''}
<p><strong>${s.deadline}</strong></p>
${work}
${s.maintenanceWindow ? html`<p><strong>Maintenance window:</strong> ${s.maintenanceWindow}</p>` : ''}
<p><strong>What to do now:</strong></p>
<ul>
<li>Read the attached runbook <strong>${s.runbook}</strong> (it prints well; the same as Markdown beside it) before changing anything.</li>
${
  s.links
    ? html`<li>${s.single ? 'The ticket' : 'The tickets'}: <a href="${s.links.tickets}">${s.links.tickets}</a></li>
<li>The runbook in the browser: <a href="${s.links.runbook}">${s.links.runbook}</a></li>`
    : ''
}
<li>${s.acknowledge.label}:<br><code style="${CODE}">${s.acknowledge.command}</code></li>
</ul>`;
}

export function renderMailHtml(
  screen: FirstScreen,
  facts: MailFacts,
  options: { rest: boolean; note: string | null },
): string {
  // Plain markup, no style per cell: a mail of fifty tickets stays small.
  const tickets = facts.certificates.map(
    (c) =>
      html`<li>Ticket ${c.url ? html`<a href="${c.url}">${c.ticketId}</a>` : c.ticketId}: <strong>${c.title}</strong>${c.rows.map(([label, value]) => html`<br>${label}: ${value}`)}</li>`,
  );
  const page = html`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${screen.headline}</title></head>
<body style="font-family:sans-serif;font-size:14px;line-height:1.4">
${firstScreenHtml(screen, facts)}
${options.note ? html`<p style="border-left:4px solid #c90;padding-left:8px">${options.note}</p>` : ''}
${options.rest ? html`<hr>
<h3>${facts.group ? `Mail group ${facts.group.id}: ${facts.group.count} tickets` : 'The ticket'}</h3>
<ul>${tickets}</ul>
${facts.trustCopies.length > 0 ? html`<h3>${TRUST_COPIES_HEADING}</h3>
<ul>${facts.trustCopies.map((c) => html`<li>Copy ${c.ticketId}: ${c.text}</li>`)}</ul>` : ''}
<h3>${facts.respond.title}</h3>
<ul>${facts.respond.lines.map((l) => html`<li>${l.label}:<br><code style="${CODE}">${l.command}</code></li>`)}</ul>
<p>${facts.respond.note}</p>` : ''}
</body></html>
`;
  return page.toString();
}
