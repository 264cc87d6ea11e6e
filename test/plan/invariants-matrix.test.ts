// The invariants over the rules matrix: every version 8.x-15 x security mode and CTL signer x ITL signer x signing x
// unit (src/plan/matrix.ts). The whole product (13,000 cells) takes about half a minute on a quiet two-core machine,
// too long for every run: by default a fixed sample of every 11th cell runs, which the test below proves meets every
// pair of values of those dimensions; PLAN_MATRIX=full runs every cell.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/index.js';
import { NOW } from './fixtures.js';
import {
  cellCluster,
  cellTargets,
  describeCell,
  ITL_SIGNERS,
  MODE_SIGNERS,
  RULE_CELL_COUNT,
  ruleCells,
  SIGNINGS,
  UNITS,
  VERSIONS,
  type Cell,
} from './matrix.js';
import { assertPlanHolds } from './plan-checks.js';

const FULL = process.env.PLAN_MATRIX === 'full';
/** Coprime to every dimension's size (12, 7, 3, 4, 13), so the sample walks through each dimension's values. */
const STRIDE = 11;

const sample = (): Cell[] => [...ruleCells()].filter((_, i) => FULL || i % STRIDE === 0);

const DIMENSIONS: Record<string, { values: number; of: (c: Cell) => string }> = {
  version: { values: VERSIONS.length, of: (c) => c.version },
  'mode and CTL signer': {
    values: MODE_SIGNERS.length,
    of: (c) => `${c.mode}/${c.mode === 'non-secure' ? 'unknown' : c.signer}`,
  },
  'ITL signer': { values: ITL_SIGNERS.length, of: (c) => c.itlSigner ?? 'unknown' },
  signing: { values: SIGNINGS.length, of: (c) => c.signing },
  unit: { values: UNITS.length, of: (c) => String(c.unit) },
};

describe(`invariants over the rules matrix (${FULL ? 'every cell' : `every ${STRIDE}th cell; PLAN_MATRIX=full for all`})`, () => {
  test('the matrix is the whole product of its dimensions', () => {
    const cells = [...ruleCells()];
    assert.equal(cells.length, RULE_CELL_COUNT);
    assert.equal(
      new Set(
        cells.map((c) =>
          Object.values(DIMENSIONS)
            .map((d) => d.of(c))
            .join('|'),
        ),
      ).size,
      RULE_CELL_COUNT,
      'no cell twice',
    );
  });

  test('the sample meets every pair of values of any two dimensions', () => {
    const cells = sample();
    const names = Object.keys(DIMENSIONS);
    for (const [i, a] of names.entries()) {
      for (const b of names.slice(i + 1)) {
        const pairs = new Set(cells.map((c) => `${DIMENSIONS[a]!.of(c)}|${DIMENSIONS[b]!.of(c)}`));
        assert.equal(pairs.size, DIMENSIONS[a]!.values * DIMENSIONS[b]!.values, `${a} x ${b}`);
      }
    }
  });

  test('every plan builds and holds every invariant, one trust anchor per step', () => {
    let cells = 0;
    for (const c of sample()) {
      const plan = buildPlan({ cluster: cellCluster(c), targets: cellTargets(c), now: NOW });
      assertPlanHolds(plan, describeCell(c));
      cells++;
    }
    assert.equal(cells, FULL ? RULE_CELL_COUNT : Math.ceil(RULE_CELL_COUNT / STRIDE));
  });
});
