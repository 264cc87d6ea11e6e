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

describe('B2 / M1 / m10: ITLRecovery by version and CTL signer (214231)', () => {
  const stageSteps = (p: Plan): PlanStep[] => steps(p).filter((s) => s.stage === 1);
  test('B2: 11.5 with eTokens: per node, CTL Client, TVS then TFTP, reset; no local key; ITL signer unchanged', () => {
    const l = stageSteps(plan('lab115', [target('ITLRecovery')]));
    assert.ok(!l.some((s) => s.commands.some((c) => c.includes('reset localkey'))));
    assert.ok(!l.some((s) => /sign the (ITL|CTL) with the local key/i.test(s.action)));
    const ctl = l.findIndex((s) => s.effects.ctlUpdate && s.title.includes('CTL Client'));
    const tvs = l.findIndex((s) => s.commands.includes('utils service restart Cisco Trust Verification Service') && s.nodes[0] === 'CUCM115P');
    const tftp = l.findIndex((s) => s.commands.includes('utils service restart Cisco Tftp'));
    const reset = l.findIndex((s) => s.effects.phoneReset);
    const gate = l.findIndex((s) => s.effects.gate);
    assert.ok(ctl >= 0 && ctl < tvs && tvs < tftp && tftp < reset && reset < gate, JSON.stringify([ctl, tvs, tftp, reset, gate]));
    assert.ok(l[gate]!.expect.some((e) => e.includes('new ITLRecovery serial') && e.includes('signer is unchanged')));
    assert.ok(!l.some((s) => s.expect.some((e) => e.includes('signed by the new ITLRecovery'))));
  });
  test('M1: 11.5 tokenless: `utils ctl update CTLFile`, no local-key round', () => {
    const l = stageSteps(plan(withCluster('lab115', { ctlSigner: 'tokenless' }), [target('ITLRecovery')]));
    assert.ok(l.some((s) => s.commands.includes('utils ctl update CTLFile')));
    assert.ok(!l.some((s) => s.effects.resetLocalkey));
  });
  test('m10: 12.5 mixed tokenless: two phases, TVS and TFTP restarted before the second reset', () => {
    const l = stageSteps(plan('lab', [target('ITLRecovery')]));
    const localkey = l.findIndex((s) => s.effects.resetLocalkey === 'ctl');
    const update = l.findIndex((s) => s.effects.ctlUpdate);
    const tvs = l.findIndex((s) => s.commands.includes('utils service restart Cisco Trust Verification Service'));
    const tftp = l.findIndex((s) => s.commands.includes('utils service restart Cisco Tftp'));
    const second = l.findIndex((s) => s.title.includes('second pass'));
    assert.ok(localkey >= 0 && localkey < update && update < tvs && tvs < tftp && tftp < second);
  });
  test('unknown version: both procedures, each conditional on the version', () => {
    const l = stageSteps(plan('unknown1', [target('ITLRecovery')]));
    assert.ok(l.some((s) => s.effects.resetLocalkey && s.condition?.text.includes('12.0 or later')));
    assert.ok(l.some((s) => s.effects.gate && s.condition?.text.includes('11.5 or earlier')));
  });
});

describe('B3: CAPF trust to ISE / ASA / application users before the LSC re-issue', () => {
  test('11.5 with 802.1x: ISE gets the new CAPF after the CAPF gate and before the LSC re-issue, keeping the old one', () => {
    const l = steps(plan('lab115', [target('CAPF', ['CUCM115P'])]));
    const ise = l.findIndex((s) => s.title.includes('RADIUS / ISE'));
    const reissue = l.findIndex((s) => s.effects.lscReissue);
    const gate = l.findIndex((s) => s.stage === 1 && s.effects.gate);
    assert.ok(gate < ise && ise < reissue, JSON.stringify([gate, ise, reissue]));
    assert.ok(l[ise]!.action.includes('keep the old one'));
  });
  test('12.5 with phone VPN and secure CTI: ASA and application users before the re-issue', () => {
    const l = steps(plan('lab125', [target('CAPF', ['CUCM125P'])]));
    const reissue = l.findIndex((s) => s.effects.lscReissue);
    const pushes = l.map((s, i) => (s.effects.trustPush === 'CAPF' ? i : -1)).filter((i) => i >= 0);
    assert.equal(pushes.length, 2);
    assert.ok(pushes.every((i) => i < reissue));
  });
  test('no ISE/ASA upload for a subscriber CAPF before 14 (m1) nor without CAPF-issued LSCs', () => {
    assert.ok(!steps(plan('lab115', [target('CAPF', ['CUCM115S1'])])).some((s) => s.effects.trustPush));
    assert.ok(!steps(plan(withCluster('lab115', { lsc: 'external-ca' }), [target('CAPF', ['CUCM115P'])])).some((s) => s.title.includes('RADIUS / ISE')));
  });
});

describe('M2: below 14 the gate checks the ITL on sample phones', () => {
  const gates = (p: Plan): PlanStep[] => steps(p).filter((s) => s.stage === 1 && s.effects.gate);
  test('11.5 CallManager and 12.5 TVS: sample phones of every model against `show itl`, and an ITL-dependent function', () => {
    for (const p of [plan('lab115', [target('CallManager')]), plan('lab', [target('TVS')])]) {
      const g = gates(p).at(-1)!;
      assert.ok(g.expect.some((e) => e.includes('sample phones of every model') && e.includes('`show itl`')));
      assert.ok(g.expect.some((e) => e.includes('corporate directory')));
    }
  });
  test('14+: the ITL File Status report, no phone-side check', () => {
    const g = gates(plan('lab15', [target('CallManager')])).at(-1)!;
    assert.ok(g.gui.some((x) => x.includes('ITL File Status report')));
    assert.ok(!g.expect.some((e) => e.includes('sample phones')));
  });
});

describe('M4: SSOSP / UDS / AXL Tomcat only on 14+', () => {
  test('12.5 with SSO: Cisco Tomcat only; 15 with SSO: Cisco SSOSP Tomcat too', () => {
    const sso = { sso: { enabled: true, certificate: 'per-node-tomcat' as const } };
    const c125 = steps(plan(withCluster('lab125', sso), [target('tomcat')])).flatMap((s) => s.commands);
    assert.ok(c125.includes('utils service restart Cisco Tomcat'));
    assert.ok(!c125.some((c) => /SSOSP|UDS Tomcat|AXL Tomcat/.test(c)));
    assert.ok(steps(plan('lab15', [target('tomcat')])).some((s) => s.commands.includes('utils service restart Cisco SSOSP Tomcat')));
  });
});

describe('M5: tomcat restarts on 14+', () => {
  test('Cisco AXL Tomcat and DRF Master/Local named exactly, no hedge, per-node notes on every node', () => {
    const p = plan('lab15', [target('tomcat')]);
    const all = steps(p);
    assert.ok(all.some((s) => s.commands.includes('utils service restart Cisco AXL Tomcat')));
    assert.ok(all.some((s) => s.commands.includes('utils service restart Cisco DRF Master')));
    assert.ok(all.some((s) => s.commands.includes('utils service restart Cisco DRF Local')));
    assert.ok(!JSON.stringify(p).includes('AXL Web Service') && !JSON.stringify(p).includes('unconfirmed: look it up'));
    const cm = steps(plan(withCluster('lab15', { securityMode: 'mixed' }), [target('CallManager')])).filter((s) => s.stage === 1 && s.phase === 'restart');
    assert.ok(cm.length > 1 && cm.every((s) => s.warnings.some((w) => w.includes('HAProxy'))));
  });
});

describe('M7: EMCC / ILS bulk certificate exchange after tomcat and CAPF too', () => {
  const emcc = (p: Plan): PlanStep | undefined => steps(p).find((s) => s.title.includes('EMCC / ILS bulk certificate exchange'));
  test('tomcat, CAPF and CallManager each redo the exchange after their gate when EMCC is in use', () => {
    for (const unit of ['tomcat', 'CAPF', 'CallManager']) {
      const p = plan(withCluster('lab', { peers: { ...loadSampleCluster('lab').peers, emcc: true } }), [target(unit, ['CUCM01'])]);
      const e = emcc(p);
      assert.ok(e, unit);
      const gate = steps(p).findIndex((s) => s.stage === 1 && s.effects.gate);
      assert.ok(steps(p).indexOf(e) > gate, unit);
    }
  });
  test('not without EMCC', () => assert.equal(emcc(plan('lab', [target('tomcat')])), undefined));
});

describe('M6: devices without Security by Default when the CTL signer changes', () => {
  const nonSbd = (p: Plan): PlanStep[] => steps(p).filter((s) => s.why.includes('4.1.4-non-sbd'));
  test('11.5 tokenless publisher CallManager and 12.5 tokenless ITLRecovery: pre-check and manual CTL delete', () => {
    for (const p of [plan(withCluster('lab115', { ctlSigner: 'tokenless' }), [target('CallManager')]), plan('lab', [target('ITLRecovery')])]) {
      assert.ok(nonSbd(p).some((s) => s.phase === 'pre-checks'));
      assert.ok(nonSbd(p).some((s) => s.effects.manualCtlDelete && s.condition === null));
    }
  });
  test('not for a subscriber CallManager on 11.5, a 12.5 CallManager, nor eToken CTLs before 14', () => {
    for (const p of [plan(withCluster('lab115', { ctlSigner: 'tokenless' }), [target('CallManager', ['CUCM115S1'])]), plan('lab', [target('CallManager')]), plan('lab115', [target('CallManager')])]) {
      assert.deepEqual(nonSbd(p), []);
    }
  });
});

describe('M3: deadlines decide the order when a certificate would expire before its turn', () => {
  const days = (n: number): Partial<PlanTarget> => ({ expiresAt: new Date(NOW.getTime() + n * 86_400_000).toISOString(), expiresAtPrecision: 'exact', urgency: 'week' });
  test('TVS expiring in 1 day, CallManager in 20: TVS first, and the plan says why', () => {
    const p = plan('lab', [target('CallManager', [], days(20)), target('TVS', [], days(1))]);
    assert.deepEqual(p.stages.map((s) => s.unit), ['TVS', 'CallManager']);
    assert.ok(p.stages[0]!.movedForDeadline?.includes('TVS expires'));
    assert.ok(p.notices.some((n) => n.startsWith('Order changed for a deadline')));
  });
  test('deadlines that leave time keep the default order (TVS last)', () => {
    const p = plan('lab', [target('CallManager', [], days(3)), target('TVS', [], days(30))]);
    assert.deepEqual(p.stages.map((s) => s.unit), ['CallManager', 'TVS']);
    assert.ok(!p.notices.some((n) => n.startsWith('Order changed')));
  });
  test('the LSC re-issue runs in the background: its check is in the clean-up, after the next anchor', () => {
    const l = steps(plan('lab', [target('CAPF', ['CUCM01']), target('CallManager')]));
    const check = l.findIndex((s) => s.effects.gate && s.why.includes('4.2-capf-lsc'));
    const cm = l.findIndex((s) => s.anchors.includes('CallManager') && s.effects.change);
    assert.ok(cm >= 0 && check > cm && l[check]!.phase === 'clean-up');
    assert.ok(l.find((s) => s.effects.lscReissue)!.warnings.some((w) => w.includes('background')));
  });
});

describe('M3: certificates expiring the same day keep the default order', () => {
  test('CallManager a few minutes before CAPF and TVS: CAPF, CallManager, TVS', () => {
    const at = (min: number): Partial<PlanTarget> => ({ expiresAt: new Date(NOW.getTime() + 6 * 86_400_000 + min * 60_000).toISOString(), expiresAtPrecision: 'inferred', urgency: 'week' });
    const p = plan('lab', [target('CallManager', [], at(0)), target('TVS', [], at(3)), target('CAPF', ['CUCM01'], at(5))]);
    assert.deepEqual(p.stages.map((s) => s.unit), ['CAPF', 'CallManager', 'TVS']);
  });
});
