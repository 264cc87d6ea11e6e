// Trust copies ride on their own ticket's mail: the delivery decision (named reasons) and the split of a cluster's
// pending tickets into the tickets a mail is about and the copies riding on them. Pure, fixed clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideOnAction } from '../../src/tickets/decide-action.js';
import { decideOnEvent } from '../../src/tickets/decide-event.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { copyDelivery, selectMail } from '../../src/tickets/trust-copies.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { T0, makeEvent, openWith, policy } from './fixtures.js';

const own = openWith(makeEvent({ node: 'CUCM01', unit: 'tomcat', certificate: 'tomcat.der' }));

function copyOn(node: string, linkedTicketId: string | null, certificate = 'CUCM01.der'): Ticket {
  const event = makeEvent({ node, unit: 'tomcat-trust', certificate, certType: 'trust-cert' });
  return decideOnEvent(null, event, {
    clusterId: 'lab',
    ticketId: `${ticketIdFor(event, 'lab')}-${node.toLowerCase()}`,
    now: T0,
    policy,
    linkedTicketId,
  }).ticket;
}

describe('copyDelivery: how a trust copy\'s mail goes out', () => {
  test('a copy of an open, notified or acknowledged own ticket is covered by it', () => {
    const copy = copyOn('CUCM02', own.id);
    assert.equal(copyDelivery(copy, own), 'covered-by-own-ticket');
    assert.equal(copyDelivery(copy, { ...own, status: 'notified' }), 'covered-by-own-ticket');
    assert.equal(copyDelivery(copy, decideOnAction(own, { type: 'ack' }, 'alice', T0).ticket), 'covered-by-own-ticket');
  });
  test('a copy whose own ticket is missing, resolved or quiet mails on its own; an entry that copies nothing too', () => {
    const copy = copyOn('CUCM02', own.id);
    assert.equal(copyDelivery(copy, null), 'own-ticket-missing');
    assert.equal(copyDelivery(copy, { ...own, id: 'someone-else' }), 'own-ticket-missing');
    assert.equal(copyDelivery(copy, decideOnAction(own, { type: 'resolve' }, 'alice', T0).ticket), 'own-ticket-closed');
    assert.equal(copyDelivery(copy, { ...own, status: 'quiet' }), 'own-ticket-closed');
    assert.equal(copyDelivery(copyOn('CUCM02', null, 'partner-ca.der'), null), 'not-a-copy');
  });
});

describe('selectMail: the tickets a mail is about and the copies riding on them', () => {
  const a = copyOn('CUCM02', own.id);
  const b = copyOn('CUCM03', own.id);
  const orphan = copyOn('CUCM02', 'lab-own-cucm09-tomcat-gone', 'CUCM09.der');

  test('own ticket and its two copies pending: one ticket, both copies ride and are listed', () => {
    const s = selectMail([a, own, b], [own, a, b], 50);
    assert.deepEqual(s.tickets.map((t) => t.id), [own.id]);
    assert.deepEqual(s.riders.map((t) => t.id), [a.id, b.id]);
    assert.deepEqual(s.copies.get(own.id)?.map((t) => t.id), [a.id, b.id]);
  });
  test('a covered copy pending while its own ticket is not in the mail waits (neither ticket nor rider)', () => {
    const s = selectMail([a], [own, a, b], 50);
    assert.deepEqual(s.tickets, []);
    assert.deepEqual(s.riders, []);
  });
  test('the own ticket mailing alone still lists its open copies (not pending: listed, not riders); resolved ones not', () => {
    const resolvedB = decideOnAction(b, { type: 'resolve' }, 'alice', T0).ticket;
    const s = selectMail([own], [own, a, resolvedB], 50);
    assert.deepEqual(s.riders, []);
    assert.deepEqual(s.copies.get(own.id)?.map((t) => t.id), [a.id]);
  });
  test('a copy whose own ticket is missing or resolved leads its own mail', () => {
    const resolvedOwn = decideOnAction(own, { type: 'resolve' }, 'alice', T0).ticket;
    const s = selectMail([orphan, a], [resolvedOwn, orphan, a], 50);
    assert.deepEqual(s.tickets.map((t) => t.id), [orphan.id, a.id]);
    assert.equal(s.copies.size, 0);
  });
  test('riders do not count against MAIL_MAX_TICKETS', () => {
    const s = selectMail([own, a, b], [own, a, b], 1);
    assert.deepEqual(s.tickets.map((t) => t.id), [own.id]);
    assert.equal(s.riders.length, 2);
    assert.equal(s.capped, 0);
    const orphanFirst = selectMail([orphan, own, a], [own, a, orphan], 1);
    assert.deepEqual(
      [orphanFirst.tickets.map((t) => t.id), orphanFirst.riders, orphanFirst.capped],
      [[orphan.id], [], 1],
      'the own ticket waits for the next mail, its copy with it',
    );
  });
});
