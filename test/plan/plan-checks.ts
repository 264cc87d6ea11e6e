// What every generated plan must satisfy, whatever the cluster: the named invariants, one trust anchor per step,
// steps numbered in order with unique ids. Shared by the exhaustive matrix and the property checks.
import assert from 'node:assert/strict';
import { checkInvariants, type Plan } from '../../src/plan/index.js';

export function assertPlanHolds(plan: Plan, label: string): void {
  const v = checkInvariants(plan);
  assert.deepEqual(v, [], `${label}\n${v.map((x) => `${x.invariant}: ${x.message}`).join('\n')}`);
  const steps = plan.phases.flatMap((p) => p.steps);
  assert.ok(steps.length > 0, `${label}: empty plan`);
  for (const s of steps) {
    assert.ok(s.anchors.length <= 1, `${label}: step ${s.number} changes ${s.anchors.join(' + ')}`);
  }
  assert.deepEqual(
    steps.map((s) => s.number),
    steps.map((_, i) => i + 1),
    `${label}: steps numbered in order`,
  );
  assert.equal(new Set(steps.map((s) => s.id)).size, steps.length, `${label}: step ids unique`);
}
