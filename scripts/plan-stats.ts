// `npm run plan-stats`: renders the text plan of every cell of the rules matrix, and a whole-cluster plan (`unit all`)
// per cluster shape, and prints per kind of cell the line counts, the longest line and the worst cells by name.
// Exits 1 when a budget of issue 8 is exceeded (and says which); `--report-only` always exits 0.
import { parseArgs } from 'node:util';
import { buildPlan, renderPlanText } from '../src/plan/index.js';
import { cellCluster, cellTargets, describeCell, RULE_CELL_COUNT, ruleCells, wholeClusterShapes, type Cell } from '../src/plan/matrix.js';
import { budgetOverruns, measurePlanText, PLAN_BUDGETS, type BudgetOverrun, type CellKind, type PlanMeasure } from '../src/plan/plan-budget.js';
import type { PlanTarget } from '../src/domain/plan-target.js';

const NOW = new Date('2026-11-20T09:00:00Z');
const WORST = 5;

const { values } = parseArgs({ options: { 'report-only': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }, strict: true });
if (values.help) {
  console.log('usage: npm run plan-stats [-- --report-only]\n  the length of every plan of the rules matrix against the budgets; exit 1 when one is exceeded');
  process.exit(0);
}

interface Measured {
  name: string;
  measure: PlanMeasure;
  overruns: BudgetOverrun[];
}

const KIND_TITLES: Record<CellKind, string> = {
  'one-unit-known': `one unit, known cluster (budget: ${PLAN_BUDGETS.oneUnitLines} lines)`,
  'one-unit-unknown': `one unit, version, security mode or signing unknown (discovery checklist at most ${PLAN_BUDGETS.checklistLines} lines)`,
  'whole-cluster-known': `whole cluster, known cluster (budget: ${PLAN_BUDGETS.sectionLines} lines per anchor section plus the shared parts)`,
  'whole-cluster-unknown': `whole cluster, version, security mode or signing unknown (discovery checklist at most ${PLAN_BUDGETS.checklistLines} lines)`,
};

const byKind = new Map<CellKind, Measured[]>(Object.keys(KIND_TITLES).map((k) => [k as CellKind, []]));

/** The plan decides its kind: a cluster whose version, security mode, CTL signer or signing is unknown gets the
 * discovery checklist instead of runnable steps. */
function measure(scope: 'one-unit' | 'whole-cluster', name: string, cell: Cell, targets: PlanTarget[]): void {
  const plan = buildPlan({ cluster: cellCluster(cell), targets, now: NOW });
  const kind: CellKind = `${scope}-${plan.discovery ? 'unknown' : 'known'}`;
  const m = measurePlanText(renderPlanText(plan));
  byKind.get(kind)!.push({ name, measure: m, overruns: budgetOverruns(kind, m) });
}

const started = Date.now();
for (const cell of ruleCells()) measure('one-unit', describeCell(cell), cell, cellTargets(cell));
for (const { cell, targets } of wholeClusterShapes()) {
  const name = `unit all | ${cell.version} | ${cell.mode} | ctl ${cell.signer} | ${cell.signing} (${targets.length} units)`;
  measure('whole-cluster', name, cell, targets);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const describeOverrun = (o: BudgetOverrun) =>
  o.budget === 'one-unit-lines' ? `${o.lines} lines > ${o.limit}`
    : o.budget === 'section-lines' ? `section "${o.section}" ${o.lines} lines > ${o.limit}`
      : o.budget === 'checklist-lines' ? `checklist ${o.lines} lines > ${o.limit}`
      : `a line of ${o.chars} characters > ${o.limit}`;

let exceeded = 0;
console.log(`plan-stats: ${RULE_CELL_COUNT} cells of the rules matrix and ${[...byKind.values()].reduce((n, l) => n + l.length, 0) - RULE_CELL_COUNT} whole-cluster shapes in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const [kind, cells] of byKind) {
  if (cells.length === 0) continue;
  const lines = cells.map((c) => c.measure.lines).sort((a, b) => a - b);
  const longest = Math.max(...cells.map((c) => c.measure.longestLine));
  const sectionMax = Math.max(0, ...cells.flatMap((c) => c.measure.layout.sections.map((s) => s.lines)));
  const sharedMax = Math.max(...cells.map((c) => c.measure.layout.sharedLines));
  const over = cells.filter((c) => c.overruns.length > 0);
  exceeded += over.length;
  console.log(`\n${KIND_TITLES[kind]}: ${cells.length} cells`);
  console.log(`  lines: min ${lines[0]}, median ${percentile(lines, 0.5)}, p90 ${percentile(lines, 0.9)}, max ${lines[lines.length - 1]}`);
  console.log(`  longest line: ${longest} characters (budget ${PLAN_BUDGETS.lineChars})`);
  if (kind === 'whole-cluster-known') console.log(`  longest anchor section: ${sectionMax} lines; shared parts: at most ${sharedMax} lines`);
  if (kind.endsWith('unknown')) console.log(`  longest checklist: ${Math.max(...cells.map((c) => c.measure.layout.checklistLines))} lines`);
  console.log(`  over budget: ${over.length} of ${cells.length}`);
  console.log(`  worst cells (most lines):`);
  for (const c of [...cells].sort((a, b) => b.measure.lines - a.measure.lines).slice(0, WORST)) {
    console.log(`    ${String(c.measure.lines).padStart(5)} lines, longest line ${c.measure.longestLine}: ${c.name}`);
  }
  const wide = [...cells].sort((a, b) => b.measure.longestLine - a.measure.longestLine)[0];
  if (wide && wide.measure.longestLine > PLAN_BUDGETS.lineChars) console.log(`  widest: ${wide.measure.longestLine} characters: ${wide.name}`);
  for (const c of over.slice(0, WORST)) console.log(`  exceeded: ${c.name}: ${c.overruns.slice(0, 3).map(describeOverrun).join('; ')}${c.overruns.length > 3 ? `; and ${c.overruns.length - 3} more` : ''}`);
}

if (exceeded > 0) {
  const perBudget = new Map<string, number>();
  for (const c of [...byKind.values()].flat()) for (const b of new Set(c.overruns.map((o) => o.budget))) perBudget.set(b, (perBudget.get(b) ?? 0) + 1);
  console.log(`\nplan-stats: ${exceeded} plan(s) exceed a budget: ${[...perBudget].map(([b, n]) => `${b} in ${n}`).join(', ')}${values['report-only'] ? ' (--report-only: exit 0)' : ''}`);
  process.exit(values['report-only'] ? 0 : 1);
}
console.log('\nplan-stats: every plan within budget');
