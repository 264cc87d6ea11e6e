// Expired certificates (brief 4.6, issue 8 point 4): the plan's impact says what an expiry already changed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, type Plan } from '../../src/plan/index.js';
import { EXPIRED_EFFECTS } from '../../src/plan/rules/expired.js';
import { UNIT_RULES } from '../../src/plan/rules/units.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { loadSampleCluster, NOW, target } from './fixtures.js';

const DAY = 86_400_000;
const expired: Partial<PlanTarget> = {
  expiresAt: new Date(NOW.getTime() - 2 * DAY).toISOString(),
  expiresAtPrecision: 'exact',
  urgency: 'expired',
};
const pastDate: Partial<PlanTarget> = {
  expiresAt: new Date(NOW.getTime() - DAY).toISOString(),
  expiresAtPrecision: 'exact',
  urgency: 'week',
};
const inAWeek: Partial<PlanTarget> = {
  expiresAt: new Date(NOW.getTime() + 7 * DAY).toISOString(),
  expiresAtPrecision: 'exact',
  urgency: 'week',
};
const plan = (cluster: string, targets: PlanTarget[]): Plan =>
  buildPlan({ cluster: loadSampleCluster(cluster), targets, now: NOW });
const expiredLine = (p: Plan, unit: string): string | undefined =>
  p.impact.find((i) => i.startsWith(`${unit} has already expired.`));

describe('expired certificates: what changes, per unit', () => {
  test('every unit the engine knows has its four texts', () => {
    for (const key of Object.keys(UNIT_RULES) as (keyof typeof UNIT_RULES)[]) {
      const e = EXPIRED_EFFECTS[key];
      assert.ok(e.failing && e.stillWorks && e.urgent && e.failingChecks, key);
    }
  });
  test('an expired publisher CAPF: failing LSC phones, what still works, the urgent ISE/ASA upload and re-issue, the failing checks', () => {
    const line = expiredLine(plan('lab125', [target('CAPF', ['CUCM125P'], expired)]), 'CAPF')!;
    assert.ok(line.includes('Failing now: phones with CAPF-issued LSCs'));
    assert.ok(line.includes('Still working: Phones without an LSC'));
    assert.ok(
      line.includes('Urgent now:') && line.includes('ISE/ASA upload') && line.includes('authentication string'),
    );
    assert.ok(line.includes('Until it is replaced: 802.1x and VPN authentication'));
  });
  test('a date in the past counts as expired even when the alarm said "7 days"', () => {
    assert.ok(
      expiredLine(plan('lab', [target('ipsec', [], pastDate)]), 'ipsec')!.includes('DRS backup before the change'),
    );
  });
  test('IM&P and reused-tomcat expiries say what fails for them', () => {
    assert.ok(expiredLine(plan('lab', [target('cup-xmpp', [], expired)]), 'cup-xmpp')!.includes('Jabber'));
    const p14 = plan('lab14', [target('tomcat', [], expired)]);
    assert.ok(expiredLine(p14, 'tomcat') && expiredLine(p14, 'tomcat (reused as CallManager)'));
  });
  test('an expired partner entry in a trust store says its connections fail until the renewal is uploaded', () => {
    const p = plan('lab', [target('CallManager-trust', ['CUCM01'], { ...expired, certificate: 'cube-sbc-01.pem' })]);
    assert.ok(p.impact.some((i) => i.startsWith('CallManager-trust entry cube-sbc-01.pem has already expired')));
  });
  test('not expired yet, or expiry unknown: no "has already expired" line', () => {
    for (const p of [plan('lab', [target('CAPF', ['CUCM01'], inAWeek)]), plan('lab', [target('TVS')])]) {
      assert.ok(!p.impact.some((i) => i.includes('has already expired')));
    }
  });
});
