// The budget checker of `npm run plan-stats` on small synthetic plan texts, and the heaviest real plans against it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetOverruns, measurePlanText, sectionsOf } from '../../src/plan/plan-budget.js';
import { buildPlan, renderPlanText } from '../../src/plan/index.js';
import { cellCluster, cellTargets, describeCell, ruleCells } from '../../src/plan/matrix.js';

const SMALL = { oneUnitLines: 10, sectionLines: 3, lineChars: 80, checklistLines: 4 } as const;
const NARROW = { ...SMALL, lineChars: 20 };
const lines = (n: number, prefix = 'x') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Header 3 lines, shared pre-checks 2, two anchor sections of 3 and 4 lines, appendix 2. */
const TEXT = [
  'Renewal plan', '====', '',
  '=== Pre-checks (before the window) ===', 'check',
  '=== Step 1 of 2: CallManager (2026-11-20) ====', 'a', 'b',
  '=== Step 2 of 2: TVS (2026-11-27) ===', 'c', 'd', 'e',
  '=== Appendix: why each action is there ===', '[1] 4.2-tvs',
].join('\n') + '\n';

/** A plan of a cluster whose state is unknown: header 2, checklist 4 (its heading included), outline 2. */
const UNKNOWN = [
  'Renewal plan',
  '',
  '=== Before anything else: find out ===',
  '1. version',
  'admin: show version active',
  '2. mode',
  '=== Order of work ===',
  '- Step 1',
].join('\n');

describe('sectionsOf', () => {
  test('an anchor section runs from its heading to the next heading or the appendix; the rest is shared', () => {
    assert.deepEqual(sectionsOf(TEXT), {
      sections: [
        { heading: '=== Step 1 of 2: CallManager (2026-11-20)', lines: 3 },
        { heading: '=== Step 2 of 2: TVS (2026-11-27)', lines: 4 },
      ],
      checklistLines: 0,
      sharedLines: 7,
    });
  });
  test('a text without headings is all shared', () => {
    assert.deepEqual(sectionsOf(lines(5).join('\n')), { sections: [], checklistLines: 0, sharedLines: 5 });
  });
  test('the discovery checklist runs from its heading to the outline', () => {
    assert.deepEqual(sectionsOf(UNKNOWN), { sections: [], checklistLines: 4, sharedLines: 4 });
  });
});

describe('budgetOverruns', () => {
  test('one unit on a known cluster: the whole text counts, the trailing newline does not', () => {
    assert.deepEqual(budgetOverruns('one-unit-known', measurePlanText(`${lines(10).join('\n')}\n`), SMALL), []);
    assert.deepEqual(budgetOverruns('one-unit-known', measurePlanText(lines(11).join('\n')), SMALL), [
      { budget: 'one-unit-lines', lines: 11, limit: 10 },
    ]);
  });
  test('whole cluster: each anchor section against the section budget, the shared parts not', () => {
    assert.deepEqual(budgetOverruns('whole-cluster-known', measurePlanText(TEXT), SMALL), [
      { budget: 'section-lines', section: '=== Step 2 of 2: TVS (2026-11-27)', lines: 4, limit: 3 },
    ]);
    assert.deepEqual(budgetOverruns('whole-cluster-known', measurePlanText(TEXT), { ...SMALL, sectionLines: 4 }), []);
  });
  test('every plan: a line over the width, counted in characters (an em dash is one)', () => {
    assert.deepEqual(budgetOverruns('one-unit-unknown', measurePlanText(`${'—'.repeat(20)}\nshort`), NARROW), []);
    assert.deepEqual(budgetOverruns('whole-cluster-unknown', measurePlanText(`${'y'.repeat(21)}\nshort`), NARROW), [
      { budget: 'line-chars', chars: 21, limit: 20 },
    ]);
  });
  test('plans with unknowns: their checklist against the checklist budget, nothing else but the width', () => {
    assert.deepEqual(budgetOverruns('one-unit-unknown', measurePlanText(UNKNOWN), { ...SMALL, checklistLines: 3 }), [
      { budget: 'checklist-lines', lines: 4, limit: 3 },
    ]);
    assert.deepEqual(budgetOverruns('one-unit-unknown', measurePlanText(UNKNOWN), SMALL), []);
    assert.deepEqual(budgetOverruns('whole-cluster-unknown', measurePlanText(TEXT), SMALL), []);
  });
});

describe('the heaviest one-unit plans (issue 8 budget)', () => {
  // The plans that were last over 150 lines: tomcat reused as CallManager (14+), multi-server SAN, mixed mode, with an
  // inventory the version contradicts (eToken CTL, CallManager ITL signer) or FN70613's two passes. All of that stack
  // is built here, a few hundred plans, so a wording or layout change that pushes it back over fails in the suite and
  // not only in `npm run plan-stats`.
  test('tomcat reused as CallManager, multi-SAN, mixed, 14+: every one within the one-unit budget', () => {
    const heavy = [...ruleCells()].filter((c) =>
      /\| mixed \| .*\| 1[45]\S* \| .*\| multi-san \| reuse true \|/.test(describeCell(c)),
    );
    assert.ok(heavy.length > 100, `${heavy.length} cells`);
    const over = heavy.flatMap((c) => {
      const plan = buildPlan({
        cluster: cellCluster(c),
        targets: cellTargets(c),
        now: new Date('2026-11-20T09:00:00Z'),
      });
      if (plan.discovery) return [];
      const found = budgetOverruns('one-unit-known', measurePlanText(renderPlanText(plan)));
      return found.length ? [`${describeCell(c)}: ${JSON.stringify(found)}`] : [];
    });
    assert.deepEqual(over, []);
  });
});
