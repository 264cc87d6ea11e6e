// planForTickets: a ticket the engine fails on is set aside and named; the others keep their plan (issue 9, defect 1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planForTickets } from '../../src/plan/ticket-plan.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { makeEvent, openWith } from '../tickets/fixtures.js';
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
