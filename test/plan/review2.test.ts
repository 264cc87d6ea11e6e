// Plan review 2 (../shared/domain/plan-review-2.md): one test per finding on the generated plans' steps and wording.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, checkInvariants, type Plan, type PlanStep } from '../../src/plan/index.js';
import type { PlanOptions } from '../../src/plan/build-plan.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

function plan(cluster: string | ClusterState, targets: PlanTarget[], options: PlanOptions = {}): Plan {
  const p = buildPlan({ cluster: typeof cluster === 'string' ? loadSampleCluster(cluster) : cluster, targets, now: NOW, options });
  assert.deepEqual(checkInvariants(p), []);
  return p;
}
const steps = (p: Plan): PlanStep[] => p.phases.flatMap((ph) => ph.steps);
const withCluster = (file: string, patch: Partial<ClusterState>): ClusterState => ({ ...loadSampleCluster(file), ...patch });

describe('B1: FN70613 on mixed tokenless clusters on 12.5+', () => {
  test('12.5 tokenless CallManager: serial comparison first, the whole workaround before the change, conditional on a mismatch', () => {
    const l = steps(plan('lab', [target('CallManager')]));
    const pre = l.findIndex((s) => s.phase === 'pre-checks' && s.why.includes('fn70613'));
    const localkey = l.findIndex((s) => s.why.includes('fn70613') && s.commands.includes('utils ctl reset localkey'));
    const update = l.findIndex((s) => s.why.includes('fn70613') && s.commands.includes('utils ctl update CTLFile'));
    const change = l.findIndex((s) => s.effects.change?.store === 'own');
    assert.ok(pre >= 0 && pre < localkey && localkey < update && update < change);
    assert.ok(l[pre]!.commands.includes('show cert own ITLRecovery/ITLRecovery.pem'));
    const fn = l.filter((s) => s.why.includes('fn70613') && s.phase !== 'pre-checks');
    assert.ok(fn.every((s) => s.condition?.items.includes('fn70613')));
    assert.ok(fn.some((s) => s.commands.includes('utils service restart Cisco CTIManager') && s.nodes[0] === 'CUCM03'));
  });
  test('not on eToken, non-secure or 12.0 clusters, nor for a tomcat-only plan', () => {
    for (const p of [plan('lab115', [target('CallManager')]), plan('lab14', [target('tomcat')]), plan(withCluster('lab', { version: '12.0(1)SU2' }), [target('CallManager')]), plan('lab', [target('tomcat')])]) {
      assert.ok(!steps(p).some((s) => s.why.includes('fn70613')));
    }
  });
  test('unknown cluster: the workaround is there, conditional on mode, signer and version too', () => {
    const fn = steps(plan('unknown1', [target('CallManager', ['cucm02'])])).filter((s) => s.why.includes('fn70613') && s.phase !== 'pre-checks');
    assert.ok(fn.length > 0);
    assert.ok(fn.every((s) => ['securityMode', 'ctlSigner', 'version', 'fn70613'].every((i) => s.condition?.items.includes(i))));
  });
});
