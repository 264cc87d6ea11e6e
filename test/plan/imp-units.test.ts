// Review 2, M8 (../shared/domain/plan-review-2.md): the IM&P units cup, cup-xmpp, cup-xmpp-s2s and their ECDSA
// variants.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, checkInvariants, targetForUnit, type Plan, type PlanStep } from '../../src/plan/index.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

function plan(cluster: string | ClusterState, targets: PlanTarget[]): Plan {
  const p = buildPlan({
    cluster: typeof cluster === 'string' ? loadSampleCluster(cluster) : cluster,
    targets,
    now: NOW,
  });
  assert.deepEqual(checkInvariants(p), []);
  return p;
}
const steps = (p: Plan): PlanStep[] => p.phases.flatMap((ph) => ph.steps);
const restartsOf = (p: Plan, service: string): string[] =>
  steps(p).flatMap((s) =>
    s.effects.services.filter((a) => a.service === service && a.action === 'restart').flatMap((a) => a.nodes),
  );
/** lab with two IM&P nodes, the IM&P publisher listed second, and signing set for the IM&P units. */
const twoImp = (signing: ClusterState['signing'] = {}): ClusterState => {
  const lab = loadSampleCluster('lab');
  return {
    ...lab, signing: { ...lab.signing, ...signing },
    nodes: [...lab.nodes, { name: 'IMP02', addresses: ['192.0.2.22'], roles: ['imp', 'publisher'] }],
  };
};
const IMP_UNITS = ['cup', 'cup-ECDSA', 'cup-xmpp', 'cup-xmpp-ECDSA', 'cup-xmpp-s2s', 'cup-xmpp-s2s-ECDSA'];

describe('M8: IM&P units are known units', () => {
  test('every IM&P unit gets a plan, not "unit not known"', () => {
    for (const unit of IMP_UNITS) {
      const p = plan('lab', [target(unit)]);
      assert.deepEqual(p.stages.map((s) => s.unit), [unit], unit);
      assert.ok(!p.notices.some((n) => n.includes('not known')), unit);
      assert.ok(
        steps(p).some((s) => s.effects.change?.unit === unit && s.commands.includes(`set cert regen ${unit}`)),
        unit,
      );
    }
  });
  test('a planned renewal (CLI / API) of cup-xmpp names the unit and its file', () => {
    assert.deepEqual(
      [
        targetForUnit(loadSampleCluster('lab'), 'CUP-XMPP').unit,
        targetForUnit(loadSampleCluster('lab'), 'cup-xmpp').certificate,
      ],
      ['cup-xmpp', 'cup-xmpp.pem'],
    );
  });
});

describe('M8: scope, restarts and partners', () => {
  test('self-signed cup-xmpp: regenerated on each IM&P node only; XCP Router on every IM&P node, the IM&P publisher first', () => {
    const p = plan(twoImp({ 'cup-xmpp': 'self-signed' }), [target('cup-xmpp')]);
    const regen = steps(p).filter((s) => s.effects.change?.method === 'regen');
    assert.deepEqual(regen.map((s) => s.nodes[0]), ['IMP02', 'IMP01']);
    assert.deepEqual(restartsOf(p, 'Cisco XCP Router'), ['IMP02', 'IMP01']);
    assert.deepEqual(restartsOf(p, 'Cisco SIP Proxy'), []);
    assert.ok(!steps(p).some((s) => s.stage === 1 && s.effects.services.some((a) => a.service !== 'Cisco XCP Router')));
  });
  test('cup: Cisco SIP Proxy on the changed node, with one "confirm for your release" note for XCP Router', () => {
    const p = plan(twoImp({ cup: 'self-signed' }), [target('cup', ['IMP01'])]);
    assert.deepEqual(restartsOf(p, 'Cisco SIP Proxy'), ['IMP01']);
    const notes = steps(p).flatMap((s) => s.warnings).filter((w) => w.includes('confirm for your release'));
    assert.equal(new Set(notes).size, 1);
  });
  test('CA-signed multi-SAN cup-xmpp-s2s: one CSR and one upload on the IM&P publisher, the chain into cup-xmpp-trust', () => {
    const l = steps(plan(twoImp({ 'cup-xmpp-s2s': 'multi-san' }), [target('cup-xmpp-s2s')]));
    const csr = l.find((s) => s.title.includes('multi-server (SAN) CSR'))!;
    const upload = l.find((s) => s.effects.change?.method === 'multi-san-upload')!;
    assert.deepEqual([csr.nodes, upload.nodes], [['IMP02'], ['IMP02']]);
    assert.deepEqual(upload.effects.change!.nodes, ['IMP02', 'IMP01']);
    assert.ok(csr.gui[0]!.startsWith('Cisco Unified IM and Presence OS Administration'));
    assert.ok(
      l.some(
        (s) => s.commands.includes('set cert import trust cup-xmpp') && s.effects.change?.unit === 'cup-xmpp-trust',
      ),
    );
    assert.ok(!l.some((s) => s.commands.some((c) => c.startsWith('set cert regen'))));
  });
  test('CA-signed cup: a CSR per IM&P node, never `set cert regen`', () => {
    const l = steps(plan(twoImp({ cup: 'ca-signed' }), [target('cup')]));
    assert.deepEqual(
      l.filter((s) => s.effects.change?.method === 'csr-upload').map((s) => s.nodes[0]),
      ['IMP02', 'IMP01'],
    );
    assert.ok(!l.some((s) => s.commands.some((c) => c.startsWith('set cert regen'))));
  });
  test('cup-xmpp-s2s: the federation partners trust the new certificate before XCP Router restarts', () => {
    const l = steps(plan('lab', [target('cup-xmpp-s2s')]));
    const partner = l.findIndex((s) => s.title === 'Federation partners trust the new cup-xmpp-s2s certificate');
    const restart = l.findIndex((s) => s.effects.services.some((a) => a.service === 'Cisco XCP Router'));
    assert.ok(partner >= 0 && partner < restart);
  });
  test('an IM&P unit reported by a CUCM node is changed on the IM&P nodes, and the plan says why', () => {
    const p = plan('lab', [target('cup-xmpp', ['CUCM01'])]);
    assert.ok(!steps(p).some((s) => s.effects.change?.nodes.includes('CUCM01')));
    assert.ok(steps(p).some((s) => s.warnings.some((w) => w.includes('lists CUCM01 as a CUCM node'))));
  });
});

describe('M8: no phone work for IM&P units', () => {
  for (const unit of IMP_UNITS) {
    test(`${unit}: no anchor, no ITL/CTL change, no phone reset, no phone pre-check or recovery`, () => {
      const l = steps(plan('lab', [target(unit)]));
      assert.ok(
        !l.some(
          (s) =>
            s.anchors.length ||
            s.effects.ctlUpdate ||
            s.effects.phoneReset ||
            s.effects.resetLocalkey ||
            s.effects.manualCtlDelete ||
            s.effects.lscReissue,
        ),
      );
      assert.ok(!l.some((s) => s.commands.some((c) => /^utils (ctl|itl) /.test(c))));
      assert.ok(
        !l.some((s) => ['phones-registered', 'tvs-reachable', 'itl-ctl-baseline'].some((k) => s.id.endsWith(k))),
      );
      assert.ok(!l.some((s) => s.phase === 'if-something-goes-wrong' && /Phones lost trust/.test(s.title)));
      assert.ok(!l.some((s) => s.expect.some((e) => e.includes('Registered-device counts'))));
    });
  }
  test('an IM&P unit together with CallManager keeps the phone steps of the CallManager stage', () => {
    const l = steps(plan('lab', [target('cup-xmpp'), target('CallManager')]));
    assert.ok(
      l.some((s) => s.effects.phoneReset) &&
        l.some((s) => s.phase === 'if-something-goes-wrong' && /Phones lost trust/.test(s.title)),
    );
    assert.ok(!l.some((s) => s.stage === 1 && s.effects.phoneReset));
  });
});
