// A planned plan dated by what the service knows (issue 12): discovery's current certificates and the cluster's open
// tickets date each requested unit by the earliest expiry of its nodes, discovery winning where both know a
// certificate; the deadline rule then moves a unit that would expire before its turn, and a notice says where each
// date came from. Fixtures only, `now` fixed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CurrentCertificate } from '../../src/discovery/current-certificates.js';
import type { DiscoveredUnit } from '../../src/discovery/facts-schema.js';
import { checkInvariants } from '../../src/plan/index.js';
import {
  knownExpiriesNotice,
  OFFLINE_EXPIRIES_NOTICE,
  withKnownExpiry,
  type KnownExpiries,
} from '../../src/plan/known-expiries.js';
import { planForRequest } from '../../src/plan/plan-request.js';
import { targetForUnit } from '../../src/plan/target.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { zonedDateTime } from '../../src/render/zoned-date.js';
import { clusterTimeZone } from '../../src/domain/cluster-time-zone.js';
import { exactExpiry, inferredExpiry, makeEvent, openWith, T0, windowExpiry } from '../tickets/fixtures.js';
import { loadSampleCluster } from './fixtures.js';

const DAY = 86_400_000;
const NOW = T0;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
const lab = loadSampleCluster('lab');

/** Discovery's certificate of `unit` on `node` (named as current-certificates.ts names nodes: short, lower-case). */
function discovered(unit: DiscoveredUnit, node: string | null, days: number): CurrentCertificate {
  return {
    node,
    unit,
    certificate: `${unit}.pem`,
    notAfter: inDays(days),
    serial: `${unit.length}${days}`.padStart(8, '0'),
    learnedAt: inDays(-1),
  };
}

/** An open ticket an alarm opened for `unit` on `node`. */
function ticket(unit: string, node: string, expiry = exactExpiry(10 * DAY), over: Partial<Ticket> = {}): Ticket {
  const t = openWith(
    makeEvent({
      unit,
      node,
      certificate: `${unit}.der`,
      expiry,
      trustStore: /-trust$/i.test(unit),
      certType: /-trust$/i.test(unit) ? 'trust-cert' : 'own-cert',
    }),
    NOW,
  );
  return { ...t, ...over };
}

const known = (certificates: readonly CurrentCertificate[], tickets: readonly Ticket[] = []): KnownExpiries => ({
  certificates,
  tickets,
});
const date = (unit: string, k: KnownExpiries, node?: string) =>
  withKnownExpiry(targetForUnit(lab, unit, node), k, lab.nodes, NOW);

describe('withKnownExpiry: a planned target dated by the earliest known expiry of its nodes', () => {
  test("discovery: the earliest exact not-after among the unit's nodes, and which node and reading gave it", () => {
    const d = date(
      'TVS',
      known([discovered('TVS', 'cucm02', 30), discovered('TVS', 'cucm01', 12), discovered('CallManager', 'cucm03', 3)]),
    );
    assert.equal(d.target.expiresAt, inDays(12));
    assert.equal(d.target.expiresAtPrecision, 'exact');
    assert.equal(d.target.expiresWindow, null);
    assert.deepEqual(d.target.nodes, [], 'still every node of the unit: the date does not narrow the plan');
    assert.deepEqual(
      d.origin,
      { from: 'discovery', node: 'CUCM01', learnedAt: inDays(-1) },
      'the node as the inventory names it',
    );
  });
  test('an open ticket with only a window: its latest instant, the window and its precision, as a ticket-built target carries them', () => {
    const t = ticket('CallManager', 'CUCM02', windowExpiry(-3 * DAY, 4 * DAY));
    const d = date('CallManager', known([], [t]));
    assert.equal(d.target.expiresAt, inDays(4));
    assert.equal(d.target.expiresAtPrecision, 'window');
    assert.deepEqual(d.target.expiresWindow, { earliest: inDays(-3), latest: inDays(4) });
    assert.deepEqual(d.origin, { from: 'ticket', node: 'CUCM02', ticketId: t.id, precision: 'window' });
  });
  test('nothing known of the unit: the target as asked for, undated', () => {
    const asked = targetForUnit(lab, 'CAPF');
    const d = withKnownExpiry(
      asked,
      known([discovered('TVS', 'cucm01', 12)], [ticket('tomcat', 'CUCM01')]),
      lab.nodes,
      NOW,
    );
    assert.deepEqual(d, { target: asked, origin: null });
  });
  test("where discovery and a ticket know the same certificate, discovery wins, even when the ticket's date is earlier", () => {
    // CUCM01's CallManager was renewed (discovery reads 300 days); the alarm's ticket still says 5 days. CUCM02 is
    // known
    // only from its ticket, and its 20 days are then the unit's earliest.
    const k = known(
      [discovered('CallManager', 'cucm01', 300)],
      [
        ticket('CallManager', 'cucm01.lab.example', inferredExpiry(5 * DAY)),
        ticket('CallManager', 'CUCM02', exactExpiry(20 * DAY)),
      ],
    );
    const d = date('CallManager', k);
    assert.equal(d.target.expiresAt, inDays(20));
    assert.equal(d.origin?.from, 'ticket');
    assert.equal(d.origin?.node, 'CUCM02');
    // Without the second ticket, the renewed certificate's date stands, not the stale alarm's.
    assert.equal(date('CallManager', known(k.certificates, [k.tickets[0]!])).target.expiresAt, inDays(300));
  });
  test('two open tickets of one node and unit (two file names): the earlier counts, whichever is listed first', () => {
    const later = ticket('tomcat', 'CUCM01', exactExpiry(30 * DAY));
    const earlier = {
      ...ticket('tomcat', 'CUCM01', exactExpiry(8 * DAY)),
      id: 'lab.cucm01.tomcat.tomcat-old.x',
      certificate: 'tomcat-old.der',
    };
    assert.equal(date('tomcat', known([], [later, earlier])).target.expiresAt, inDays(8));
  });
  test("a target narrowed to one node counts only that node; a certificate whose source named no node is no node's", () => {
    const k = known([discovered('CAPF', null, 2), discovered('CAPF', 'cucm02', 50), discovered('CAPF', 'cucm01', 9)]);
    assert.equal(date('CAPF', k, 'cucm02').target.expiresAt, inDays(50));
    assert.deepEqual(date('CAPF', k, 'cucm02').target.nodes, ['CUCM02']);
    assert.equal(date('CAPF', k, 'CUCM03').origin, null);
    assert.equal(date('CAPF', k).target.expiresAt, inDays(2), 'every node: the unnamed one counts');
  });
  test('resolved tickets, trust entries and another unit\'s certificates (the ECDSA variant) give no date', () => {
    const k = known([discovered('CallManager-ECDSA', 'cucm01', 4)], [
      ticket('CallManager', 'CUCM01', exactExpiry(6 * DAY), { status: 'resolved' }),
      ticket('CallManager-trust', 'CUCM01', exactExpiry(6 * DAY)),
    ]);
    assert.equal(date('CallManager', k).origin, null);
    assert.equal(date('CallManager-trust', k).origin, null, 'a planned trust store is the whole store, not one entry');
    assert.equal(date('CallManager-ECDSA', k).target.expiresAt, inDays(4));
  });
  test('urgency follows the date: an expired certificate is expired, one months away asks nothing yet', () => {
    assert.equal(date('tomcat', known([discovered('tomcat', 'cucm01', -2)])).target.urgency, 'expired');
    assert.equal(date('tomcat', known([discovered('tomcat', 'cucm01', 0.5)])).target.urgency, 'day');
    assert.equal(date('tomcat', known([discovered('tomcat', 'cucm01', 90)])).target.urgency, 'unknown');
  });
});

describe('knownExpiriesNotice', () => {
  test('each date with where it came from; the undated units named', () => {
    const t = ticket('CallManager', 'CUCM02', inferredExpiry(40 * DAY));
    const k = known([discovered('TVS', 'cucm01', 12)], [t]);
    const text = knownExpiriesNotice(['TVS', 'CallManager', 'CAPF'].map((u) => date(u, k)), 'Europe/Berlin');
    const berlin = (iso: string) => zonedDateTime(iso, 'Europe/Berlin');
    assert.equal(
      text,
      `Expiry dates (the earliest of each unit's nodes): TVS ${berlin(inDays(12))} on CUCM01 (discovery, read ${berlin(inDays(-1))}); ` +
        `CallManager ${berlin(inDays(40))} on CUCM02 (ticket ${t.id}, inferred). No expiry known for CAPF: it keeps its place in the default order.`,
    );
    assert.match(
      text,
      /TVS \d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T \((\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} UTC\) on CUCM01/,
      "in the cluster's zone, UTC beside it",
    );
  });
  test('nothing known: says so', () => {
    assert.match(
      knownExpiriesNotice([date('TVS', known([]))], 'UTC'),
      /^Expiry dates: none known \(no discovery reading or open ticket of this unit\)/,
    );
  });
});

describe('planForRequest with the known expiries', () => {
  // Issue 12: TVS in 12 days and CallManager in 40. In the default order TVS comes a week after CallManager, which
  // would
  // leave no spare window before it expires: TVS moves first and the plan says why.
  const tvsSoon = known([
    discovered('TVS', 'cucm01', 12),
    discovered('TVS', 'cucm02', 14),
    discovered('CallManager', 'cucm01', 40),
    discovered('CallManager', 'cucm02', 41),
  ]);

  for (const units of [['TVS', 'CallManager'], ['all']]) {
    test(`unit=${units.join(',')}: TVS first for its deadline, dated by discovery`, () => {
      const r = planForRequest(lab, { units }, NOW, {}, tvsSoon);
      assert.ok(r.ok);
      assert.deepEqual(checkInvariants(r.plan), []);
      assert.equal(r.plan.stages[0]!.unit, 'TVS');
      const tvsDate = zonedDateTime(inDays(12), clusterTimeZone(lab));
      assert.ok(
        (r.plan.stages[0]!.movedForDeadline ?? '').startsWith(`TVS expires ${tvsDate}: its turn in the default order`),
        r.plan.stages[0]!.movedForDeadline ?? '',
      );
      assert.equal(r.plan.stages[0]!.deadline, inDays(12));
      assert.equal(r.plan.stages.find((s) => s.unit === 'CallManager')?.deadline, inDays(40));
      assert.equal(r.plan.deadline.at, inDays(12));
      assert.ok(r.plan.notices.some((n) => n.startsWith('Order changed for a deadline: TVS expires')));
      assert.ok(
        r.plan.notices.some((n) => n.includes(`TVS ${tvsDate} on CUCM01 (discovery`)),
        r.plan.notices.join('\n'),
      );
    });
  }

  test('an open ticket with an exact expiry does the same without discovery', () => {
    const tickets = [
      ticket('TVS', 'CUCM02', exactExpiry(12 * DAY)),
      ticket('CallManager', 'CUCM01', exactExpiry(40 * DAY)),
    ];
    const r = planForRequest(lab, { units: ['TVS', 'CallManager'] }, NOW, {}, known([], tickets));
    assert.ok(r.ok);
    assert.deepEqual(r.plan.stages.map((s) => s.unit), ['TVS', 'CallManager']);
    assert.match(r.plan.stages[0]!.movedForDeadline ?? '', /^TVS expires/);
    assert.ok(r.plan.notices.some((n) => n.includes(`(ticket ${tickets[0]!.id}, exact)`)), r.plan.notices.join('\n'));
  });

  test('offline (no known expiries): the default order, undated, and the plan says why and where to ask', () => {
    const r = planForRequest(lab, { units: ['TVS', 'CallManager'] }, NOW);
    assert.ok(r.ok);
    assert.deepEqual(r.plan.stages.map((s) => s.unit), ['CallManager', 'TVS']);
    assert.ok(r.plan.targets.every((t) => t.expiresAt === null));
    assert.ok(r.plan.notices.includes(OFFLINE_EXPIRIES_NOTICE));
  });
});
