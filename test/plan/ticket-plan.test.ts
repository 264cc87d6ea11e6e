// planForTickets: a ticket the engine fails on is set aside and named; the others keep their plan (issue 9, defect 1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inferExpiry } from '../../src/parse/expiry.js';
import { planForTickets } from '../../src/plan/ticket-plan.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { inferredExpiry, makeEvent, openWith } from '../tickets/fixtures.js';
import { loadSampleCluster, NOW } from './fixtures.js';

describe('planForTickets', () => {
  const cluster = loadSampleCluster('lab');
  const genuine = openWith(makeEvent({ unit: 'CAPF', certificate: 'CAPF.der', node: 'CUCM01' }));
  // A stored ticket damaged beyond what the engine takes (e.g. written by a broken release): no unit at all.
  const damaged = { ...openWith(makeEvent({ unit: 'tomcat', node: 'CUCM02' })), unit: undefined } as unknown as Ticket;

  test('all plannable: one plan, nothing set aside', () => {
    const rendered = planForTickets(cluster, [genuine], NOW);
    assert.deepEqual(rendered.unplanned, []);
    assert.match(rendered.text, /set cert regen CAPF/);
  });

  test('a ticket that fails is named in the notices; the others are still planned', () => {
    const rendered = planForTickets(cluster, [damaged, genuine], NOW);
    assert.deepEqual(rendered.unplanned.map((u) => u.ticketId), [damaged.id]);
    assert.match(rendered.text, /set cert regen CAPF/, 'the genuine ticket is planned');
    assert.ok(rendered.plan.notices.some((n) => n.includes(damaged.id) && n.includes('No plan could be built')));
    assert.ok(rendered.html.includes('No plan could be built'));
  });

  test('every ticket failing still yields a document that says so', () => {
    const rendered = planForTickets(cluster, [damaged], NOW);
    assert.equal(rendered.unplanned.length, 1);
    assert.ok(rendered.text.includes(damaged.id));
  });
});

describe('planForTickets: the deadline of a window expiry (issue 7)', () => {
  const cluster = loadSampleCluster('lab');
  // A CertValidfor7days whose Expiration text was cut away, raised a day before NOW: expires between 20 years before
  // the alarm and 7 days after it.
  const alarmAt = new Date(NOW.getTime() - 86_400_000);
  const expiry = inferExpiry({ expirationText: '', urgency: 'week', alarmAt, nodeZone: null });
  const ticket = openWith(
    makeEvent({ unit: 'CAPF', certificate: 'CAPF.der', node: 'CUCM01', alarmAt: alarmAt.toISOString(), expiry }),
    alarmAt,
  );

  test('is the latest possible instant, and the header says it is a window with its bounds', () => {
    assert.equal(expiry.precision, 'window');
    const { plan, text } = planForTickets(cluster, [ticket], NOW);
    assert.equal(plan.deadline.at, expiry.latest);
    assert.deepEqual(plan.deadline.window, { earliest: expiry.earliest, latest: expiry.latest });
    assert.equal(
      plan.deadline.text.split(' — ')[0],
      'Renew before 2026-11-26 10:00 CET (09:00 UTC) (at most 6 day(s) left; CAPF on CUCM01)',
    );
    assert.match(
      plan.deadline.text,
      /only a window is known: the alarm puts the expiry between 2006-11-19 10:00 CET \(09:00 UTC\) and 2026-11-26 10:00 CET \(09:00 UTC\), so it may have expired already/,
    );
    const flat = text.replace(/\s+/g, ' ');
    assert.match(
      flat,
      /only a window is known: the alarm puts the expiry between 2006-11-19 10:00 CET \(09:00 UTC\) and 2026-11-26 10:00 CET \(09:00 UTC\)/,
    );
    // One certificate: the deadline line says it all, in the cluster's zone (lab: Europe/Berlin) with UTC beside it.
    assert.match(
      text,
      /^Deadline +Renew before 2026-11-26 10:00 CET \(09:00 UTC\) \(at most 6 day\(s\) left; CAPF on CUCM01\)/m,
    );
  });

  test('does not make the plan an expired one before the window has passed', () => {
    const { plan } = planForTickets(cluster, [ticket], NOW);
    assert.equal(plan.urgency, 'week');
    assert.doesNotMatch(plan.deadline.text, /Expired/);
  });

  test('once the window has passed: expired at least that long ago', () => {
    const later = new Date(NOW.getTime() + 10 * 86_400_000);
    const { plan } = planForTickets(cluster, [ticket], later);
    assert.equal(plan.urgency, 'expired');
    assert.equal(
      plan.deadline.text.split(' — ')[0],
      'Expired by 2026-11-26 10:00 CET (09:00 UTC) (expired at least 4 day(s) ago; CAPF on CUCM01)',
    );
    assert.doesNotMatch(plan.deadline.text, /may have expired already/);
  });
});

describe('planForTickets: the service\'s plan settings (PLAN_STEP_GAP_DAYS) reach the mailed plan', () => {
  // Both expire in 60 days: no step has to be pulled earlier, so the gap shows as it is.
  const tickets = [
    openWith(
      makeEvent({
        unit: 'CallManager',
        certificate: 'CallManager.pem',
        node: 'CUCM01',
        expiry: inferredExpiry(60 * 86_400_000),
      }),
    ),
    openWith(
      makeEvent({ unit: 'TVS', certificate: 'TVS.pem', node: 'CUCM01', expiry: inferredExpiry(60 * 86_400_000) }),
    ),
  ];
  test('anchor steps are the given number of days apart', () => {
    const days = (options: { stepGapDays?: number }): number => {
      const { plan } = planForTickets(loadSampleCluster('lab'), tickets, NOW, options);
      const [a, b] = plan.stages.map((s) => Date.parse(s.date));
      return (b! - a!) / 86_400_000;
    };
    assert.equal(days({}), 7);
    assert.equal(days({ stepGapDays: 14 }), 14);
  });
});
