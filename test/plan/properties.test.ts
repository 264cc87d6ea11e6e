// Property checks (fast-check, the suite's fixed seed; FC_SEED explores others) over the dimensions the exhaustive
// matrix leaves out: LSC, tomcat reuse,
// TFTP server counts, node counts, partners, several targets with different expiries, and `now`. Each run builds a
// plan, which must not throw, must hold every invariant and change at most one trust anchor per step.
import { describe, test } from 'node:test';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { unknownCluster, type Peers, type Tri } from '../../src/domain/cluster.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { buildPlan } from '../../src/plan/index.js';
import {
  cellCluster,
  describeCell,
  ITL_SIGNERS,
  LSCS,
  MODE_SIGNERS,
  REUSE,
  SIGNINGS,
  UNITS,
  VERSIONS,
  type Cell,
} from './matrix.js';
import { assertPlanHolds } from './plan-checks.js';

const DAY = 86_400_000;
const PEER_KEYS = Object.keys(unknownCluster('x', 'x').peers) as (keyof Peers)[];
const tri: fc.Arbitrary<Tri> = fc.constantFrom<Tri>(true, false, 'unknown');

/** A cluster of 1-6 CUCM nodes and 0-2 IM&P nodes, its TFTP servers among them, any partners. */
const cellArb: fc.Arbitrary<Cell> = fc
  .record({
    version: fc.constantFrom(...VERSIONS),
    modeSigner: fc.constantFrom(...MODE_SIGNERS),
    itlSigner: fc.constantFrom(...ITL_SIGNERS),
    signing: fc.constantFrom(...SIGNINGS),
    unit: fc.integer({ min: 0, max: UNITS.length - 1 }),
    cucmNodes: fc.integer({ min: 1, max: 6 }),
    impNodes: fc.integer({ min: 0, max: 2 }),
    nodesKnown: fc.boolean(),
    tftp: fc.oneof(fc.constant('unknown' as const), fc.integer({ min: 1, max: 6 })),
    reuse: fc.constantFrom(...REUSE),
    lsc: fc.constantFrom(...LSCS),
    node: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
    peers: fc.record(Object.fromEntries(PEER_KEYS.map((k) => [k, tri])) as Record<keyof Peers, fc.Arbitrary<Tri>>),
  })
  .map(({ modeSigner, cucmNodes, tftp, node, ...rest }) => ({
    ...rest,
    ...modeSigner,
    cucmNodes,
    tftp: tftp === 'unknown' ? tftp : Math.min(tftp, cucmNodes),
    node: node === null ? null : `CUCM${String(Math.min(node, cucmNodes)).padStart(2, '0')}`,
  }));

/** A few certificates at once, each with its own expiry (already expired to a year out, or unknown). */
const targetsArb = fc.uniqueArray(fc.record({
  unit: fc.integer({ min: 0, max: UNITS.length - 1 }),
  days: fc.option(fc.integer({ min: -60, max: 400 }), { nil: null }),
}), { minLength: 1, maxLength: 6, selector: (t) => t.unit });

const nowArb = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2031, 0, 1) }).map((t) => new Date(t));

function targetsFor(cell: Cell, picks: { unit: number; days: number | null }[], now: Date): PlanTarget[] {
  return picks.map(({ unit, days }) => {
    const t = UNITS[unit]!.make(picks.length === 1 ? cell.node : null);
    if (days === null) return t;
    const urgency = days < 0 ? 'expired' : days <= 1 ? 'day' : days <= 7 ? 'week' : 'unknown';
    return {
      ...t,
      expiresAt: new Date(now.getTime() + days * DAY).toISOString(),
      expiresAtPrecision: 'exact',
      urgency,
    };
  });
}

describe('plan properties over LSC, tomcat reuse, TFTP and node counts, partners, expiries and now', () => {
  test('one certificate: the plan builds and holds every invariant', () => {
    fc.assert(fc.property(cellArb, nowArb, (cell, now) => {
      const plan = buildPlan({ cluster: cellCluster(cell), targets: [UNITS[cell.unit]!.make(cell.node)], now });
      assertPlanHolds(plan, `${describeCell(cell)} | now ${now.toISOString()}`);
    }), { numRuns: 300 });
  });

  test('several certificates with different expiries: one combined plan that holds every invariant', () => {
    fc.assert(
      fc.property(cellArb, targetsArb, nowArb, (cell, picks, now) => {
        const plan = buildPlan({ cluster: cellCluster(cell), targets: targetsFor(cell, picks, now), now });
        assertPlanHolds(
          plan,
          `${describeCell(cell)} | ${picks.map((p) => `${UNITS[p.unit]!.title} in ${p.days ?? '?'} days`).join(', ')} | now ${now.toISOString()}`,
        );
      }),
      { numRuns: 300 },
    );
  });
});
