// Markdown rendering of a plan (for a change request): the layout of document.ts, every value on one line, markup
// characters escaped.
import { escapeMarkdown } from '../../render/markdown-text.js';
import type { Plan } from '../types.js';
import { oneLine, segments } from './common.js';
import { planDocument, type DocAction, type DocSection, type PlanDocument } from './document.js';

function esc(text: string): string {
  return escapeMarkdown(oneLine(text));
}

/** Prose with `code` spans kept as inline code (content cannot contain a backtick or a newline). */
function prose(text: string): string {
  return segments(text).map((s) => (s.code ? `\`${s.text}\`` : escapeMarkdown(s.text))).join('');
}

function code(text: string): string {
  return `\`${oneLine(text).replace(/`/g, "'")}\``;
}

function tableRows(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function actionBlock(a: DocAction): string[] {
  const refs = a.refs.length ? ` <sup>[${a.refs.join(',')}]</sup>` : '';
  const cond = a.conditions.length ? `_(only if ${a.conditions.join(', ')})_ ` : '';
  const out = [`${a.n}. ${a.gate ? '**GATE:** ' : ''}${cond}**${prose(a.title)}**${refs}`, ''];
  const item = (line: string): void => {
    out.push(`   ${line}`);
  };
  if (a.text && a.text !== a.title) item(prose(a.text));
  for (const i of a.items) item(`- ${prose(i)}`);
  if (a.table) {
    item('');
    for (const r of tableRows(
      ['Node', a.tableColumn],
      a.table.map((r) => [esc(r.node), r.commands.map(code).join('<br>') || 'GUI below']),
    ))
      item(r);
  }
  if (a.nodes.length) item(`${a.commands.length ? 'On' : 'Where:'} ${a.nodes.map(esc).join(' → ')}`);
  if (a.commands.length) {
    item('');
    item('```text');
    for (const c of a.commands) item(`admin: ${oneLine(c)}`);
    item('```');
  }
  for (const g of a.gui) item(`- GUI: ${prose(g)}`);
  for (const w of a.warnings) item(`- ⚠️ ${prose(w)}`);
  for (const c of a.checks) item(`- ✅ ${prose(c)}`);
  out.push('');
  return out;
}

function sectionBlock(s: DocSection): string[] {
  const out = [`## ${prose(s.title)}${s.refs.length ? ` <sup>[${s.refs.join(',')}]</sup>` : ''}`, ''];
  if (s.window) {
    out.push(
      `Window ${esc(s.window.date)}; ${s.window.expires ? `expires ${esc(s.window.expires)}` : 'expiry unknown'}${s.window.late ? ' — **LATE**, see the notices' : ''}.`,
      '',
    );
  }
  for (const c of s.conditions) out.push(`> **${esc(c.label)}:** ${prose(c.text)}`, '');
  for (const c of s.cautions) out.push(`> ⚠️ ${prose(c)}`, '');
  for (const a of s.actions) out.push(...actionBlock(a));
  if (s.undo.length) out.push('**Undo**', '', ...s.undo.map((u) => `- ${prose(u)}`), '');
  return out;
}

function discoveryBlock(d: NonNullable<PlanDocument['discovery']>): string[] {
  const out = [
    '## Before anything else: find out',
    '',
    'Runnable steps follow once these are known; give each answer to certwatch (CLUSTERS_FILE entry or `PUT /api/v1/clusters/<id>`).',
    '',
  ];
  d.items.forEach((item, i) => {
    out.push(
      `${i + 1}. **${prose(item.label)}**: ${[...item.commands.map(code), ...item.gui.map(prose)].join(' or ')}`,
    );
    out.push(`   ${prose(item.how)} Answer: ${prose(item.answer)}. It decides: ${prose(item.changes)}`, '');
  });
  out.push('## Order of work', '', ...d.outline.map((o) => `- ${prose(o)}`), '');
  return out;
}

export function renderPlanMarkdown(plan: Plan): string {
  const doc = planDocument(plan);
  const out: string[] = [`# ${prose(doc.title)}`, '', '| | |', '|---|---|'];
  for (const h of doc.header) out.push(`| ${esc(h.label)} | ${prose(h.value)} |`);
  out.push('');
  if (doc.certificates.length) {
    out.push(
      '### Certificates',
      '',
      ...tableRows(
        ['Unit', 'Nodes', 'Expires', 'Left', 'Note'],
        doc.certificates.map((c) => [esc(c.unit), esc(c.nodes), esc(c.expires), esc(c.left), esc(c.note)]),
      ),
      '',
    );
  }
  if (doc.schedule.length) {
    out.push(
      `### Schedule (one trust anchor per step, anchor steps ${plan.context.stepGapDays} days apart)`,
      '',
      ...tableRows(
        ['Step', 'Day', 'What', 'Certificate expires', 'Note'],
        doc.schedule.map((s) => [esc(s.step), esc(s.date), esc(s.title), esc(s.deadline), esc(s.note)]),
      ),
      '',
    );
  }
  if (doc.notices.length) out.push('### Notices', '', ...doc.notices.map((n) => `- ${prose(n)}`), '');
  if (doc.impact.length) out.push('### If nobody acts', '', ...doc.impact.map((i) => `- ${prose(i)}`), '');
  if (doc.discovery) out.push(...discoveryBlock(doc.discovery));
  for (const s of doc.sections) out.push(...sectionBlock(s));
  if (doc.appendix.length) {
    out.push('## Appendix: why each action is there', '');
    for (const a of doc.appendix) {
      out.push(`${a.n}. ${prose(a.title)}${a.source ? `. Source: ${prose(a.source)}` : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}
