import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildPlan,
  checkInvariants,
  renderPlanHtml,
  renderPlanMarkdown,
  renderPlanText,
} from '../../src/plan/index.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const soon = (days: number, precision: 'exact' | 'inferred' = 'inferred'): Partial<PlanTarget> => ({
  expiresAt: new Date(NOW.getTime() + days * 86_400_000).toISOString(),
  expiresAtPrecision: precision,
  urgency: days < 1 ? 'day' : 'week',
});

/**
 * A 7-day alarm received `sinceDays` ago whose Expiration text was cut away: only its window is known, from 20 years
 * before the alarm to 7 days after it (the best estimate, expiresAt, is the latest instant).
 */
const windowOnly = (sinceDays: number): Partial<PlanTarget> => {
  const alarm = NOW.getTime() - sinceDays * 86_400_000;
  const earliest = new Date(alarm);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - 20);
  const latest = new Date(alarm + 7 * 86_400_000).toISOString();
  return {
    expiresAt: latest,
    expiresAtPrecision: 'window',
    expiresWindow: { earliest: earliest.toISOString(), latest },
    urgency: 'week',
  };
};

/** The representative clusters of issue 4 and the reviewed clusters of issue 8, each with the alarm(s) an admin would
 * plausibly get. */
const CASES: { name: string; cluster: string; targets: PlanTarget[] }[] = [
  {
    name: 'lab115-callmanager-tvs',
    cluster: 'lab115',
    targets: [
      target('CallManager', ['CUCM115P'], soon(5)),
      target('CallManager', ['CUCM115S1'], soon(5)),
      target('CallManager', ['CUCM115S2'], soon(5)),
      target('TVS', ['CUCM115P'], soon(6)),
    ],
  },
  {
    name: 'lab125-capf-callmanager',
    cluster: 'lab125',
    targets: [target('CAPF', ['CUCM125P'], soon(4)), target('CallManager', [], soon(6, 'exact'))],
  },
  {
    name: 'lab14-tomcat-reused-multisan',
    cluster: 'lab14',
    targets: [target('tomcat', ['CUCM14S1'], { ...soon(3), certificate: 'tomcat.pem', ticketId: 'lab14-tomcat-1' })],
  },
  {
    name: 'lab15-tomcat-ca-sso',
    cluster: 'lab15',
    targets: [target('tomcat', ['CUCM15P'], soon(6, 'exact')), target('tomcat', ['CUCM15S1'], soon(6, 'exact'))],
  },
  {
    name: 'unknown1-callmanager-trust',
    cluster: 'unknown1',
    targets: [
      target('CallManager', ['cucm02'], windowOnly(5)),
      target('tomcat-trust', ['cucm02'], { ...windowOnly(5), certificate: 'CUCM01.der' }),
    ],
  },
  // The six clusters of plan-review-2.md (issue 8), each with the alarms the review plausibly had.
  // A: TVS (9 days) expires before its default turn after CAPF and CallManager (M3); CAPF with LSCs and 802.1x (B3).
  {
    name: 'review-a-capf-callmanager-tvs',
    cluster: 'review-a',
    targets: [
      target('CAPF', ['CUCMA-PUB'], soon(4)),
      ...['CUCMA-PUB', 'CUCMA-SUB1', 'CUCMA-SUB2'].map((n) => target('CallManager', [n], soon(18, 'exact'))),
      target('TVS', ['CUCMA-PUB'], soon(9)),
    ],
  },
  {
    name: 'review-b-tomcat',
    cluster: 'review-b',
    targets: [
      target('tomcat', ['CUCMB-PUB'], { ...soon(6, 'exact'), certificate: 'tomcat.pem' }),
      target('tomcat', ['CUCMB-SUB1'], { ...soon(6, 'exact'), certificate: 'tomcat.pem' }),
    ],
  },
  // C: 12.5(1)SU2 mixed tokenless (FN70613), multi-SAN tomcat used for SSO (M4), CA-signed CallManager per node.
  {
    name: 'review-c-tomcat-multisan-callmanager',
    cluster: 'review-c',
    targets: [
      target('tomcat', ['CUCMC-PUB'], { ...soon(12, 'exact'), certificate: 'tomcat.pem' }),
      ...['CUCMC-PUB', 'CUCMC-SUB1', 'CUCMC-SUB2', 'CUCMC-SUB3'].map((n) => target('CallManager', [n], soon(10))),
    ],
  },
  {
    name: 'review-d-ecdsa-callmanager-tomcat',
    cluster: 'review-d',
    targets: [
      ...['CUCMD-PUB', 'CUCMD-SUB1', 'CUCMD-SUB2'].flatMap((n) => [
        target('CallManager-ECDSA', [n], soon(5)),
        target('tomcat-ECDSA', [n], soon(6, 'exact')),
      ]),
    ],
  },
  // E: ITLRecovery per node below 12.0 on an eToken cluster (B2, m2).
  {
    name: 'review-e-callmanager-itlrecovery',
    cluster: 'review-e',
    targets: [
      ...['CUCME-PUB', 'CUCME-SUB1', 'CUCME-SUB2'].flatMap((n) => [
        target('CallManager', [n], soon(8)),
        target('ITLRecovery', [n], soon(13)),
      ]),
    ],
  },
  {
    name: 'review-f-callmanager-trust',
    cluster: 'review-f',
    targets: [
      target('CallManager', ['cucmf02'], windowOnly(3)),
      target('tomcat-trust', ['cucmf02'], { ...windowOnly(3), certificate: 'cucmf01.der' }),
    ],
  },
];

describe('golden plans for the representative clusters', () => {
  if (UPDATE) mkdirSync(GOLDEN, { recursive: true });
  for (const c of CASES) {
    const plan = buildPlan({ cluster: loadSampleCluster(c.cluster), targets: c.targets, now: NOW });
    test(`${c.name}: invariants hold`, () => assert.deepEqual(checkInvariants(plan), []));
    for (const [ext, render] of [
      ['txt', renderPlanText],
      ['html', renderPlanHtml],
      ['md', renderPlanMarkdown],
    ] as const) {
      test(`${c.name}.${ext} matches the golden file`, () => {
        const file = join(GOLDEN, `${c.name}.${ext}`);
        const out = render(plan);
        if (UPDATE || !existsSync(file)) {
          if (!UPDATE) assert.fail(`missing golden file ${file}: run with UPDATE_GOLDEN=1`);
          writeFileSync(file, out);
          return;
        }
        assert.equal(out, readFileSync(file, 'utf8'), `${file} differs (UPDATE_GOLDEN=1 rewrites it after review)`);
      });
    }
  }
});
