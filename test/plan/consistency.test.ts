// Inventory consistency warnings (review m11, issue 8 point 3): the pure function and the plan notices it feeds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import type { PlanOptions } from '../../src/plan/build-plan.js';
import { consistencyWarnings } from '../../src/plan/rules/consistency.js';
import { parseVersion } from '../../src/plan/version.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

const withCluster = (file: string, patch: Partial<ClusterState>): ClusterState => ({
  ...loadSampleCluster(file),
  ...patch,
});
const reasons = (c: ClusterState): string[] => consistencyWarnings(c, parseVersion(c.version)).map((w) => w.reason);
const plan = (c: ClusterState, options: PlanOptions = {}, unit = 'CallManager'): Plan =>
  buildPlan({ cluster: c, targets: [target(unit)], now: NOW, options });

describe('consistencyWarnings: the inventory against the version and itself', () => {
  const cases: { title: string; cluster: ClusterState; reason: string | null }[] = [
    {
      title: '11.5 with an ITLRecovery ITL signer',
      cluster: withCluster('lab115', { itlSigner: 'itlrecovery' }),
      reason: 'itl-signer-itlrecovery-before-12',
    },
    {
      title: '12.5 with a CallManager ITL signer',
      cluster: withCluster('lab', { itlSigner: 'callmanager' }),
      reason: 'itl-signer-callmanager-from-12',
    },
    {
      title: '15 mixed with an eToken CTL',
      cluster: withCluster('lab15', { ctlSigner: 'etoken' }),
      reason: 'etoken-ctl-from-14',
    },
    {
      title: '14 non-secure with CAPF-issued LSCs',
      cluster: withCluster('lab14', { lsc: 'capf' }),
      reason: 'lsc-capf-non-secure',
    },
    {
      title: '11.5 with eTokens and a CallManager ITL signer (consistent)',
      cluster: loadSampleCluster('lab115'),
      reason: null,
    },
    {
      title: '12.5 mixed tokenless, ITLRecovery signer, CAPF LSCs (consistent)',
      cluster: loadSampleCluster('lab'),
      reason: null,
    },
    {
      title: 'nothing known',
      cluster: withCluster('unknown1', { itlSigner: 'itlrecovery', lsc: 'capf' }),
      reason: null,
    },
  ];
  for (const c of cases) {
    test(c.title, () => assert.deepEqual(reasons(c.cluster), c.reason ? [c.reason] : []));
  }
});

describe('consistency warnings reach the plan notices', () => {
  test('m11: 11.5 with an ITLRecovery signer: the plan warns, naming the reason', () => {
    const p = plan(withCluster('lab115', { itlSigner: 'itlrecovery' }));
    const warning = p.inconsistencies.find((w) => w.reason === 'itl-signer-itlrecovery-before-12');
    assert.ok(warning && warning.text.includes('ITLRecovery signs the ITL') && p.notices.includes(warning.text));
  });
  test('eToken CTL on 15 and CAPF LSCs on a non-secure 14 are plan notices', () => {
    const noticed = (p: ReturnType<typeof plan>, reason: string) =>
      p.inconsistencies.some((w) => w.reason === reason && p.notices.includes(w.text));
    assert.ok(noticed(plan(withCluster('lab15', { ctlSigner: 'etoken' })), 'etoken-ctl-from-14'));
    assert.ok(noticed(plan(withCluster('lab14', { lsc: 'capf' }), {}, 'CAPF'), 'lsc-capf-non-secure'));
  });
  test("ordered TFTP asked for on 12.5: the refusal is a notice once, with the route decision's own text and reason", () => {
    const p = plan(loadSampleCluster('lab'), { route: 'ordered-tftp' });
    const refusal = p.route.refused.find((r) => r.reason === 'version-not-8-to-11.5')!;
    const notices = p.notices.filter((n) => n.includes(refusal.text));
    assert.deepEqual(notices, [`Requested route refused: ${refusal.text}`]);
    assert.deepEqual(p.inconsistencies.map((w) => w.reason), ['route-refused-version-not-8-to-11.5']);
  });
  test('a consistent inventory with the standard route adds no consistency notice', () => {
    const p = plan(loadSampleCluster('lab'));
    assert.deepEqual(p.inconsistencies, []);
  });
});
