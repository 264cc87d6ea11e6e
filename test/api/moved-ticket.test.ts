// Issue 10, re-homing: a re-homed ticket's old id answers 308 with the Location of the same route on its new id, for
// the ticket and every action under it (method and body kept), after the token check; other ids are unaffected.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readClustersFile } from '../../src/config/load-clusters.js';
import { unassignedClusterId } from '../../src/tickets/cluster-match.js';
import { decideOnEvent } from '../../src/tickets/decide.js';
import { decideRehome, rehomedTicket } from '../../src/tickets/rehome.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { makeEvent, policy } from '../tickets/fixtures.js';

const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

describe('a re-homed ticket\'s old id (inject, real Redis)', () => {
  let service: TestApp;
  let store: TicketStore;
  let oldId: string;
  let newId: string;

  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN });
    store = createTicketStore(service.client);
    // An unassigned ticket, re-homed into lab as the re-homer does it.
    const now = new Date();
    const event = makeEvent({ node: 'CUCM01', alarmAt: now.toISOString() });
    const clusterId = unassignedClusterId('127.0.0.1');
    oldId = ticketIdFor(event, clusterId);
    await store.update(oldId, () => decideOnEvent(null, event, { clusterId, ticketId: oldId, now, policy }).ticket);
    const read = readClustersFile('samples/clusters/lab.yaml');
    assert.ok(read.ok);
    const decision = decideRehome((await store.get(oldId))!, read.clusters);
    assert.equal(decision.reason, 'rehome');
    const { target } = decision as Extract<typeof decision, { reason: 'rehome' }>;
    newId = target.ticketId;
    await store.rehome(oldId, newId, (from, into) => rehomedTicket(from, into, target, now), now);
  });
  after(() => service.close());

  test('GET the old id: 308 with the new Location, which answers 200 with the moved ticket', async () => {
    const moved = await service.api<{ movedTo: string; reason: string }>(`/api/v1/tickets/${oldId}`, { headers: auth });
    assert.equal(moved.status, 308);
    assert.equal(moved.headers.get('location'), `/api/v1/tickets/${newId}`);
    assert.equal(moved.body.movedTo, newId);
    assert.equal(moved.body.reason, 'moved');
    const there = await service.api<{ ticket: Ticket }>(moved.headers.get('location')!, { headers: auth });
    assert.equal(there.status, 200);
    assert.equal(there.body.ticket.clusterId, 'lab');
    assert.equal(there.body.ticket.history.at(-1)!.reason, 'rehomed');
  });

  test('the actions under the old id: 308 to the same action on the new id, whatever the body; nothing changes', async () => {
    for (const [method, path] of [['POST', 'ack'], ['POST', 'note'], ['POST', 'resolve'], ['PATCH', '']] as const) {
      const suffix = path === '' ? '' : `/${path}`;
      const answer = await service.api(`/api/v1/tickets/${oldId}${suffix}`, {
        method,
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{"note": 5, "bogus": true}',
      });
      assert.equal(answer.status, 308, `${method} ${suffix}`);
      assert.equal(answer.headers.get('location'), `/api/v1/tickets/${newId}${suffix}`);
    }
    assert.equal((await store.get(newId))!.status, 'open', 'no action was taken');
    const withQuery = await service.api(`/api/v1/tickets/${oldId}?x=1`, { headers: auth });
    assert.equal(withQuery.headers.get('location'), `/api/v1/tickets/${newId}?x=1`);
  });

  test('the token is checked first; an unknown id is still 404', async () => {
    assert.equal(
      (await service.api(`/api/v1/tickets/${oldId}`)).status,
      401,
      'no redirect tells a stranger the ticket exists',
    );
    assert.equal((await service.api('/api/v1/tickets/lab.nothing.here.0', { headers: auth })).status, 404);
    assert.equal(
      (await service.api('/api/v1/tickets/lab.nothing.here.0/ack', { method: 'POST', headers: auth })).status,
      404,
    );
  });
});
