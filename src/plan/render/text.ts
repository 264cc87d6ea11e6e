// Plain-text rendering of a plan (mail attachment, CLI): the one-page-per-step layout of document.ts, every line at
// most 100 characters, commands at the admin: prompt, warnings marked "!".
import type { Plan } from '../types.js';
import { oneLine } from './common.js';
import { planDocument, type DocAction, type DocSection, type PlanDocument } from './document.js';

export const TEXT_WIDTH = 100;

/** Words that would read as structure (a numbered action, a warning, a list item, a heading) at a line's start. */
const MARKER = /^(?:\d+[.)]|!|-|=+|#+|\|.*|`{3}.*|Check:|GUI:|admin:|GATE:)$/;

/** Word-wrap one paragraph; continuation lines are indented by `hang` more than the first. */
export function wrap(text: string, indent: number, hang = 2, width = TEXT_WIDTH): string[] {
  // Indents never take more than half the line, so every line has room for text and the loop always advances.
  const first = ' '.repeat(Math.min(indent, width >> 1));
  const next = ' '.repeat(Math.min(indent + hang, width >> 1));
  // Runs of spaces (table padding) survive: an empty word stands for one more space, except at a line's start.
  const words = oneLine(text).split(' ');
  const out: string[] = [];
  let line = first;
  let empty = true;
  const breakLine = (): void => {
    out.push(line);
    line = next;
    empty = true;
  };
  for (const word of words) {
    if (word === '' && empty) continue;
    if (!empty && line.length + 1 + word.length > width) {
      // A value must not look like a step, a warning or a heading at the start of a line: carry the word before it.
      // (When that word is alone on its line the marker starts the indented continuation line: still not column 0.)
      const trimmed = line.trimEnd();
      const last = trimmed.slice(trimmed.lastIndexOf(' ') + 1);
      const kept = trimmed.slice(0, trimmed.length - last.length).trimEnd();
      const carried = MARKER.test(word) && kept.trim().length > 0 ? last : '';
      if (carried) line = kept;
      breakLine();
      if (carried) {
        line += carried;
        empty = false;
      }
    }
    // A word longer than a whole line (a URL, a long command) is cut where it must be.
    let rest = word;
    while (line.length + rest.length > width) {
      const cut = width - line.length;
      line += rest.slice(0, cut);
      rest = rest.slice(cut);
      breakLine();
    }
    line += (empty ? '' : ' ') + rest;
    empty = false;
  }
  if (!empty) out.push(line);
  return out;
}

function table(rows: string[][], indent: number): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.flatMap((r) =>
    wrap(r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  '), indent, widths[0]! + 2),
  );
}

function actionLines(a: DocAction): string[] {
  const pad = 4;
  const refs = a.refs.length ? ` [${a.refs.join(',')}]` : '';
  const cond = a.conditions.length ? `(only if ${a.conditions.join(', ')}) ` : '';
  const where = a.nodes.join(' -> ');
  const head = `${a.n}. ${a.gate ? 'GATE: ' : ''}${cond}${a.title}${refs}${a.runIn && a.text ? `: ${a.text}` : ''}`;
  // Where the action is one or two commands or one GUI page and nothing else, it goes on the title line (wrapped)
  // whenever that takes fewer lines than a line of its own.
  const ownText = a.text && a.text !== a.title && !a.runIn;
  const plain = !a.table && !ownText && !a.items.length;
  const onlyCommands = plain && a.commands.length > 0 && a.commands.length <= 2 && !a.gui.length;
  // A gate's page is where its checks are read: it keeps a line of its own under the title.
  const onlyGui = plain && !a.gate && !a.commands.length && a.gui.length === 1;
  if (onlyCommands || onlyGui) {
    const at = onlyCommands
      ? `${a.commands.map((c) => `\`${c}\``).join(', ')}${where ? ` on ${where}` : ''}`
      : a.gui[0]!;
    const inline = wrap(`${head}: ${at}`, 0, pad);
    const separate = [
      ...wrap(head, 0, pad),
      ...(onlyCommands ? commandLines(a, pad, where) : wrap(`GUI: ${a.gui[0]}`, pad, 5)),
    ];
    if (inline.length < separate.length) return [...inline, ...restLines({ ...a, gui: onlyGui ? [] : a.gui }, pad)];
  }
  const out = wrap(head, 0, pad);
  if (ownText) out.push(...wrap(a.text, pad));
  for (const item of a.items) out.push(...wrap(`- ${item}`, pad, 2));
  if (a.table) {
    out.push(
      ...table(
        [
          ['Node', a.tableColumn],
          ...a.table.flatMap((r) =>
            (r.commands.length ? r.commands : ['(GUI below)']).map((c, i) => [i ? '' : r.node, c]),
          ),
        ],
        pad,
      ),
    );
  }
  out.push(...commandLines(a, pad, where), ...restLines(a, pad));
  return out;
}

function commandLines(a: DocAction, pad: number, where: string): string[] {
  if (a.commands.length === 1) return wrap(`admin: ${a.commands[0]}${where ? `   (on ${where})` : ''}`, pad, 7);
  const out: string[] = [];
  if (where) {
    out.push(
      ...wrap(
        a.commands.length ? `On ${where}${a.nodes.length > 1 ? ', in this order' : ''}:` : `Where: ${where}`,
        pad,
      ),
    );
  }
  for (const c of a.commands) out.push(...wrap(`admin: ${c}`, pad + 2, 7));
  return out;
}

function restLines(a: DocAction, pad: number): string[] {
  const out: string[] = [];
  for (const g of a.gui) out.push(...wrap(`GUI: ${g}`, pad, 5));
  for (const w of a.warnings) out.push(...wrap(`! ${w}`, pad, 2));
  for (const c of a.checks) out.push(...wrap(`Check: ${c}`, pad, 7));
  return out;
}

function rule(title: string): string {
  const t = oneLine(title);
  return `=== ${t} ${'='.repeat(Math.max(3, TEXT_WIDTH - 5 - t.length))}`.slice(0, TEXT_WIDTH);
}

function sectionLines(s: DocSection): string[] {
  // The rule line is the section's separator: no blank line above it (a printed page has about 70 lines).
  const out = [rule(s.title + (s.refs.length ? ` [${s.refs.join(',')}]` : ''))];
  if (s.window && s.stage) {
    const w = s.window;
    out.push(
      ...wrap(
        `Window: ${w.date}; ${w.expires ? `expires ${w.expires}` : 'expiry unknown'}${w.late ? ': LATE, see the notices' : ''}. Nodes: ${s.stage.nodes.join(', ') || 'see below'}.`,
        0,
        2,
      ),
    );
  }
  for (const c of s.conditions) out.push(...wrap(`${c.label}: ${c.text}`, 0, 4));
  for (const c of s.cautions) out.push(...wrap(`! ${c}`, 0, 2));
  for (const a of s.actions) out.push(...actionLines(a));
  if (s.undo.length) {
    out.push('Undo:');
    for (const u of s.undo) out.push(...wrap(`- ${u}`, 2, 2));
  }
  return out;
}

function discoveryLines(d: NonNullable<PlanDocument['discovery']>): string[] {
  const out = [
    rule('Before anything else: find out'),
    ...wrap(
      "Runnable steps follow once these are known: give each answer to certwatch (the cluster's entry in CLUSTERS_FILE, or PUT /api/v1/clusters/<id>).",
      0,
      2,
    ),
  ];
  d.items.forEach((item, i) => {
    const where = [...item.commands.map((c) => `admin: ${c}`), ...item.gui.map((g) => `GUI: ${g}`)].join(' | ');
    out.push(...wrap(`${i + 1}. ${item.label}: ${where}`, 0, 5));
    out.push(...wrap(`${item.how} Tell certwatch: ${item.answer}.`, 3, 2), ...wrap(`Decides: ${item.changes}`, 3, 2));
  });
  out.push(rule('Order of work (dated once the answers are in)'));
  for (const o of d.outline) out.push(...wrap(`- ${o}`, 0, 2));
  return out;
}

export function renderPlanText(plan: Plan): string {
  const doc = planDocument(plan);
  const title = wrap(doc.title, 0, 2);
  const lines: string[] = [...title, '='.repeat(Math.max(...title.map((l) => l.length)))];
  for (const h of doc.header) lines.push(...wrap(`${h.label.padEnd(10)}${oneLine(h.value)}`, 0, 10));
  if (doc.certificates.length) {
    lines.push(
      '',
      'Certificates',
      ...table(
        [
          ['Unit', 'Nodes', 'Expires', 'Left', 'Note'],
          ...doc.certificates.map((c) => [c.unit, c.nodes, c.expires, c.left, c.note]),
        ],
        2,
      ),
    );
  }
  if (doc.schedule.length) {
    lines.push(
      '',
      `Schedule: one trust anchor per step, never two together (anchor steps ${plan.context.stepGapDays} days apart)`,
    );
    lines.push(
      ...table(
        [
          ['Step', 'Day', 'What', 'Certificate expires', ''],
          ...doc.schedule.map((s) => [s.step, s.date, s.title, s.deadline, s.note]),
        ],
        2,
      ),
    );
  }
  if (doc.notices.length) {
    lines.push(rule('Notices'));
    for (const n of doc.notices) lines.push(...wrap(`- ${n}`, 0, 2));
  }
  if (doc.impact.length) lines.push(rule('If nobody acts'), ...doc.impact.flatMap((i) => wrap(`- ${i}`, 0, 2)));
  if (doc.discovery) lines.push(...discoveryLines(doc.discovery));
  for (const s of doc.sections) lines.push(...sectionLines(s));
  if (doc.appendix.length) {
    lines.push(rule('Appendix: why each action is there'));
    for (const a of doc.appendix) lines.push(...wrap(`[${a.n}] ${a.title}${a.source ? ` (${a.source})` : ''}`, 0, 4));
  }
  return lines.join('\n').replace(/[ \t]+$/gm, '') + '\n';
}
