import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildPlan,
  checkInvariants,
  INVARIANTS,
  renderPlanHtml,
  renderPlanMarkdown,
  renderPlanText,
  type Plan,
} from '../../src/plan/index.js';
import { NOW } from './fixtures.js';
import {
  cellCluster,
  describeCell,
  LSCS,
  MODES,
  NODES,
  REUSE,
  SIGNERS,
  SIGNINGS,
  TFTP,
  UNITS,
  VERSIONS,
  type Cell,
} from './matrix.js';

function planFor(c: Cell, options: Parameters<typeof buildPlan>[0]['options'] = {}, extraUnits: number[] = []): Plan {
  const targets = [UNITS[c.unit]!.make(c.node), ...extraUnits.map((u) => UNITS[u]!.make(c.node))];
  return buildPlan({ cluster: cellCluster(c), targets, now: NOW, options });
}

function assertInvariants(plan: Plan, label: string): void {
  const v = checkInvariants(plan);
  assert.deepEqual(v, [], `${label}\n${v.map((x) => `${x.invariant}: ${x.message}`).join('\n')}`);
  const steps = plan.phases.flatMap((p) => p.steps);
  assert.ok(steps.length > 0, `${label}: empty plan`);
  assert.deepEqual(steps.map((s) => s.number), steps.map((_, i) => i + 1), `${label}: steps numbered in order`);
  assert.equal(new Set(steps.map((s) => s.id)).size, steps.length, `${label}: step ids unique`);
}

// The exhaustive matrix (every version x mode and CTL signer x ITL signer x signing x unit) is
// invariants-matrix.test.ts.
describe('plan matrix (property-based over every dimension, options and combined targets)', () => {
  const cellArb = fc.record({
    unit: fc.integer({ min: 0, max: UNITS.length - 1 }),
    mode: fc.constantFrom(...MODES), signer: fc.constantFrom(...SIGNERS), version: fc.constantFrom(...VERSIONS),
    tftp: fc.constantFrom(...TFTP), signing: fc.constantFrom(...SIGNINGS), reuse: fc.constantFrom(...REUSE),
    lsc: fc.constantFrom(...LSCS), node: fc.constantFrom(...NODES), nodesKnown: fc.boolean(),
  });
  test('single target with any route and the fallback option', () => {
    fc.assert(
      fc.property(
        cellArb,
        fc.constantFrom('standard', 'ordered-tftp', 'rollback') as fc.Arbitrary<
          'standard' | 'ordered-tftp' | 'rollback'
        >,
        fc.boolean(),
        (c, route, fallback) => {
          const plan = planFor(c, { route, fallbackToSelfSigned: fallback });
          assertInvariants(plan, `${describeCell(c)} | route ${route} | fallback ${fallback}`);
        },
      ),
      { numRuns: 3000, seed: 4242 },
    );
  });
  test('several certificates of one cluster at once keep one anchor per step and TVS last', () => {
    fc.assert(
      fc.property(
        cellArb,
        fc.uniqueArray(fc.integer({ min: 0, max: UNITS.length - 1 }), { maxLength: 5 }),
        (c, extra) => {
          const plan = planFor(
            c,
            {},
            extra.filter((u) => u !== c.unit),
          );
          assertInvariants(plan, `${describeCell(c)} + ${extra.map((u) => UNITS[u]!.title).join(', ')}`);
        },
      ),
      { numRuns: 1500, seed: 7 },
    );
  });
  test('every plan renders in all three formats', () => {
    fc.assert(fc.property(cellArb, (c) => {
      const plan = planFor(c);
      const text = renderPlanText(plan);
      assert.ok(text.split('\n').every((l) => l.length <= 100), 'no text line over 100 characters');
      // Runnable sections, one per step, once the state is known; the discovery checklist before that.
      if (plan.discovery) for (const item of plan.discovery.items) assert.ok(text.includes(item.label));
      else for (const st of plan.stages) assert.ok(text.includes(`Step ${st.index} of ${plan.stages.length}: `));
      assert.ok(renderPlanHtml(plan).startsWith('<div'));
      assert.ok(renderPlanMarkdown(plan).startsWith('# '));
    }), { numRuns: 200, seed: 11 });
  });
  test('the invariant list is the one issues 4 and 8 ask for', () => {
    assert.deepEqual(Object.keys(INVARIANTS).sort(), [
      'capfTrustBeforeLscReissue',
      'ctlUpdateBeforeRestarts',
      'everyRestartNamesKnownService',
      'everyStoppedServiceStarted',
      'fn70613WorkaroundFirst',
      'gateFollowsEachChange',
      'impUnitsLeavePhonesAlone',
      'itlRecoveryByVersion',
      'itlRecoveryTwoPhase',
      'lscReissueAfterPublisherCapf',
      'lscReissueDoesNotBlock',
      'noCtlWhereNotNeeded',
      'noRegenOfTrustOrCaSigned',
      'noStepChangesTwoAnchors',
      'noTomcat14ServicesBefore14',
      'nonSbdCtlDeleteWhenSignerChanges',
      'orderedTftpOnlyWhereAllowed',
      'phoneItlCheckBelow14',
      'phonesReRegisterBetweenAnchors',
      'preChecksFirst',
      'subscriberCapfWithoutPhoneWork',
      'tomcatRestartsCompleteOn14',
      'tvsAfterCallManager',
    ]);
  });
});
