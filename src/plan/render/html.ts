// HTML fragment rendering of a plan (mail body): inline styles only, every value escaped through the `html` template.
import { html, SafeHtml } from '../../render/html.js';
import type { Plan, PlanStep } from '../types.js';
import { oneLine, segments, summaryLines, targetLine } from './common.js';

const S = {
  root: 'font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b;line-height:1.45;max-width:960px',
  h1: 'font-size:20px;margin:0 0 8px 0',
  h2: 'font-size:16px;margin:20px 0 6px 0;border-bottom:1px solid #ccc;padding-bottom:2px',
  h3: 'font-size:15px;margin:18px 0 6px 0;background:#eef2f7;padding:4px 8px',
  table: 'border-collapse:collapse;margin:6px 0',
  th: 'text-align:left;padding:2px 12px 2px 0;color:#555;font-weight:600;vertical-align:top',
  td: 'padding:2px 0;vertical-align:top',
  step: 'margin:0 0 12px 0;padding:8px 10px;border:1px solid #dde;border-radius:4px',
  stepTitle: 'font-weight:600;font-size:14px',
  cond: 'background:#fff6d6;border-left:4px solid #e0a800;padding:4px 8px;margin:6px 0',
  pre: 'background:#f4f4f4;border:1px solid #ddd;padding:6px 8px;font-family:Consolas,Menlo,monospace;font-size:13px;white-space:pre-wrap;margin:6px 0',
  code: 'font-family:Consolas,Menlo,monospace;background:#f4f4f4;padding:0 3px',
  warn: 'color:#8a1c1c;background:#fdecea;padding:3px 8px;margin:3px 0;border-left:4px solid #c62828',
  small: 'color:#666;font-size:12px',
  ul: 'margin:4px 0 4px 18px;padding:0',
};

function prose(text: string): SafeHtml {
  return html`${segments(text).map((s) => (s.code ? html`<code style="${S.code}">${s.text}</code>` : html`${s.text}`))}`;
}

function stepHtml(s: PlanStep): SafeHtml {
  return html`<div style="${S.step}" id="${s.id}">
<div style="${S.stepTitle}">${s.number}. ${prose(s.title)}</div>
${s.condition ? html`<div style="${S.cond}"><strong>IF:</strong> ${prose(s.condition.text)}</div>` : ''}
<div style="${S.small}">Nodes: ${s.nodes.map(oneLine).join(' → ')}</div>
<div>${prose(s.action)}</div>
${s.commands.length ? html`<pre style="${S.pre}">${s.commands.map((c, i) => html`${i ? '\n' : ''}admin: ${oneLine(c)}`)}</pre>` : ''}
${s.gui.length ? html`<ul style="${S.ul}">${s.gui.map((g) => html`<li>GUI: ${prose(g)}</li>`)}</ul>` : ''}
${s.warnings.map((w) => html`<div style="${S.warn}">&#9888; ${prose(w)}</div>`)}
${s.expect.length ? html`<ul style="${S.ul}">${s.expect.map((e) => html`<li>Expect: ${prose(e)}</li>`)}</ul>` : ''}
<div style="${S.small}">${s.anchors.length ? html`Changes trust anchor: ${s.anchors.join(', ')} · ` : ''}Why: ${s.why.join(', ')}</div>
</div>`;
}

export function renderPlanHtml(plan: Plan): string {
  const out = html`<div style="${S.root}">
<h1 style="${S.h1}">${oneLine(plan.title)}</h1>
<table style="${S.table}">${summaryLines(plan).map((l) => html`<tr><th style="${S.th}">${l.label}</th><td style="${S.td}">${prose(l.value)}</td></tr>`)}</table>
<h2 style="${S.h2}">Targets</h2>
<ul style="${S.ul}">${plan.targets.map((t) => html`<li>${targetLine(t)}</li>`)}</ul>
<h2 style="${S.h2}">Impact of not acting</h2>
<ul style="${S.ul}">${plan.impact.map((i) => html`<li>${prose(i)}</li>`)}</ul>
${plan.notices.length ? html`<h2 style="${S.h2}">Notices</h2><ul style="${S.ul}">${plan.notices.map((n) => html`<li>${prose(n)}</li>`)}</ul>` : ''}
<p style="${S.small}">Do the steps in order. IF marks a step that applies only in the case it names (the pre-checks say how to find out). Stop at every gate until it matches.</p>
${plan.phases.map((p) => html`<h3 style="${S.h3}">${oneLine(p.title)}</h3>
${p.steps.map(stepHtml)}`)}
<h2 style="${S.h2}">Rules applied</h2>
<ul style="${S.ul}">${plan.rulesApplied.map((r) => html`<li><code style="${S.code}">${r.rule}</code> ${prose(r.title)}</li>`)}</ul>
${plan.rulesSkipped.length ? html`<h2 style="${S.h2}">Rules not decided (cluster state unknown)</h2>
<ul style="${S.ul}">${plan.rulesSkipped.map((r) => html`<li><code style="${S.code}">${r.rule}</code> ${prose(r.reason)}${r.check ? html`. Check: ${prose(r.check)}` : ''}</li>`)}</ul>` : ''}
</div>`;
  return out.toString() + '\n';
}
