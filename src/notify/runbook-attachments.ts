// The runbook a plan mail carries as attachments (never in its body): the plan engine's HTML as a page that prints
// on its own, and its Markdown, named after the cluster and the day (`lab-2026-11-27-runbook.html`). Both end with the
// tickets of the mail, so their ids travel with the runbook when it is forwarded or printed.
import { html, SafeHtml } from '../render/html.js';
import { escapeMarkdown } from '../render/markdown-text.js';
import { zonedDay } from '../render/zoned-date.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TrustCopyFact } from './compose-facts.js';
import { oneLine } from './compose-format.js';
import { certificateLabel } from './subject.js';

/** The heading of the copies' list (their revisions went out with this mail; they mail on their own no more). */
const COPIES_TITLE = 'Trust-store copies these renewals clear';

/** One attachment as the transports take it. */
export interface MailAttachment {
  filename: string;
  contentType: 'text/html; charset=utf-8' | 'text/markdown; charset=utf-8';
  content: string;
}

export interface Runbook {
  html: MailAttachment;
  markdown: MailAttachment;
}

/** The plan as the engine rendered it (src/plan/ticket-plan.ts), with its title. */
export interface RenderedRunbook {
  title: string;
  html: string;
  markdown: string;
}

/** File names: letters, digits, `.`, `_`, `-` only (no path, no quoting needed in any client), at most 64 for the
 * id. */
function safeName(value: string): string {
  const name = value
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 64)
    .replace(/[.-]+$/, '');
  return name === '' ? 'cluster' : name;
}

/** `lab-2026-11-27-runbook`: the cluster id and today in the cluster's zone. */
export function runbookBaseName(clusterId: string, now: Date, zone: string): string {
  return `${safeName(clusterId)}-${zonedDay(now.toISOString(), zone)}-runbook`;
}

export function runbookAttachments(input: {
  clusterId: string; rendered: RenderedRunbook; tickets: readonly Ticket[]; now: Date; timeZone: string;
  /** The trust-store copies the renewals clear (compose-facts.ts): listed after the tickets. */
  copies?: readonly TrustCopyFact[];
}): Runbook {
  const { rendered, tickets } = input;
  const copies = input.copies ?? [];
  const base = runbookBaseName(input.clusterId, input.now, input.timeZone);
  const page = html`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${rendered.title}</title>
<style>@page { margin: 15mm } @media print { a { color: inherit; text-decoration: none } }</style></head>
<body>
${new SafeHtml(rendered.html)}
<section style="break-before:page;page-break-before:always;font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px">
<h2 style="font-size:16px">Tickets in this mail (${tickets.length})</h2>
<ul>${tickets.map((t) => html`<li><code>${t.id}</code>: ${certificateLabel(t)}</li>`)}</ul>
${copies.length > 0 ? html`<h2 style="font-size:16px">${COPIES_TITLE} (${copies.length})</h2>
<ul>${copies.map((c) => html`<li><code>${c.ticketId}</code>: ${c.text}</li>`)}</ul>` : ''}
</section>
</body></html>
`;
  const item = (id: string, text: string) =>
    `- \`${oneLine(id).replace(/`/g, "'")}\`: ${escapeMarkdown(oneLine(text))}`;
  const list = tickets.map((t) => item(t.id, certificateLabel(t))).join('\n');
  const copyList =
    copies.length > 0
      ? `\n## ${COPIES_TITLE} (${copies.length})\n\n${copies.map((c) => item(c.ticketId, c.text)).join('\n')}\n`
      : '';
  return {
    html: { filename: `${base}.html`, contentType: 'text/html; charset=utf-8', content: page.toString() },
    markdown: {
      filename: `${base}.md`,
      contentType: 'text/markdown; charset=utf-8',
      content: `${rendered.markdown.trimEnd()}\n\n## Tickets in this mail (${tickets.length})\n\n${list}\n${copyList}`,
    },
  };
}
