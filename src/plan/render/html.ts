// HTML fragment rendering of a plan (mail attachment, web): the layout of document.ts with inline styles only, every
// value escaped through the `html` template, and a page break before each step so each prints on its own page.
import { html, SafeHtml } from '../../render/html.js';
import type { Plan } from '../types.js';
import { oneLine, segments } from './common.js';
import { planDocument, type DocAction, type DocSection, type PlanDocument } from './document.js';

const S = {
  root: 'font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1b1b1b;line-height:1.45;max-width:960px',
  h1: 'font-size:20px;margin:0 0 8px 0',
  h2: 'font-size:16px;margin:20px 0 6px 0;border-bottom:1px solid #ccc;padding-bottom:2px',
  section: 'break-before:page;page-break-before:always',
  table: 'border-collapse:collapse;margin:6px 0',
  th: 'text-align:left;padding:2px 12px 2px 0;color:#555;font-weight:600;vertical-align:top',
  td: 'padding:2px 12px 2px 0;vertical-align:top',
  action: 'margin:0 0 10px 0',
  cond: 'background:#fff6d6;border-left:4px solid #e0a800;padding:4px 8px;margin:6px 0',
  pre: 'background:#f4f4f4;border:1px solid #ddd;padding:6px 8px;font-family:Consolas,Menlo,monospace;font-size:13px;white-space:pre-wrap;margin:6px 0',
  code: 'font-family:Consolas,Menlo,monospace;background:#f4f4f4;padding:0 3px',
  warn: 'color:#8a1c1c;background:#fdecea;padding:3px 8px;margin:3px 0;border-left:4px solid #c62828',
  late: 'color:#8a1c1c;font-weight:600',
  small: 'color:#666;font-size:12px',
  ul: 'margin:4px 0 4px 18px;padding:0',
};

function prose(text: string): SafeHtml {
  return html`${segments(text).map((s) => (s.code ? html`<code style="${S.code}">${s.text}</code>` : html`${s.text}`))}`;
}

function table(head: string[], rows: (string | SafeHtml)[][]): SafeHtml {
  return html`<table style="${S.table}"><tr>${head.map((h) => html`<th style="${S.th}">${h}</th>`)}</tr>${rows.map((r) => html`<tr>${r.map((c) => html`<td style="${S.td}">${c}</td>`)}</tr>`)}</table>`;
}

function actionHtml(a: DocAction): SafeHtml {
  return html`<li style="${S.action}">${a.gate ? html`<strong>GATE:</strong> ` : ''}${a.conditions.length ? html`<em>(only if ${a.conditions.join(', ')})</em> ` : ''}<strong>${prose(a.title)}</strong>${a.refs.length ? html` <sup style="${S.small}">[${a.refs.join(',')}]</sup>` : ''}
${a.text && a.text !== a.title ? html`<div>${prose(a.text)}</div>` : ''}
${a.items.length ? html`<ul style="${S.ul}">${a.items.map((i) => html`<li>${prose(i)}</li>`)}</ul>` : ''}
${
  a.table
    ? table(
        ['Node', a.tableColumn],
        a.table.map((r) => [
          r.node,
          html`${r.commands.map((c, i) => html`${i ? html`<br>` : ''}<code style="${S.code}">${c}</code>`)}`,
        ]),
      )
    : ''
}
${a.nodes.length ? html`<div style="${S.small}">${a.commands.length ? 'On' : 'Where:'} ${a.nodes.map(oneLine).join(' → ')}</div>` : ''}
${a.commands.length ? html`<pre style="${S.pre}">${a.commands.map((c, i) => html`${i ? '\n' : ''}admin: ${oneLine(c)}`)}</pre>` : ''}
${a.gui.length || a.checks.length ? html`<ul style="${S.ul}">${a.gui.map((g) => html`<li>GUI: ${prose(g)}</li>`)}${a.checks.map((c) => html`<li>&#10003; ${prose(c)}</li>`)}</ul>` : ''}
${a.warnings.map((w) => html`<div style="${S.warn}">&#9888; ${prose(w)}</div>`)}
</li>`;
}

function sectionHtml(s: DocSection): SafeHtml {
  const w = s.window;
  return html`<section style="${w ? S.section : ''}" id="${s.id}">
<h2 style="${S.h2}">${prose(s.title)}${s.refs.length ? html` <sup style="${S.small}">[${s.refs.join(',')}]</sup>` : ''}</h2>
${w ? html`<p>Window ${w.date}; ${w.expires ? `expires ${w.expires}` : 'expiry unknown'}${w.late ? html` <span style="${S.late}">LATE: see the notices</span>` : ''}</p>` : ''}
${s.conditions.map((c) => html`<div style="${S.cond}"><strong>${c.label}:</strong> ${prose(c.text)}</div>`)}
${s.cautions.map((c) => html`<div style="${S.warn}">&#9888; ${prose(c)}</div>`)}
<ol>${s.actions.map(actionHtml)}</ol>
${s.undo.length ? html`<p><strong>Undo</strong></p><ul style="${S.ul}">${s.undo.map((u) => html`<li>${prose(u)}</li>`)}</ul>` : ''}
</section>`;
}

function discoveryHtml(d: NonNullable<PlanDocument['discovery']>): SafeHtml {
  return html`<h2 style="${S.h2}">Before anything else: find out</h2>
<p>Runnable steps follow once these are known; give each answer to certwatch (CLUSTERS_FILE entry or <code style="${S.code}">PUT /api/v1/clusters/&lt;id&gt;</code>).</p>
<ol>${d.items.map((i) => html`<li><strong>${i.label}</strong>: ${i.commands.map((c) => html`<code style="${S.code}">${c}</code> `)}${i.gui.map((g) => html`${prose(g)} `)}<div>${prose(i.how)} Answer: ${prose(i.answer)}. It decides: ${prose(i.changes)}</div></li>`)}</ol>
<h2 style="${S.h2}">Order of work</h2>
<ul style="${S.ul}">${d.outline.map((o) => html`<li>${prose(o)}</li>`)}</ul>`;
}

export function renderPlanHtml(plan: Plan): string {
  const doc = planDocument(plan);
  const schedule = doc.schedule.length > 0;
  const out = html`<div style="${S.root}">
<h1 style="${S.h1}">${doc.title}</h1>
<table style="${S.table}">${doc.header.map((l) => html`<tr><th style="${S.th}">${l.label}</th><td style="${S.td}">${prose(l.value)}</td></tr>`)}</table>
${
  doc.certificates.length
    ? html`<h2 style="${S.h2}">Certificates</h2>
${table(
  ['Unit', 'Nodes', 'Expires', 'Left', 'Note'],
  doc.certificates.map((c) => [
    c.unit,
    c.nodes,
    c.expires,
    c.left === 'EXPIRED' ? html`<span style="${S.late}">EXPIRED</span>` : c.left,
    c.note,
  ]),
)}`
    : ''
}
${
  schedule
    ? html`<h2 style="${S.h2}">Schedule (one trust anchor per step, anchor steps ${plan.context.stepGapDays} days apart)</h2>
${table(
  ['Step', 'Day', 'What', 'Certificate expires', 'Note'],
  doc.schedule.map((s) => [
    s.step,
    s.date,
    s.title,
    s.deadline,
    s.note ? html`<span style="${S.late}">${s.note}</span>` : '',
  ]),
)}`
    : ''
}
${doc.notices.length ? html`<h2 style="${S.h2}">Notices</h2><ul style="${S.ul}">${doc.notices.map((n) => html`<li>${prose(n)}</li>`)}</ul>` : ''}
${doc.impact.length ? html`<h2 style="${S.h2}">If nobody acts</h2>
<ul style="${S.ul}">${doc.impact.map((i) => html`<li>${prose(i)}</li>`)}</ul>` : ''}
${doc.discovery ? discoveryHtml(doc.discovery) : ''}
${doc.sections.map(sectionHtml)}
${
  doc.appendix.length
    ? html`<section style="${S.section}"><h2 style="${S.h2}">Appendix: why each action is there</h2>
<ol>${doc.appendix.map((a) => html`<li value="${a.n}">${prose(a.title)}${a.source ? html`. <span style="${S.small}">Source: ${prose(a.source)}</span>` : ''}</li>`)}</ol></section>`
    : ''
}
</div>`;
  return out.toString() + '\n';
}
