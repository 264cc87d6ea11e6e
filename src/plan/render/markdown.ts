// Markdown rendering of a plan (for a change request): every value on one line, markup characters escaped.
import type { Plan, PlanStep } from '../types.js';
import { oneLine, segments, summaryLines, targetLine } from './common.js';

/** Escape Markdown/HTML-significant characters (links, emphasis, raw HTML, tables, headings) in one-line text. */
function escRaw(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#+|~&]/g, (c) => `\\${c}`);
}

function esc(text: string): string {
  return escRaw(oneLine(text));
}

/** Prose with `code` spans kept as inline code (content cannot contain a backtick or a newline). */
function prose(text: string): string {
  return segments(text).map((s) => (s.code ? `\`${s.text}\`` : escRaw(s.text))).join('');
}

function stepBlock(s: PlanStep): string[] {
  const out = [`#### ${s.number}. ${prose(s.title)}`, ''];
  if (s.condition) out.push(`> **IF:** ${prose(s.condition.text)}`, '');
  out.push(`**Nodes:** ${s.nodes.map(esc).join(' → ')}`, '', prose(s.action), '');
  if (s.commands.length) {
    out.push('```text', ...s.commands.map((c) => `admin: ${oneLine(c)}`), '```', '');
  }
  for (const g of s.gui) out.push(`- GUI: ${prose(g)}`);
  for (const w of s.warnings) out.push(`- ⚠️ **Warning:** ${prose(w)}`);
  for (const e of s.expect) out.push(`- ✅ Expect: ${prose(e)}`);
  if (s.anchors.length) out.push(`- Changes trust anchor: ${s.anchors.map(esc).join(', ')}`);
  out.push(`- _Why:_ ${s.why.map(esc).join(', ')}`, '');
  return out;
}

export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [`# ${prose(plan.title)}`, '', '| | |', '|---|---|'];
  for (const l of summaryLines(plan)) out.push(`| ${esc(l.label)} | ${prose(l.value)} |`);
  out.push('', '## Targets', '', ...plan.targets.map((t) => `- ${esc(targetLine(t))}`), '');
  out.push('## Impact of not acting', '', ...plan.impact.map((i) => `- ${prose(i)}`), '');
  if (plan.notices.length) out.push('## Notices', '', ...plan.notices.map((n) => `- ${prose(n)}`), '');
  out.push('_Do the steps in order. **IF** marks a step that applies only in the case it names (the pre-checks say how to find out). Stop at every gate until it matches._', '');
  for (const p of plan.phases) {
    out.push(`### ${prose(p.title)}`, '');
    for (const s of p.steps) out.push(...stepBlock(s));
  }
  out.push('## Rules applied', '', ...plan.rulesApplied.map((r) => `- \`${oneLine(r.rule).replace(/`/g, "'")}\` ${prose(r.title)}`), '');
  if (plan.rulesSkipped.length) {
    out.push('## Rules not decided (cluster state unknown)', '');
    for (const r of plan.rulesSkipped) out.push(`- \`${oneLine(r.rule).replace(/`/g, "'")}\` ${prose(r.reason)}${r.check ? `. Check: ${prose(r.check)}` : ''}`);
    out.push('');
  }
  return out.join('\n');
}
