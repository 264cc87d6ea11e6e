// Plan review 2 (../shared/domain/plan-review-2.md): one test per finding on the generated plans' steps and wording.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, checkInvariants, type Plan, type PlanStep } from '../../src/plan/index.js';
import type { PlanOptions } from '../../src/plan/build-plan.js';
import { RULES, type RuleId } from '../../src/plan/rules/rule-catalogue.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

function plan(cluster: string | ClusterState, targets: PlanTarget[], options: PlanOptions = {}): Plan {
  const p = buildPlan({
    cluster: typeof cluster === 'string' ? loadSampleCluster(cluster) : cluster,
    targets,
    now: NOW,
    options,
  });
  assert.deepEqual(checkInvariants(p), []);
  return p;
}
const steps = (p: Plan): PlanStep[] => p.phases.flatMap((ph) => ph.steps);
const withCluster = (file: string, patch: Partial<ClusterState>): ClusterState => ({
  ...loadSampleCluster(file),
  ...patch,
});

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
    for (const p of [
      plan('lab115', [target('CallManager')]),
      plan('lab14', [target('tomcat')]),
      plan(withCluster('lab', { version: '12.0(1)SU2' }), [target('CallManager')]),
      plan('lab', [target('tomcat')]),
    ]) {
      assert.ok(!steps(p).some((s) => s.why.includes('fn70613')));
    }
  });
  test('unknown cluster: the workaround is there, conditional on mode, signer and version too', () => {
    const fn = steps(plan('unknown1', [target('CallManager', ['cucm02'])])).filter(
      (s) => s.why.includes('fn70613') && s.phase !== 'pre-checks',
    );
    assert.ok(fn.length > 0);
    assert.ok(
      fn.every((s) => ['securityMode', 'ctlSigner', 'version', 'fn70613'].every((i) => s.condition?.items.includes(i))),
    );
  });
});

describe('B2 / M1 / m10: ITLRecovery by version and CTL signer (214231)', () => {
  const stageSteps = (p: Plan): PlanStep[] => steps(p).filter((s) => s.stage === 1);
  test('B2: 11.5 with eTokens: per node, CTL Client, TVS then TFTP, reset; no local key; ITL signer unchanged', () => {
    const l = stageSteps(plan('lab115', [target('ITLRecovery')]));
    assert.ok(!l.some((s) => s.commands.some((c) => c.includes('reset localkey'))));
    assert.ok(!l.some((s) => /sign the (ITL|CTL) with the local key/i.test(s.action)));
    const ctl = l.findIndex((s) => s.effects.ctlUpdate && s.title.includes('CTL Client'));
    const tvs = l.findIndex(
      (s) => s.commands.includes('utils service restart Cisco Trust Verification Service') && s.nodes[0] === 'CUCM115P',
    );
    const tftp = l.findIndex((s) => s.commands.includes('utils service restart Cisco Tftp'));
    const reset = l.findIndex((s) => s.effects.phoneReset);
    const gate = l.findIndex((s) => s.effects.gate);
    assert.ok(
      ctl >= 0 && ctl < tvs && tvs < tftp && tftp < reset && reset < gate,
      JSON.stringify([ctl, tvs, tftp, reset, gate]),
    );
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
    assert.ok(
      !steps(plan(withCluster('lab115', { lsc: 'external-ca' }), [target('CAPF', ['CUCM115P'])])).some((s) =>
        s.title.includes('RADIUS / ISE'),
      ),
    );
  });
});

describe('M2: below 14 the gate checks the ITL on sample phones', () => {
  const gates = (p: Plan): PlanStep[] => steps(p).filter((s) => s.stage === 1 && s.effects.gate);
  test('11.5 CallManager and 12.5 TVS: sample phones of every model against `show itl`, and an ITL-dependent function', () => {
    for (const p of [plan('lab115', [target('CallManager')]), plan('lab', [target('TVS')])]) {
      const g = gates(p).at(-1)!;
      assert.ok(
        g.expect.some((e) => e.toLowerCase().includes('sample phones of every model') && e.includes('`show itl`')),
      );
      assert.ok(g.expect.some((e) => e.includes('corporate directory')));
    }
  });
  test('14+: the ITL File Status report, no phone-side check', () => {
    const g = gates(plan('lab15', [target('CallManager')])).at(-1)!;
    assert.ok(g.expect.some((x) => x.includes('ITL File Status report')));
    assert.ok(!g.expect.some((e) => e.includes('sample phones')));
  });
});

describe('M4: SSOSP / UDS / AXL Tomcat only on 14+', () => {
  test('12.5 with SSO: Cisco Tomcat only; 15 with SSO: Cisco SSOSP Tomcat too', () => {
    const sso = { sso: { enabled: true, certificate: 'per-node-tomcat' as const } };
    const c125 = steps(plan(withCluster('lab125', sso), [target('tomcat')])).flatMap((s) => s.commands);
    assert.ok(c125.includes('utils service restart Cisco Tomcat'));
    assert.ok(!c125.some((c) => /SSOSP|UDS Tomcat|AXL Tomcat/.test(c)));
    assert.ok(
      steps(plan('lab15', [target('tomcat')])).some((s) =>
        s.commands.includes('utils service restart Cisco SSOSP Tomcat'),
      ),
    );
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
    const cm = steps(plan(withCluster('lab15', { securityMode: 'mixed' }), [target('CallManager')])).filter(
      (s) => s.stage === 1 && s.phase === 'restart',
    );
    assert.ok(cm.length > 1 && cm.every((s) => s.warnings.some((w) => w.includes('HAProxy'))));
  });
});

describe('M7: EMCC / ILS bulk certificate exchange after tomcat and CAPF too', () => {
  const emcc = (p: Plan): PlanStep | undefined =>
    steps(p).find((s) => s.title.includes('EMCC / ILS bulk certificate exchange'));
  test('tomcat, CAPF and CallManager each redo the exchange after their change and restarts, before their gate, when EMCC is in use', () => {
    for (const unit of ['tomcat', 'CAPF', 'CallManager']) {
      const p = plan(withCluster('lab', { peers: { ...loadSampleCluster('lab').peers, emcc: true } }), [
        target(unit, ['CUCM01']),
      ]);
      const e = emcc(p);
      assert.ok(e, unit);
      const all = steps(p);
      const lastWork = Math.max(
        ...all.map((s, i) => (s.stage === 1 && (s.effects.change || s.effects.services.length) && s !== e ? i : -1)),
      );
      const gate = all.findIndex((s) => s.stage === 1 && s.phase === 'verify');
      assert.ok(all.indexOf(e) > lastWork && all.indexOf(e) < gate, unit);
    }
  });
  test('not without EMCC', () => assert.equal(emcc(plan('lab', [target('tomcat')])), undefined));
});

describe('M6: devices without Security by Default when the CTL signer changes', () => {
  const nonSbd = (p: Plan): PlanStep[] => steps(p).filter((s) => s.why.includes('4.1.4-non-sbd'));
  test('11.5 tokenless publisher CallManager and 12.5 tokenless ITLRecovery: pre-check and manual CTL delete', () => {
    for (const p of [
      plan(withCluster('lab115', { ctlSigner: 'tokenless' }), [target('CallManager')]),
      plan('lab', [target('ITLRecovery')]),
    ]) {
      assert.ok(nonSbd(p).some((s) => s.phase === 'pre-checks'));
      assert.ok(nonSbd(p).some((s) => s.effects.manualCtlDelete && s.condition === null));
    }
  });
  test('not for a subscriber CallManager on 11.5, a 12.5 CallManager, nor eToken CTLs before 14', () => {
    for (const p of [
      plan(withCluster('lab115', { ctlSigner: 'tokenless' }), [target('CallManager', ['CUCM115S1'])]),
      plan('lab', [target('CallManager')]),
      plan('lab115', [target('CallManager')]),
    ]) {
      assert.deepEqual(nonSbd(p), []);
    }
  });
});

describe('M3: deadlines decide the order when a certificate would expire before its turn or leave it no spare window', () => {
  const days = (n: number): Partial<PlanTarget> => ({
    expiresAt: new Date(NOW.getTime() + n * 86_400_000).toISOString(),
    expiresAtPrecision: 'exact',
    urgency: 'week',
  });
  test('TVS expiring in 1 day, CallManager in 20: TVS first, and the plan says why', () => {
    const p = plan('lab', [target('CallManager', [], days(20)), target('TVS', [], days(1))]);
    assert.deepEqual(p.stages.map((s) => s.unit), ['TVS', 'CallManager']);
    assert.ok(p.stages[0]!.movedForDeadline?.includes('TVS expires'));
    assert.ok(p.notices.some((n) => n.startsWith('Order changed for a deadline')));
  });
  test('TVS in 12 days, CallManager in 40, steps a week apart: TVS first, since day 7 would leave no spare window', () => {
    const p = plan('lab', [target('CallManager', [], days(40)), target('TVS', [], days(12))]);
    assert.deepEqual(
      p.stages.map((s) => s.unit),
      ['TVS', 'CallManager'],
    );
    assert.match(
      p.stages[0]!.movedForDeadline ?? '',
      /TVS expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+ \((\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} UTC\): its turn in the default order \(anchor steps 7 days apart\) would leave no spare window/,
    );
  });
  test('TVS in 15 days, CallManager in 40: its turn on day 7 leaves the window of day 14, so the default order stands', () => {
    const p = plan('lab', [target('CallManager', [], days(40)), target('TVS', [], days(15))]);
    assert.deepEqual(p.stages.map((s) => s.unit), ['CallManager', 'TVS']);
    assert.ok(!p.notices.some((n) => n.startsWith('Order changed')));
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
    const at = (min: number): Partial<PlanTarget> => ({
      expiresAt: new Date(NOW.getTime() + 6 * 86_400_000 + min * 60_000).toISOString(),
      expiresAtPrecision: 'inferred',
      urgency: 'week',
    });
    const p = plan('lab', [
      target('CallManager', [], at(0)),
      target('TVS', [], at(3)),
      target('CAPF', ['CUCM01'], at(5)),
    ]);
    assert.deepEqual(
      p.stages.map((s) => s.unit),
      ['CAPF', 'CallManager', 'TVS'],
    );
  });
});

describe('m1: a subscriber CAPF before 14 is regenerated with no CTL, CAPF restart, phone or partner work', () => {
  test('11.5 `--node sub --unit CAPF`: no CTL update, no CAPF restart, no phone reset, no ISE/ASA upload, no LSC re-issue', () => {
    const l = steps(plan('lab115', [target('CAPF', ['CUCM115S1'])]));
    assert.ok(l.some((s) => s.effects.change?.unit === 'CAPF' && s.nodes[0] === 'CUCM115S1'));
    assert.ok(
      !l.some((s) => s.effects.ctlUpdate || s.effects.phoneReset || s.effects.trustPush || s.effects.lscReissue),
    );
    assert.ok(
      !l.some((s) => s.effects.services.some((a) => a.service === 'Cisco Certificate Authority Proxy Function')),
    );
    assert.ok(l.some((s) => s.stage === 1 && s.effects.gate));
  });
  test('the publisher CAPF on 11.5 keeps its CTL update, CAPF restart and phone reset', () => {
    const l = steps(plan('lab115', [target('CAPF', ['CUCM115P'])]));
    assert.ok(l.some((s) => s.effects.ctlUpdate) && l.some((s) => s.effects.phoneReset));
    assert.ok(
      l.some((s) => s.effects.services.some((a) => a.service === 'Cisco Certificate Authority Proxy Function')),
    );
  });
});

describe('m2: no tokenless wording or tokenless recovery on eToken clusters', () => {
  test('11.5 eTokens, publisher CallManager: no "tokenless CTL is signed" text, no `utils ctl reset localkey` recovery; the CTL Client recovery instead', () => {
    const p = plan('lab115', [target('CallManager')]);
    assert.ok(!JSON.stringify(p).includes('tokenless CTL is signed'));
    assert.ok(!steps(p).some((s) => s.commands.includes('utils ctl reset localkey')));
    assert.ok(steps(p).some((s) => s.phase === 'if-something-goes-wrong' && s.title.includes('CTL Client')));
  });
  test('CTL signer unknown: the tokenless warning stays on the tokenless CTL step only', () => {
    const l = steps(plan(withCluster('lab115', { ctlSigner: 'unknown' }), [target('CallManager')]));
    const etoken = l.find((s) => s.effects.ctlUpdate && s.title.includes('CTL Client'))!;
    assert.ok(!etoken.warnings.some((w) => w.includes('tokenless')));
    assert.ok(
      l.some(
        (s) =>
          s.effects.ctlUpdate &&
          s.commands.includes('utils ctl update CTLFile') &&
          s.warnings.some((w) => w.includes('tokenless CTL is signed')),
      ),
    );
  });
});

describe('m3: Cisco TFTP deactivated and reactivated after tomcat / CallManager changes (Security Guide)', () => {
  test('the TFTP restart after tomcat and after CallManager says it with the Service Activation path and cites the guide', () => {
    for (const unit of ['tomcat', 'CallManager']) {
      const tftp = steps(plan('lab', [target(unit)])).filter(
        (s) => s.stage === 1 && s.effects.services.some((a) => a.service === 'Cisco Tftp'),
      );
      assert.ok(
        tftp.length > 0 &&
          tftp.every((s) =>
            s.warnings.some((w) => /deactivate, reactivate/.test(w) && w.includes('Service Activation')),
          ),
        unit,
      );
      // The citation is the step's rule in the appendix, not the warning (one line on paper).
      assert.ok(tftp.every((s) => s.why.some((id) => RULES[id as RuleId].source.includes('Security Guide'))), unit);
    }
  });
});

describe('m4: CallManager-ECDSA steps name CallManager-ECDSA', () => {
  test('15 CallManager-ECDSA: the partner steps push the new CallManager-ECDSA certificate; HAProxy note on every node', () => {
    const l = steps(plan('lab15', [target('CallManager-ECDSA')]));
    const partners = l.filter((s) => s.phase === 'partners');
    assert.ok(partners.some((s) => s.title === 'CUBE / SBC SIP-TLS trunks trust the new CallManager-ECDSA'));
    assert.ok(!partners.some((s) => /new CallManager certificate/.test(s.title + s.action)));
    const restarts = l.filter((s) => s.stage === 1 && s.phase === 'restart');
    assert.ok(
      restarts.length > 1 && restarts.every((s) => s.warnings.some((w) => w.includes('HAProxy alone is not enough'))),
    );
  });
});

describe('m5: on 14+ a TLS certificate is expected to have a later Not After, not "about 5 years"', () => {
  test('15 tomcat: "later than before"; 11.5 CallManager: about 5 years', () => {
    const e15 = steps(plan('lab15', [target('tomcat')])).flatMap((s) => s.expect);
    assert.ok(
      e15.some((e) => e.includes('Not After later than before')) && !e15.some((e) => e.includes('about 5 years')),
    );
    assert.ok(
      steps(plan('lab115', [target('CallManager')]))
        .flatMap((s) => s.expect)
        .some((e) => e.includes('about 5 years')),
    );
  });
});

describe('m6: erasing the ITL by hand, per phone model family (214231)', () => {
  test('the recovery step lists the 7900 path and the 7800/8800 path, not the 79xx path for every phone', () => {
    const p = plan('lab115', [target('CallManager')]);
    const byHand = steps(p).find((s) => s.phase === 'if-something-goes-wrong' && s.title.includes('erase the ITL'))!;
    assert.ok(byHand.gui.some((g) => g.includes('7900') && g.includes('**#')));
    assert.ok(byHand.gui.some((g) => g.includes('7800/8800') && g.includes('Reset Settings > Security Settings')));
    assert.ok(!JSON.stringify(p).includes('Settings > Security > Trust List > ITL File > Erase'));
  });
});

describe('m7: CLI syntax of `set cert delete` and `utils itl reset remotekey`', () => {
  test('a CallManager-trust deletion names the unit without "-trust"; remotekey takes host, user and ITLRecovery.p12', () => {
    const l = steps(plan('lab', [target('CallManager-trust', ['CUCM01'], { certificate: 'cube-sbc-01.pem' })]));
    const deletes = l.flatMap((s) => s.commands).filter((c) => c.startsWith('set cert delete'));
    assert.ok(deletes.length > 0 && deletes.every((c) => c === 'set cert delete CallManager cube-sbc-01.pem'));
    const ns = steps(plan('lab14', [target('CallManager')]))
      .flatMap((s) => s.commands)
      .find((c) => c.startsWith('utils itl reset remotekey'))!;
    assert.match(ns, /^utils itl reset remotekey \S+ \S+ \S+\/ITLRecovery\.p12$/);
  });
});

describe('m8: "Phone Interaction on Certificate Update", and no CTL reason on a non-secure cluster', () => {
  test('15 mixed: the exact parameter name; 14 non-secure: no "before the CTL update"', () => {
    const l15 = steps(plan(withCluster('lab15', { phoneInteraction: 'automatic' }), [target('CallManager')]));
    assert.ok(
      l15.some(
        (s) =>
          s.title === 'Set "Phone Interaction on Certificate Update" to manual (14+)' &&
          s.action.includes('before the CTL update'),
      ),
    );
    assert.ok(
      l15.some(
        (s) =>
          s.title.includes('"Phone Interaction on Certificate Update"') &&
          s.gui.some((g) => g.endsWith('System > Enterprise Parameters')),
      ),
    );
    const p14 = plan('lab14', [target('tomcat')]);
    assert.ok(steps(p14).some((s) => s.title.includes('Phone Interaction on Certificate Update')));
    assert.ok(!JSON.stringify(p14).includes('before the CTL update'));
  });
});

describe('m9: the eToken-to-tokenless move, without a hedge', () => {
  test('15 with eTokens: `utils ctl set-cluster mixed-mode`, no "confirm the exact migration procedure"', () => {
    const move = steps(plan(withCluster('lab15', { ctlSigner: 'etoken' }), [target('CallManager')])).find((s) =>
      s.commands.includes('utils ctl set-cluster mixed-mode'),
    )!;
    assert.ok(move.why.some((id) => RULES[id as RuleId]?.source.includes('118893')));
    assert.ok(!move.warnings.some((w) => /confirm/i.test(w)));
  });
});

describe('m11: the trust-plan impact line', () => {
  test('an entry reported without a name reads "The reported CallManager-trust entry", not "entry the entry"', () => {
    const p = plan('lab', [target('CallManager-trust', ['CUCM01'])]);
    assert.ok(!p.impact.some((i) => i.includes('entry the entry')));
    assert.ok(p.impact.some((i) => i.startsWith('The reported CallManager-trust entry')));
  });
});

describe('partner lines follow the known signing', () => {
  const sipTls = (signing: 'self-signed' | 'ca-signed' | 'unknown'): string => {
    const cluster = withCluster('lab125', {
      signing: { ...loadSampleCluster('lab125').signing, callmanager: signing },
    });
    return steps(plan(cluster, [target('CallManager')])).find((s) => s.title.includes('SIP-TLS'))!.action;
  };
  test('self-signed: the new certificate; CA-signed: its CA chain; unknown: either, said so', () => {
    assert.equal(
      sipTls('self-signed'),
      'Before restarting, make the trustpoint the SIP-TLS trunk uses trust the new CallManager certificate.',
    );
    assert.match(sipTls('ca-signed'), /trust the CA chain of the new CallManager certificate/);
    assert.doesNotMatch(sipTls('ca-signed'), /self-signed/);
    assert.match(sipTls('unknown'), /\(self-signed\) or its CA chain \(CA-signed\)/);
  });
});
