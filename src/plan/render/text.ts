// Plain-text rendering of a plan (mail body): numbered steps, commands at the admin: prompt, warnings marked "!".
import type { Plan, PlanStep } from '../types.js';
import { oneLine, summaryLines, targetLine } from './common.js';

function stepLines(s: PlanStep): string[] {
  const pad = '      ';
  const out = [`${String(s.number).padStart(3)}. ${oneLine(s.title)}`];
  if (s.condition) out.push(`${pad}IF: ${oneLine(s.condition.text)}`);
  out.push(`${pad}Nodes: ${s.nodes.map(oneLine).join(' -> ')}`);
  out.push(`${pad}${oneLine(s.action)}`);
  for (const c of s.commands) out.push(`${pad}  admin: ${oneLine(c)}`);
  for (const g of s.gui) out.push(`${pad}  GUI: ${oneLine(g)}`);
  for (const w of s.warnings) out.push(`${pad}! ${oneLine(w)}`);
  for (const e of s.expect) out.push(`${pad}Expect: ${oneLine(e)}`);
  if (s.anchors.length) out.push(`${pad}Changes trust anchor: ${s.anchors.join(', ')}`);
  out.push(`${pad}Why: ${s.why.map(oneLine).join(', ')}`);
  return out;
}

export function renderPlanText(plan: Plan): string {
  const lines: string[] = [];
  const title = oneLine(plan.title);
  lines.push(title, '='.repeat(Math.min(title.length, 100)), '');
  for (const l of summaryLines(plan)) lines.push(`${l.label.padEnd(13)}${oneLine(l.value)}`);
  lines.push('', 'Targets:');
  for (const t of plan.targets) lines.push(`  - ${targetLine(t)}`);
  lines.push('', 'Impact of not acting:');
  for (const i of plan.impact) lines.push(`  - ${oneLine(i)}`);
  if (plan.notices.length) {
    lines.push('', 'Notices:');
    for (const n of plan.notices) lines.push(`  - ${oneLine(n)}`);
  }
  lines.push('', 'How to read this plan: do the steps in order. "IF:" marks a step that applies only in the case it names',
    '(the pre-checks tell you how to find out). Stop at every gate until it matches. Lines starting with "!" are warnings.');
  for (const p of plan.phases) {
    const t = oneLine(p.title);
    lines.push('', `--- ${t} ${'-'.repeat(Math.max(3, 96 - t.length))}`, '');
    for (const s of p.steps) lines.push(...stepLines(s), '');
  }
  lines.push('Rules applied:');
  for (const r of plan.rulesApplied) lines.push(`  - ${oneLine(r.rule)}: ${oneLine(r.title)}`);
  if (plan.rulesSkipped.length) {
    lines.push('', 'Rules not decided because the cluster state is unknown (the plan holds each branch; check first):');
    for (const r of plan.rulesSkipped) lines.push(`  - ${oneLine(r.rule)}: ${oneLine(r.reason)}${r.check ? `. Check: ${oneLine(r.check)}` : ''}`);
  }
  return lines.join('\n').replace(/[ \t]+$/gm, '') + '\n';
}
