// The text/plain part of a plan mail: the first screen (what needs doing and by when, at most FIRST_SCREEN_LINES
// lines), then one short entry per ticket and how to respond. Every value on one line; the runbook is attached.
import type { MailFacts } from './compose-facts.js';
import { oneLine } from './compose-format.js';
import { nodeList, type FirstScreen } from './first-screen.js';

/** Over the list of trust copies the mail's renewals clear (text and HTML). */
export const TRUST_COPIES_HEADING = 'Trust-store copies these renewals clear (no separate alert for them)';

/** `Copy <id>: <what>`: a trust copy riding on a ticket of the mail (not a ticket of the mail: no `Ticket` line). */
function copyLine(id: string, text: string): string {
  return `Copy ${oneLine(id)}: ${oneLine(text)}`;
}

/** `Ticket <id>: <title>`: the line that names a ticket in the list (test/support/mail-tickets.ts reads it). */
export function ticketLine(id: string, title: string): string {
  return `Ticket ${oneLine(id)}: ${oneLine(title)}`;
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

/** The first screen as text lines (its length is what fitFirstScreen bounds). */
export function firstScreenText(s: FirstScreen): string[] {
  const out: string[] = [oneLine(s.headline), oneLine(s.intro)];
  if (s.unassigned) out.push(oneLine(s.unassigned));
  out.push(
    '',
    `${s.certificateCount === 1 ? 'Certificate' : `Certificates (${s.certificateCount})`}, times in ${s.timeZone}${s.timeZone === 'UTC' ? '' : ' (UTC in brackets)'}:`,
  );
  out.push(
    ...table(
      ['Unit', 'Expires', 'Left', 'Nodes', 'Status'],
      s.rows.map((r) => [r.unit, r.expires, r.left, nodeList(r.nodes), r.status].map(oneLine)),
    ),
  );
  if (s.moreCertificates > 0) out.push(`+${s.moreCertificates} more, see the attachment ${s.runbook}`);
  if (s.trustCopies.length > 0) {
    out.push(`${TRUST_COPIES_HEADING}:`, ...s.trustCopies.map((c) => `- ${oneLine(c)}`));
    if (s.moreCopies > 0) out.push(`+${s.moreCopies} more copies, see the attachment ${s.runbook}`);
  }
  out.push('', oneLine(s.deadline), '');
  if (s.work.kind === 'order') {
    out.push(`Order of work (one trust anchor per step; days in ${s.timeZone}):`);
    out.push(...s.work.steps.map(oneLine));
    if (s.work.more > 0) out.push(`+${s.work.more} more steps, see the attachment`);
    if (s.work.steps.length === 0 && s.work.more === 0) out.push('No renewal step: see the notices in the attachment.');
  } else {
    out.push(`Unknown, so no order of work yet: ${s.work.unknown.map(oneLine).join('; ')}.`);
    out.push(oneLine(s.work.checklist));
  }
  if (s.maintenanceWindow) out.push('', `Maintenance window: ${oneLine(s.maintenanceWindow)}`);
  out.push('', 'What to do now:');
  out.push(
    `- Read the attached runbook ${s.runbook} (it prints well; the same as Markdown beside it) before changing anything.`,
  );
  if (s.links) {
    out.push(`- ${s.single ? 'The ticket' : 'The tickets'}: ${oneLine(s.links.tickets)}`);
    out.push(`- The runbook in the browser: ${oneLine(s.links.runbook)}`);
  }
  out.push(`- ${oneLine(s.acknowledge.label)}:`, `    ${oneLine(s.acknowledge.command)}`);
  return out;
}

/** The tickets of the mail, a few lines each. */
function ticketList(facts: MailFacts): string[] {
  const out = [facts.group ? `Mail group ${oneLine(facts.group.id)}: ${facts.group.count} tickets.` : 'The ticket:'];
  for (const c of facts.certificates) {
    out.push(ticketLine(c.ticketId, c.title));
    for (const [label, value] of c.rows) out.push(`  ${label}: ${oneLine(value)}`);
    if (c.url) out.push(`  Link: ${oneLine(c.url)}`);
  }
  if (facts.trustCopies.length > 0) {
    out.push(`${TRUST_COPIES_HEADING}:`, ...facts.trustCopies.map((c) => copyLine(c.ticketId, c.text)));
  }
  return out;
}

function respond(facts: MailFacts): string[] {
  const out = [`${facts.respond.title}:`];
  for (const line of facts.respond.lines) out.push(`  ${oneLine(line.label)}:`, `    ${oneLine(line.command)}`);
  out.push(`  ${oneLine(facts.respond.note)}`);
  return out;
}

/**
 * The text part in pieces: the first screen, the rest (tickets and how to respond), and the tickets' id lines alone,
 * which mail-bounds.ts keeps in place of the rest when the mail must shrink.
 */
export function renderMailText(
  screen: FirstScreen,
  facts: MailFacts,
): { firstScreen: string; rest: string; ticketLines: string } {
  return {
    firstScreen: `${firstScreenText(screen).join('\n')}\n`,
    rest: `\n${[...ticketList(facts), '', ...respond(facts)].join('\n')}\n`,
    ticketLines: `\n${facts.certificates.map((c) => ticketLine(c.ticketId, c.title)).join('\n')}\n`,
  };
}
