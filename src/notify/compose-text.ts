// The text/plain part of a plan mail: every value on one line, the plan embedded as rendered by the plan engine.
import type { MailFacts } from './compose-facts.js';
import { oneLine } from './compose-format.js';

export function renderMailText(headline: string, facts: MailFacts, planText: string): string {
  const out: string[] = [oneLine(headline), ''];
  for (const p of facts.intro) out.push(oneLine(p), '');
  if (facts.unassignedNote) {
    for (const p of facts.unassignedNote) out.push(oneLine(p));
    out.push('');
  }
  if (facts.group) out.push(`Mail group ${oneLine(facts.group.id)}: ${facts.group.count} tickets, each listed below with its Ticket id.`, '');
  out.push(`Certificates (${facts.certificates.length}):`);
  facts.certificates.forEach((c, i) => {
    out.push(`${i + 1}. ${oneLine(c.title)}`);
    const width = Math.max(...c.rows.map(([label]) => label.length)) + 1;
    for (const [label, value] of c.rows) out.push(`   ${`${label}:`.padEnd(width)} ${oneLine(value)}`);
    if (c.url) out.push(`   ${'Link:'.padEnd(width)} ${oneLine(c.url)}`);
  });
  out.push('', `${facts.respond.title}:`);
  for (const line of facts.respond.lines) out.push(`  ${oneLine(line.label)}:`, `    ${oneLine(line.command)}`);
  out.push(`  ${oneLine(facts.respond.note)}`, '');
  out.push('Renewal plan', '============', '');
  // The plan text is multi-line by design; only normalise line endings and drop other control characters.
  out.push(planText.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''));
  return `${out.join('\n').trimEnd()}\n`;
}
