// The text/html part of a plan mail: built with the escaping `html` template; only the plan fragment is trusted.
import { html, SafeHtml } from '../render/html.js';
import type { MailFacts } from './compose-facts.js';

const CELL = 'padding:2px 12px 2px 0;vertical-align:top';

export function renderMailHtml(headline: string, facts: MailFacts, planHtml: string): string {
  const certificates = facts.certificates.map(
    (c) => html`<h3 style="margin:16px 0 4px">${c.title}</h3>
<table style="border-collapse:collapse">${c.rows.map(
      ([label, value]) => html`<tr><th style="${CELL};text-align:left">${label}</th><td style="${CELL}">${value}</td></tr>`,
    )}${c.url ? html`<tr><th style="${CELL};text-align:left">Link</th><td style="${CELL}"><a href="${c.url}">${c.url}</a></td></tr>` : ''}</table>`,
  );
  const page = html`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${headline}</title></head>
<body style="font-family:sans-serif;font-size:14px;line-height:1.4">
<h2>${headline}</h2>
${facts.intro.map((p) => html`<p>${p}</p>`)}
${facts.unassignedNote ? html`<div style="border-left:4px solid #c90;padding-left:8px">${facts.unassignedNote.map((p) => html`<p>${p}</p>`)}</div>` : ''}
${facts.group ? html`<p>Mail group ${facts.group.id}: ${facts.group.count} tickets, each listed below with its Ticket id.</p>` : ''}
<h3>Certificates (${facts.certificates.length})</h3>
${certificates}
<h3>${facts.respond.title}</h3>
<ul>${facts.respond.lines.map((l) => html`<li>${l.label}:<br><code>${l.command}</code></li>`)}</ul>
<p>${facts.respond.note}</p>
<h2>Renewal plan</h2>
<div class="plan">${new SafeHtml(planHtml)}</div>
</body></html>
`;
  return page.toString();
}
