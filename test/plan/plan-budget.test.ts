// The budget checker of `npm run plan-stats` on small synthetic plan texts (pure: no plan is built).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetOverruns, measurePlanText, sectionsOf } from '../../src/plan/plan-budget.js';

const SMALL = { oneUnitLines: 10, sectionLines: 3, lineChars: 80, checklistLines: 4 } as const;
const NARROW = { ...SMALL, lineChars: 20 };
const lines = (n: number, prefix = 'x') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Header 3 lines, shared pre-checks 2, two anchor sections of 3 and 4 lines, appendix 2. */
const TEXT = [
  'Renewal plan', '====', '',
  '--- Pre-checks (before the window) ---', 'check',
  '--- Step 1 of 2 — CallManager: change the certificate ----', 'a', 'b',
  '--- Step 2 of 2 — TVS: change the certificate ---', 'c', 'd', 'e',
  'Rules applied:', '  - 4.2-tvs',
].join('\n') + '\n';

describe('sectionsOf', () => {
  test('an anchor section runs from its heading to the next heading or the appendix; the rest is shared', () => {
    assert.deepEqual(sectionsOf(TEXT), {
      sections: [
        { heading: '--- Step 1 of 2 — CallManager: change the certificate', lines: 3 },
        { heading: '--- Step 2 of 2 — TVS: change the certificate', lines: 4 },
      ],
      sharedLines: 7,
    });
  });
  test('a text without headings is all shared', () => {
    assert.deepEqual(sectionsOf(lines(5).join('\n')), { sections: [], sharedLines: 5 });
  });
});

describe('budgetOverruns', () => {
  test('one unit on a known cluster: the whole text counts, the trailing newline does not', () => {
    assert.deepEqual(budgetOverruns('one-unit-known', measurePlanText(`${lines(10).join('\n')}\n`), SMALL), []);
    assert.deepEqual(budgetOverruns('one-unit-known', measurePlanText(lines(11).join('\n')), SMALL), [{ budget: 'one-unit-lines', lines: 11, limit: 10 }]);
  });
  test('whole cluster: each anchor section against the section budget, the shared parts not', () => {
    assert.deepEqual(budgetOverruns('whole-cluster-known', measurePlanText(TEXT), SMALL), [
      { budget: 'section-lines', section: '--- Step 2 of 2 — TVS: change the certificate', lines: 4, limit: 3 },
    ]);
    assert.deepEqual(budgetOverruns('whole-cluster-known', measurePlanText(TEXT), { ...SMALL, sectionLines: 4 }), []);
  });
  test('every plan: a line over the width, counted in characters (an em dash is one)', () => {
    assert.deepEqual(budgetOverruns('one-unit-unknown', measurePlanText(`${'—'.repeat(20)}\nshort`), NARROW), []);
    assert.deepEqual(budgetOverruns('whole-cluster-unknown', measurePlanText(`${'y'.repeat(21)}\nshort`), NARROW), [{ budget: 'line-chars', chars: 21, limit: 20 }]);
  });
  test('plans with unknowns are only measured for length until the checklist exists', () => {
    assert.deepEqual(budgetOverruns('one-unit-unknown', measurePlanText(lines(50).join('\n')), SMALL), []);
    assert.deepEqual(budgetOverruns('whole-cluster-unknown', measurePlanText(TEXT), SMALL), []);
  });
});
