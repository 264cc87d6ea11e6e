import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, targetForUnit, type Plan, type PlanStep } from '../../src/plan/index.js';
import type { PlanOptions } from '../../src/plan/build-plan.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { renderPlan } from '../../src/plan/render/render-plan.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

function plan(cluster: string | ClusterState, targets: PlanTarget[], options: PlanOptions = {}): Plan {
  return buildPlan({
    cluster: typeof cluster === 'string' ? loadSampleCluster(cluster) : cluster,
    targets,
    now: NOW,
    options,
  });
}
const steps = (p: Plan): PlanStep[] => p.phases.flatMap((ph) => ph.steps);
const commands = (p: Plan): string[] => steps(p).flatMap((s) => s.commands);
const withCluster = (file: string, patch: Partial<ClusterState>): ClusterState => ({
  ...loadSampleCluster(file),
  ...patch,
});

describe('signing branches (4.1.2)', () => {
  test('self-signed CallManager is regenerated on each node, publisher first', () => {
    const p = plan('lab', [target('CallManager')]);
    const regen = steps(p).filter((s) => s.commands.includes('set cert regen CallManager'));
    assert.deepEqual(regen.map((s) => s.nodes[0]), ['CUCM01', 'CUCM02', 'CUCM03']);
    assert.ok(regen.every((s) => s.condition === null));
  });
  test('CA-signed tomcat gets the CSR flow and never `set cert regen`', () => {
    const p = plan('lab15', [target('tomcat')]);
    assert.ok(!commands(p).some((c) => c.startsWith('set cert regen')));
    assert.ok(commands(p).includes('set csr gen tomcat'));
    assert.ok(commands(p).includes('set cert import own tomcat'));
  });
  test('CA-signed tomcat with fallbackToSelfSigned is regenerated, with the warning', () => {
    const p = plan('lab15', [target('tomcat')], { fallbackToSelfSigned: true });
    const regen = steps(p).filter((s) => s.commands.includes('set cert regen tomcat'));
    assert.equal(regen.length, 2);
    assert.ok(regen[0]!.warnings.some((w) => w.includes('fall back to self-signed')));
    assert.ok(!commands(p).includes('set csr gen tomcat'));
  });
  test('multi-SAN: one upload on the publisher that changes every node, IM&P included for tomcat', () => {
    const p = plan('lab14', [target('tomcat', ['CUCM14S1'])]);
    const up = steps(p).filter((s) => s.effects.change?.method === 'multi-san-upload');
    assert.equal(up.length, 1);
    assert.deepEqual(up[0]!.nodes, ['CUCM14P']);
    assert.deepEqual(up[0]!.effects.change!.nodes, ['CUCM14P', 'CUCM14S1', 'CUCM14S2', 'IMP14']);
    assert.ok(
      steps(p).some((s) => s.commands.includes('utils service restart Cisco Tomcat') && s.nodes[0] === 'IMP14'),
    );
  });
  test('unknown signing plans each branch, each conditional with the check', () => {
    const p = plan('unknown1', [target('CallManager', ['cucm02'])]);
    const changes = steps(p).filter((s) => s.effects.change?.store === 'own');
    assert.deepEqual([...new Set(changes.map((s) => s.effects.change!.method))].sort(), [
      'csr-upload',
      'multi-san-upload',
      'regen',
    ]);
    assert.ok(changes.every((s) => s.condition?.items.includes('signing')));
    // How to find it out is said once, in the pre-checks.
    assert.ok(
      steps(p).some(
        (s) => s.phase === 'pre-checks' && s.id.includes('state-signing') && s.commands.includes('show cert list own'),
      ),
    );
    assert.ok(p.rulesSkipped.some((r) => r.rule === '4.1.2-signing' && r.check));
  });
});

describe('tomcat reused as CallManager (4.1.3)', () => {
  test('a tomcat alarm is a CallManager change: anchor, CallManager restarts, phone reset, CallManager slot', () => {
    const p = plan(withCluster('lab14', { securityMode: 'mixed', ctlSigner: 'tokenless' }), [
      target('tomcat'),
      target('CAPF'),
    ]);
    assert.deepEqual(
      p.stages.map((s) => s.unit),
      ['CAPF', 'tomcat'],
    );
    const st = p.stages[1]!.index;
    const inStage = steps(p).filter((s) => s.stage === st);
    assert.ok(inStage.some((s) => s.anchors.includes('CallManager') && s.effects.change));
    assert.ok(inStage.some((s) => s.effects.ctlUpdate));
    assert.ok(inStage.some((s) => s.commands.includes('utils service restart Cisco CallManager')));
    assert.ok(inStage.some((s) => s.effects.phoneReset));
  });
  test('a CallManager alarm on a reused cluster merges into the tomcat stage', () => {
    const p = plan('lab14', [target('tomcat'), target('CallManager')]);
    assert.equal(p.stages.length, 1);
  });
  test('reuse unknown on 14+: CallManager rules present but conditional', () => {
    const p = plan(withCluster('lab14', { tomcatReusedAsCallManager: 'unknown', signing: { tomcat: 'self-signed' } }), [
      target('tomcat'),
    ]);
    const cm = steps(p).filter((s) => s.commands.includes('utils service restart Cisco CallManager'));
    assert.ok(cm.length > 0);
    assert.ok(cm.every((s) => s.condition?.items.includes('tomcatReusedAsCallManager')));
  });
  test('before 14 tomcat is never treated as CallManager', () => {
    const p = plan(withCluster('lab', { tomcatReusedAsCallManager: 'unknown' }), [target('tomcat')]);
    assert.ok(!steps(p).some((s) => s.anchors.length > 0));
    assert.ok(!steps(p).some((s) => s.effects.phoneReset && s.stage !== null));
  });
});

describe('mixed mode CTL (4.1.4)', () => {
  test('tokenless: `utils ctl update CTLFile` on the publisher after the last node, before the first restart', () => {
    const p = plan('lab', [target('CallManager')]);
    const l = steps(p);
    const ctl = l.findIndex((s) => s.commands.includes('utils ctl update CTLFile') && s.stage === 1);
    const lastChange = l.map((s, i) => (s.effects.change?.store === 'own' ? i : -1)).reduce((a, b) => Math.max(a, b));
    const firstRestart = l.findIndex((s) => s.stage === 1 && s.phase === 'restart');
    assert.ok(lastChange < ctl && ctl < firstRestart);
    assert.deepEqual(l[ctl]!.nodes, ['CUCM01']);
  });
  test('eTokens before 14: the CTL Client with an original token', () => {
    const p = plan('lab115', [target('CallManager')]);
    assert.ok(steps(p).some((s) => s.effects.ctlUpdate && s.title.includes('CTL Client') && s.condition === null));
    assert.ok(!commands(p).includes('utils ctl set-cluster mixed-mode'));
  });
  test('eTokens on 14+: move to tokenless first, then the tokenless update', () => {
    const p = plan(withCluster('lab115', { version: '14SU1' }), [target('CallManager')]);
    const l = steps(p);
    const move = l.findIndex((s) => s.commands.includes('utils ctl set-cluster mixed-mode'));
    const firstChange = l.findIndex((s) => s.effects.change);
    assert.ok(move >= 0 && move < firstChange);
    assert.ok(!l.some((s) => s.title.includes('CTL Client')));
  });
  test('14+: each anchor step sets phone interaction to manual first and back after its own gate (never manual between windows)', () => {
    const p = plan(withCluster('lab14', { securityMode: 'mixed', ctlSigner: 'tokenless' }), [
      target('CAPF'),
      target('TVS'),
    ]);
    const l = steps(p);
    for (const stage of p.stages) {
      const own = l.filter((s) => s.stage === stage.index);
      const set = own.findIndex((s) => s.title.startsWith('Set "Phone Interaction on Certificate Update" to manual'));
      const gate = own.findIndex((s) => s.phase === 'verify');
      const back = own.findIndex((s) => s.phase === 'clean-up' && s.title.includes('back as it was'));
      assert.ok(set === 0 && gate > set && back > gate, `${stage.title}: set ${set}, gate ${gate}, back ${back}`);
    }
    assert.ok(!l.some((s) => s.stage === null && s.title.includes('Phone Interaction')), 'nothing plan-wide');
  });
  test('TVS needs no CTL update', () => {
    const p = plan('lab', [target('TVS')]);
    assert.ok(!steps(p).some((s) => s.stage !== null && s.effects.ctlUpdate));
  });
  test('unknown mode: the CTL update is there, conditional on mixed mode', () => {
    const p = plan('unknown1', [target('CAPF')]);
    const ctl = steps(p).filter((s) => s.effects.ctlUpdate);
    assert.ok(ctl.length > 0);
    assert.ok(ctl.every((s) => s.condition?.items.includes('securityMode')));
  });
});

describe('per unit (4.2)', () => {
  test('CAPF on a subscriber before 14: regenerate, no LSC work', () => {
    const p = plan('lab115', [target('CAPF', ['CUCM115S1'])]);
    assert.ok(steps(p).some((s) => s.commands.includes('set cert regen CAPF') && s.nodes[0] === 'CUCM115S1'));
    assert.ok(!steps(p).some((s) => s.effects.lscReissue));
    assert.ok(p.rulesApplied.some((r) => r.rule === '4.2-capf-lsc'));
  });
  test('CAPF on 14+ is publisher-only: an alarm from a subscriber changes the publisher', () => {
    const p = plan(withCluster('lab14', { lsc: 'capf' }), [target('CAPF', ['CUCM14S1'])]);
    const change = steps(p).filter((s) => s.effects.change?.store === 'own');
    assert.deepEqual(change.map((s) => s.nodes[0]), ['CUCM14P']);
    assert.ok(steps(p).some((s) => s.effects.lscReissue));
  });
  test('CAPF with external-CA LSCs: no LSC re-issue', () => {
    const p = plan('lab15', [target('CAPF')]);
    assert.ok(!steps(p).some((s) => s.effects.lscReissue));
  });
  test('ITLRecovery is one cluster certificate on the publisher from 12.5, per node on 11.5', () => {
    assert.deepEqual(
      steps(plan('lab', [target('ITLRecovery')]))
        .filter((s) => s.effects.change)
        .map((s) => s.nodes[0]),
      ['CUCM01'],
    );
    assert.deepEqual(
      steps(plan('lab115', [target('ITLRecovery')]))
        .filter((s) => s.effects.change)
        .map((s) => s.nodes[0]),
      ['CUCM115P', 'CUCM115S1', 'CUCM115S2'],
    );
  });
  test('no ITLRecovery before 10.0', () => {
    const p = plan(withCluster('lab115', { version: '9.1(2)' }), [target('ITLRecovery')]);
    assert.ok(!steps(p).some((s) => s.effects.change));
  });
  test('HAProxy restarted for CallManager on 14+, not on 12.5', () => {
    assert.ok(
      commands(plan(withCluster('lab', { version: '14SU1' }), [target('CallManager')])).includes(
        'utils service restart Cisco HAProxy',
      ),
    );
    assert.ok(!commands(plan('lab', [target('CallManager')])).includes('utils service restart Cisco HAProxy'));
  });
  test('SSO on tomcat: disabled before the change, re-enabled after; SSOSP Tomcat restarted', () => {
    const p = plan('lab15', [target('tomcat')]);
    const l = steps(p);
    const off = l.findIndex((s) => s.title.startsWith('Disable SAML SSO'));
    const on = l.findIndex((s) => s.title.includes('re-enable SAML SSO'));
    const change = l.findIndex((s) => s.effects.change?.method === 'csr-upload');
    assert.ok(off >= 0 && off < change && change < on);
    assert.ok(commands(p).includes('utils service restart Cisco SSOSP Tomcat'));
  });
  test('partners: SIP-TLS peers get the new CallManager certificate before the restart, IM&P SIP Proxy after', () => {
    const l = steps(plan('lab', [target('CallManager')]));
    const push = l.findIndex((s) => s.title.includes('SIP-TLS'));
    const restart = l.findIndex((s) => s.stage === 1 && s.phase === 'restart');
    const sip = l.findIndex((s) => s.commands.includes('utils service restart Cisco SIP Proxy'));
    assert.ok(push >= 0 && push < restart && restart < sip);
  });
  test('default order: tomcat, ipsec, CAPF, CallManager, ITLRecovery, TVS last; overridable', () => {
    const all = ['TVS', 'ITLRecovery', 'CallManager', 'CAPF', 'ipsec', 'tomcat'].map((u) => target(u));
    assert.deepEqual(
      plan('lab', all).stages.map((s) => s.unit),
      ['tomcat', 'ipsec', 'CAPF', 'CallManager', 'ITLRecovery', 'TVS'],
    );
    assert.deepEqual(
      plan('lab', all, { unitOrder: ['tomcat', 'ipsec', 'capf', 'tvs', 'callmanager', 'itlrecovery'] }).stages.map(
        (s) => s.unit,
      ),
      ['tomcat', 'ipsec', 'CAPF', 'TVS', 'CallManager', 'ITLRecovery'],
    );
  });
});

describe('ITL routes (4.3)', () => {
  test('ordered TFTP granted on 11.5 with two TFTP servers: one stage per TFTP server, TFTP stopped and started', () => {
    const p = plan('lab115', [target('CallManager')], { route: 'ordered-tftp' });
    assert.equal(p.route.used, 'ordered-tftp');
    assert.deepEqual(
      p.stages.map((s) => s.nodes),
      [['CUCM115P'], ['CUCM115S1'], ['CUCM115S2']],
    );
    assert.ok(
      commands(p).includes('utils service stop Cisco Tftp') && commands(p).includes('utils service start Cisco Tftp'),
    );
  });
  const refusals: { title: string; cluster: ClusterState; reason: string }[] = [
    { title: '12.0+', cluster: loadSampleCluster('lab'), reason: 'version-not-8-to-11.5' },
    {
      title: 'one TFTP server',
      cluster: withCluster('lab115', { tftpServers: ['CUCM115P'] }),
      reason: 'fewer-than-two-tftp',
    },
    {
      title: 'multi-SAN CallManager',
      cluster: withCluster('lab115', { signing: { callmanager: 'multi-san' } }),
      reason: 'multi-san-callmanager',
    },
    {
      title: 'unknown TFTP list',
      cluster: withCluster('lab115', { tftpServers: 'unknown' }),
      reason: 'fewer-than-two-tftp-unknown',
    },
  ];
  for (const r of refusals) {
    test(`ordered TFTP refused: ${r.title}`, () => {
      const p = plan(r.cluster, [target('CallManager')], { route: 'ordered-tftp' });
      assert.equal(p.route.used, 'standard');
      assert.ok(p.route.refused.some((x) => x.reason === r.reason), JSON.stringify(p.route.refused));
      assert.ok(p.notices.some((n) => n.includes('refused')));
    });
  }
  test('a TFTP list found by discovery is a set: ordered TFTP refused for its unknown order, the set still counts, the header says so', () => {
    // lab115 as it is, but its TFTP list is the set discovery found (the ITL's servers), not the phones' order.
    const p = plan('lab115', [target('CallManager')], { route: 'ordered-tftp', tftpServersFrom: 'discovery' });
    assert.equal(p.route.used, 'standard');
    assert.deepEqual(p.route.refused.map((r) => r.reason), ['tftp-order-unknown']);
    assert.equal(p.context.tftpOrder, 'unknown');
    assert.deepEqual(p.context.tftpServers, loadSampleCluster('lab115').tftpServers);
    assert.deepEqual(plan('lab115', [target('CallManager')], { tftpServersFrom: 'discovery' }).route.available, []);
    // The restarts on the TFTP nodes need only the set.
    assert.ok(
      steps(p).some((s) => s.commands.includes('utils service restart Cisco Tftp') && s.nodes.includes('CUCM115S1')),
    );
    const header = renderPlan(p, 'markdown');
    assert.match(
      header,
      /CUCM115P, CUCM115S1 \(the TFTP servers the ITL lists, found by discovery; the phones' order is not known\)/,
    );
    assert.doesNotMatch(renderPlan(plan('lab115', [target('CallManager')]), 'markdown'), /order is not known/);
  });
  test('standard route mentions ordered TFTP as an option where its conditions hold', () => {
    assert.deepEqual(plan('lab115', [target('CallManager')]).route.available, ['ordered-tftp']);
  });
  test('rollback route: parameter True before, False after, TFTP restarts and resets around it', () => {
    const p = plan('lab', [target('CallManager')], { route: 'rollback' });
    const l = steps(p);
    const on = l.findIndex((s) => s.title.includes('to True'));
    const off = l.findIndex((s) => s.title.includes('back to False'));
    const change = l.findIndex((s) => s.effects.change);
    assert.ok(on >= 0 && on < change && change < off);
    assert.ok(l[on]!.warnings.some((w) => w.includes('Security exposure')));
  });
});

describe('trust stores (4.4)', () => {
  test('own node copy (CUCM01.der in tomcat-trust on CUCM02) renews tomcat on CUCM01', () => {
    const p = plan('lab', [target('tomcat-trust', ['CUCM02'], { certificate: 'CUCM01.der' })]);
    assert.deepEqual(p.stages.map((s) => [s.unit, s.nodes]), [['tomcat', ['CUCM01']]]);
    assert.ok(!commands(p).some((c) => c.startsWith('set cert delete')));
  });
  test('own node copy in .pem form and ECDSA copy', () => {
    assert.equal(
      plan('lab', [target('tomcat-trust', ['CUCM02'], { certificate: 'cucm03.pem' })]).stages[0]!.nodes[0],
      'CUCM03',
    );
    assert.equal(
      plan('lab', [target('tomcat-trust', ['CUCM02'], { certificate: 'CUCM03-EC.pem' })]).stages[0]!.unit,
      'tomcat-ECDSA',
    );
  });
  test('external partner: upload replaces same CN before any delete; deletion is conditional', () => {
    const l = steps(plan('lab', [target('CallManager-trust', ['CUCM01'], { certificate: 'cube01.example.pem' })]));
    const up = l.findIndex((s) => s.effects.change?.method === 'trust-upload');
    const del = l.findIndex((s) => s.effects.change?.method === 'trust-delete');
    assert.ok(up >= 0 && up < del);
    assert.ok(l[del]!.condition);
  });
  test('11.5: Certificate Change Notification stopped and started again; IM&P services too; deletion per node before 11.0 only', () => {
    const l = steps(
      plan('lab115', [
        target('tomcat-trust', ['CUCM115P'], { certificate: 'CiscoRootCA2048.pem', urgency: 'expired' }),
      ]),
    );
    const stop = l.findIndex((s) => s.commands.includes('utils service stop Cisco Certificate Change Notification'));
    const del = l.findIndex((s) => s.effects.change?.method === 'trust-delete');
    const start = l.findIndex((s) => s.commands.includes('utils service start Cisco Certificate Change Notification'));
    assert.ok(stop >= 0 && stop < del && del < start);
    assert.ok(l.some((s) => s.commands.includes('utils service stop Platform Administrative Web Service')));
    assert.ok(l[del]!.title.includes('propagates'));
  });
  test('12.5: no Certificate Change Notification stop', () => {
    const l = steps(
      plan('lab', [target('tomcat-trust', ['CUCM01'], { certificate: 'CiscoRootCA2048.pem', urgency: 'expired' })]),
    );
    assert.ok(!l.some((s) => s.commands.some((c) => c.includes('Certificate Change Notification'))));
    assert.ok(l.some((s) => s.commands.includes('set cert delete tomcat CiscoRootCA2048.pem')));
  });
  test('cited bugs are worded cautiously', () => {
    const text = JSON.stringify(plan('lab', [target('CAPF-trust', ['CUCM01'], { certificate: 'old-partner.pem' })]));
    for (const bug of ['CSCtn50405', 'CSCut58407', 'CSCto86463']) assert.ok(text.includes(bug), bug);
    assert.ok(!/CSCut58407 (resets|will reset)/.test(text));
  });
  test('unusual certificate names never reach a CLI command', () => {
    const p = plan('lab', [
      target('tomcat-trust', ['CUCM01'], { certificate: 'x.pem; utils system restart', urgency: 'expired' }),
    ]);
    assert.ok(!commands(p).some((c) => c.includes('utils system restart')));
  });
});

describe('expired certificates, deadline, targets (4.6)', () => {
  test('expired CAPF warns about LSC phones and authentication strings', () => {
    const p = plan('lab', [
      target('CAPF', ['CUCM01'], {
        urgency: 'expired',
        expiresAt: '2026-11-01T00:00:00Z',
        expiresAtPrecision: 'exact',
      }),
    ]);
    const w = steps(p)
      .flatMap((s) => s.warnings)
      .join(' ');
    assert.ok(w.includes('authentication string'));
    assert.equal(p.urgency, 'expired');
    assert.ok(p.deadline.text.startsWith('Expired'));
  });
  test('deadline is the earliest expiry and says when it was inferred', () => {
    const p = plan('lab', [
      target('TVS', [], { expiresAt: '2026-12-24T10:00:00Z', expiresAtPrecision: 'exact' }),
      target('CallManager', [], { expiresAt: '2026-11-23T10:00:00Z', expiresAtPrecision: 'inferred' }),
    ]);
    assert.equal(p.deadline.at, '2026-11-23T10:00:00.000Z');
    assert.equal(p.deadline.daysLeft, 3);
    assert.ok(p.deadline.inferred && p.deadline.text.includes('inferred'));
  });
  test('targetForUnit makes a planned renewal without an alarm', () => {
    const c = loadSampleCluster('lab');
    assert.deepEqual(targetForUnit(c, 'callmanager', 'cucm02'), {
      unit: 'CallManager',
      certificate: 'CallManager.pem',
      kind: 'own',
      nodes: ['CUCM02'],
      expiresAt: null,
      expiresAtPrecision: null,
      expiresWindow: null,
      urgency: 'unknown',
    });
    assert.equal(targetForUnit(c, 'CAPF-trust').kind, 'trust');
  });
  test('an unknown unit yields an identification step, not a guess', () => {
    const p = plan('lab', [target('weird-unit', ['CUCM01'])]);
    assert.ok(p.notices.some((n) => n.includes('weird-unit')));
    assert.ok(!steps(p).some((s) => s.effects.change));
  });
  test('plans are JSON-serialisable and deterministic', () => {
    const a = plan('lab', [target('CallManager'), target('TVS')]);
    const b = plan('lab', [target('CallManager'), target('TVS')]);
    assert.deepEqual(JSON.parse(JSON.stringify(a)), b);
  });
});
