// Planned renewals asked for by hand: `all` from the unit rules' version scopes, several units as one plan, `node`
// for a single unit only (the CLI and the API both answer from planForRequest).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownCluster } from '../../src/domain/cluster.js';
import { allOwnUnits } from '../../src/plan/all-units.js';
import { planForRequest } from '../../src/plan/plan-request.js';
import { UNIT_RULES } from '../../src/plan/rules/units.js';
import { loadSampleCluster, NOW } from './fixtures.js';

const EVERY_UNIT = Object.values(UNIT_RULES).map((u) => u.display);

/** A cluster of this version with IM&P (or without). */
const withImp = (version: string, imp = true) => ({
  ...unknownCluster('c', 'c'),
  version,
  peers: { ...unknownCluster('c', 'c').peers, imp },
});
const IMP_UNITS = Object.values(UNIT_RULES)
  .filter((u) => u.hosts === 'imp')
  .map((u) => u.display);

describe('allOwnUnits', () => {
  test('before 10.0 there is no ITLRecovery certificate, and no ECDSA one before 11.0: they are left out', () => {
    const all = allOwnUnits(withImp('9.1(2)SU2'));
    assert.deepEqual(
      all.units,
      EVERY_UNIT.filter((u) => u !== 'ITLRecovery' && u !== 'tomcat-ECDSA' && u !== 'CallManager-ECDSA'),
    );
    assert.equal(all.notice, null);
  });
  test('on 12.5 and 15 every own unit of the rules, no trust store', () => {
    for (const v of ['12.5(1)SU6', '15SU1']) {
      assert.deepEqual(allOwnUnits(withImp(v)).units, EVERY_UNIT);
      assert.ok(allOwnUnits(withImp(v)).units.every((u) => !/-trust$/i.test(u)));
    }
  });
  test('IM&P certificates only on a cluster with IM&P (an imp node or the imp peer)', () => {
    assert.deepEqual(allOwnUnits(withImp('15SU1', false)).units, EVERY_UNIT.filter((u) => !IMP_UNITS.includes(u)));
    assert.ok(IMP_UNITS.length >= 6);
  });
  test('an unknown version: every unit of some version, and a notice naming the ones that may not exist', () => {
    const all = allOwnUnits(withImp('unknown'));
    assert.deepEqual(all.units, EVERY_UNIT);
    assert.match(
      all.notice ?? '',
      /version is unknown.*including ITLRecovery \(no ITLRecovery certificate before 10\.0\).*show version active/,
    );
  });
});

describe('planForRequest', () => {
  const lab = loadSampleCluster('lab');
  test('several units are one plan with one stage per certificate type; a unit asked twice is planned once', () => {
    const r = planForRequest(lab, { units: ['TVS', 'callmanager', 'CallManager'] }, NOW);
    assert.ok(r.ok);
    assert.deepEqual(r.plan.targets.map((t) => t.unit), ['TVS', 'CallManager']);
    assert.deepEqual(r.plan.stages.map((s) => s.unit), ['CallManager', 'TVS']);
  });
  test('all expands to the version\'s units; the unknown-version notice reaches the plan', () => {
    const r = planForRequest({ ...lab, version: 'unknown' }, { units: ['all'] }, NOW);
    assert.ok(r.ok);
    assert.deepEqual(r.plan.targets.map((t) => t.unit), EVERY_UNIT);
    assert.ok(r.plan.notices.some((n) => n.includes('version is unknown')));
  });
  test('node narrows a single unit; with several or all it is refused with a named reason', () => {
    const one = planForRequest(lab, { units: ['CallManager'], node: 'cucm02' }, NOW);
    assert.ok(one.ok);
    assert.deepEqual(one.plan.targets[0]?.nodes, ['CUCM02']);
    assert.deepEqual(planForRequest(lab, { units: ['CallManager', 'TVS'], node: 'CUCM02' }, NOW), {
      ok: false,
      reason: 'node-with-several-units',
      units: ['CallManager', 'TVS'],
    });
    assert.equal(planForRequest(lab, { units: ['all'], node: 'CUCM02' }, NOW).ok, false);
  });
  test('no unit at all is refused', () => {
    assert.deepEqual(planForRequest(lab, { units: [' ', ''] }, NOW), { ok: false, reason: 'no-unit' });
  });
  test('the requested route reaches the engine, which refuses it with its reason where unsafe', () => {
    const r = planForRequest(lab, { units: ['CallManager'], route: 'ordered-tftp' }, NOW);
    assert.ok(r.ok);
    assert.equal(r.plan.route.requested, 'ordered-tftp');
    assert.equal(r.plan.route.used, 'standard');
    assert.ok(r.plan.route.refused.some((x) => x.reason === 'version-not-8-to-11.5'));
  });
});
