// The re-home decision (pure): which tickets move, the id they get (the one a known cluster would have given), what
// a move and a merge keep, and that no second first mail comes of it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unknownCluster, type ClusterState } from '../../src/domain/cluster.js';
import { unassignedClusterId } from '../../src/tickets/cluster-match.js';
import { decideOnAction, decideOnEvent } from '../../src/tickets/decide.js';
import { recordMailSent } from '../../src/tickets/record-mail.js';
import { decideRehome, rehomedTicket, type RehomeTarget } from '../../src/tickets/rehome.js';
import { ownTicketIdFor, ticketIdFor, trustTicketIdFor } from '../../src/tickets/ticket-key.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, HOUR, at, exactExpiry, makeEvent, openIn, policy } from './fixtures.js';

const LOCAL = unassignedClusterId('127.0.0.1');

function cluster(id: string, nodes: { name: string; addresses: string[] }[]): ClusterState {
  return { ...unknownCluster(id, id.toUpperCase()), nodes: nodes.map((n) => ({ ...n, roles: ['cucm'] })) };
}

const lab = cluster('lab', [
  { name: 'CUCM01', addresses: ['192.0.2.11'] },
  { name: 'CUCM02', addresses: ['192.0.2.12', '127.0.0.1'] },
]);
const prod = cluster('prod', [{ name: 'pub', addresses: ['198.51.100.10'] }]);
const clusters = [lab, prod];

/** The ticket after its pending mail went out. */
function mailed(t: Ticket, messageId: string, now = at(HOUR)): Ticket {
  return recordMailSent(t, { revision: t.pendingMail!.revision, messageId, threadSubject: `[certwatch] ${t.id}` }, now)
    .ticket;
}

function targetOf(t: Ticket, known: readonly ClusterState[] = clusters): RehomeTarget {
  const decision = decideRehome(t, known);
  assert.equal(decision.reason, 'rehome');
  return (decision as { target: RehomeTarget }).target;
}

describe('decideRehome: which tickets move, and where', () => {
  const cases: {
    title: string;
    ticket: () => Ticket;
    reason: string;
    clusterId?: string;
    match?: string;
    id?: () => string;
  }[] = [
    {
      title: 'own certificate of a node now in the inventory: the id a known cluster would have given',
      ticket: () => openIn(LOCAL, makeEvent({ node: 'CUCM01' })),
      reason: 'rehome', clusterId: 'lab', match: 'node-id', id: () => ticketIdFor(makeEvent({ node: 'CUCM01' }), 'lab'),
    },
    {
      title: 'NodeID unknown, but the source the unassigned cluster is named after is a node address',
      ticket: () => openIn(unassignedClusterId('198.51.100.10'), makeEvent({ node: 'relay7', host: null })),
      reason: 'rehome',
      clusterId: 'prod',
      match: 'source-address',
      id: () => ownTicketIdFor('prod', 'relay7', 'tomcat', 'tomcat.der'),
    },
    {
      title: 'IPv4-mapped source address in the cluster id: the same address',
      ticket: () => openIn(unassignedClusterId('::ffff:198.51.100.10'), makeEvent({ node: 'relay7', host: null })),
      reason: 'rehome', clusterId: 'prod', match: 'source-address',
    },
    {
      title: 'ClusterID of the alarm names a known cluster',
      ticket: () =>
        openIn(unassignedClusterId('203.0.113.5'), makeEvent({ node: 'nowhere', host: null, clusterId: 'PROD' })),
      reason: 'rehome',
      clusterId: 'prod',
      match: 'cluster-id',
    },
    {
      title: 'a node no cluster lists, from a source no cluster lists: stays',
      ticket: () => openIn(unassignedClusterId('203.0.113.5'), makeEvent({ node: 'CUCM99', host: null })),
      reason: 'still-unassigned',
    },
    {
      title: 'a ticket of a known cluster is never moved',
      ticket: () => openIn('prod', makeEvent({ node: 'CUCM01' })),
      reason: 'known-cluster',
    },
    {
      title: 'a resolved unassigned ticket stays (a new alarm opens one in the right cluster)',
      ticket: () =>
        decideOnAction(
          openIn(LOCAL, makeEvent({ node: 'CUCM01' })),
          { type: 'resolve', note: '' },
          'alice',
          at(HOUR),
          policy,
        ).ticket,
      reason: 'resolved',
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const decision = decideRehome(c.ticket(), clusters);
      assert.equal(decision.reason, c.reason);
      if (decision.reason !== 'rehome') return;
      assert.equal(decision.target.clusterId, c.clusterId);
      assert.equal(decision.target.match, c.match);
      if (c.id) assert.equal(decision.target.ticketId, c.id());
    });
  }

  test('the source the unassigned cluster is named after comes before the ClusterID, as for an event', () => {
    const ticket = openIn(LOCAL, makeEvent({ node: 'nowhere', host: null, clusterId: 'PROD' }));
    assert.equal(targetOf(ticket).clusterId, 'lab', '127.0.0.1 is an address of CUCM02');
    assert.equal(targetOf(ticket).match, 'source-address');
  });

  test('a trust entry goes with the first of its reporting nodes that a cluster lists, linked to the node it copies', () => {
    const source = unassignedClusterId('203.0.113.5');
    const first = makeEvent({
      node: 'GHOST',
      host: null,
      unit: 'tomcat-trust',
      certificate: 'CUCM01.der',
      certType: 'trust-cert',
    });
    const second = makeEvent({
      node: 'CUCM02',
      host: null,
      unit: 'tomcat-trust',
      certificate: 'CUCM01.der',
      certType: 'trust-cert',
      alarmAt: at(HOUR).toISOString(),
    });
    const ticket = decideOnEvent(openIn(source, first), second, {
      clusterId: source,
      ticketId: ticketIdFor(first, source),
      now: at(HOUR),
      policy,
    }).ticket;
    assert.deepEqual(ticket.nodes, ['GHOST', 'CUCM02']);
    assert.equal(ticket.linkedTicketId, null, 'an unassigned cluster knows no nodes to link to');
    const target = targetOf(ticket);
    assert.equal(target.clusterId, 'lab');
    assert.equal(target.node, 'CUCM02');
    assert.equal(target.ticketId, trustTicketIdFor('lab', 'tomcat-trust', 'CUCM01.der'));
    assert.equal(target.linkedTicketId, ownTicketIdFor('lab', 'CUCM01', 'tomcat', 'tomcat.pem'));
    assert.equal(rehomedTicket(ticket, null, target, at(2 * HOUR)).ticket.linkedTicketId, target.linkedTicketId);
  });

  test('unassigned clusters in the list are not homes', () => {
    const ticket = openIn(LOCAL, makeEvent({ node: 'CUCM01' }));
    const unassignedWithNodes = cluster(unassignedClusterId('192.0.2.99'), [{ name: 'CUCM01', addresses: [] }]);
    assert.equal(decideRehome(ticket, [unassignedWithNodes]).reason, 'still-unassigned');
  });
});

describe('rehomedTicket: a move', () => {
  const event = makeEvent({ node: 'CUCM02' });
  const before = mailed(openIn(LOCAL, event), '<first@certwatch.test>');
  const target = targetOf(before);
  const now = at(DAY);
  const { ticket, outcome } = rehomedTicket(before, null, target, now);

  test('takes the new id and cluster and says so in its history (from which id, when, why)', () => {
    assert.equal(outcome, 'moved');
    assert.equal(ticket.id, ticketIdFor(event, 'lab'));
    assert.equal(ticket.clusterId, 'lab');
    const last = ticket.history.at(-1)!;
    assert.equal(last.reason, 'rehomed');
    assert.equal(last.at, now.toISOString());
    assert.match(
      last.detail ?? '',
      new RegExp(`from ${before.id.replace(/\./g, '\\.')}: node CUCM02 is in cluster lab \\(node-id\\)`),
    );
    assert.equal(ticket.status, before.status, 'the status is kept');
  });

  test('keeps its thread, its mails and its count; the input is not changed', () => {
    assert.equal(ticket.threadMessageId, '<first@certwatch.test>');
    assert.deepEqual(ticket.mailed, before.mailed);
    assert.equal(ticket.revision, before.revision);
    assert.equal(ticket.occurrences, before.occurrences);
    assert.equal(before.clusterId, LOCAL);
    assert.equal(before.history.at(-1)!.reason, 'mail-sent');
  });

  test('a later alarm for the same certificate, keyed in the known cluster, lands on it: a repeat, not a new ticket', () => {
    const later = makeEvent({ node: 'CUCM02', alarmAt: at(DAY + HOUR).toISOString() });
    assert.equal(ticketIdFor(later, 'lab'), ticket.id);
    const decision = decideOnEvent(ticket, later, {
      clusterId: 'lab',
      ticketId: ticket.id,
      now: at(DAY + HOUR),
      policy,
    });
    assert.equal(decision.reason, 'repeat-same-urgency');
    assert.equal(decision.ticket.occurrences, 2);
    assert.equal(decision.ticket.pendingMail, null, 'no mail, certainly no second opening mail');
  });

  test('moving the moved ticket again decides nothing: it is in a known cluster', () => {
    assert.equal(decideRehome(ticket, clusters).reason, 'known-cluster');
  });
});

describe('rehomedTicket: a merge into the ticket already in the known cluster', () => {
  const inUnassigned = makeEvent({ node: 'CUCM02' });
  const inLab = makeEvent({ node: 'CUCM02', alarmAt: at(2 * HOUR).toISOString() });
  const now = at(3 * HOUR);

  test('the real ticket absorbs sightings, nodes and history; its pending first mail becomes a reminder in the old thread', () => {
    const from = mailed(openIn(LOCAL, inUnassigned), '<unassigned-first@certwatch.test>');
    const into = openIn('lab', inLab, at(2 * HOUR));
    assert.equal(into.pendingMail?.kind, 'opened');
    const target = targetOf(from);
    assert.equal(target.ticketId, into.id);
    const { ticket, outcome } = rehomedTicket(from, into, target, now);
    assert.equal(outcome, 'merged');
    assert.equal(ticket.id, into.id);
    assert.equal(ticket.occurrences, 2);
    assert.equal(ticket.firstSeenAt, from.firstSeenAt, 'seen since the first sighting of either');
    assert.equal(ticket.lastAlarmAt, into.lastAlarmAt);
    assert.equal(
      ticket.pendingMail?.kind,
      'reminder',
      'one opening mail per certificate: it went out from the unassigned ticket',
    );
    assert.ok(ticket.pendingMail!.revision >= from.revision && ticket.pendingMail!.revision === ticket.revision);
    assert.equal(ticket.threadMessageId, '<unassigned-first@certwatch.test>', 'the conversation continues');
    assert.equal(ticket.status, 'notified', 'a mail did go out about it');
    const reasons = ticket.history.map((h) => h.reason);
    assert.deepEqual(
      reasons,
      ['first-alarm', 'mail-sent', 'first-alarm', 'rehomed-merged'],
      'both records, in time order, then the merge',
    );
    assert.match(
      ticket.history[0]!.detail ?? '',
      new RegExp(`on ${from.id.replace(/\./g, '\\.')}`),
      'entries of the old ticket say where they happened',
    );
    assert.match(ticket.history.at(-1)!.detail ?? '', /1 sightings added/);
  });

  test('nothing mailed on either side: the real ticket\'s opening mail stays the one opening mail', () => {
    const from = openIn(LOCAL, inUnassigned);
    const into = openIn('lab', inLab, at(2 * HOUR));
    const { ticket } = rehomedTicket(from, into, targetOf(from), now);
    assert.equal(ticket.pendingMail?.kind, 'opened');
    assert.equal(ticket.threadMessageId, null);
  });

  test('the real ticket mailed already: it keeps its thread; the unassigned pending mail is dropped', () => {
    const from = openIn(LOCAL, inUnassigned);
    const into = mailed(openIn('lab', inLab, at(2 * HOUR)), '<lab-first@certwatch.test>', at(2 * HOUR + 1));
    const { ticket } = rehomedTicket(from, into, targetOf(from), now);
    assert.equal(ticket.pendingMail, null);
    assert.equal(ticket.threadMessageId, '<lab-first@certwatch.test>');
    assert.deepEqual(ticket.mailed, into.mailed);
  });

  test('an acknowledgement of the unassigned ticket is kept', () => {
    const from = decideOnAction(
      mailed(openIn(LOCAL, inUnassigned), '<m@t>'),
      { type: 'ack', note: 'CHG1' },
      'alice',
      at(HOUR + 1),
      policy,
    ).ticket;
    assert.equal(from.status, 'acknowledged');
    const { ticket } = rehomedTicket(from, openIn('lab', inLab, at(2 * HOUR)), targetOf(from), now);
    assert.equal(ticket.status, 'acknowledged');
    assert.ok(ticket.history.some((h) => h.reason === 'acknowledged' && h.by === 'alice' && h.note === 'CHG1'));
  });

  test('the better expiry wins: an exact date from the unassigned ticket beats an inferred one', () => {
    const from = openIn(LOCAL, makeEvent({ node: 'CUCM02', expiry: exactExpiry(5 * DAY) }));
    const into = openIn('lab', inLab, at(2 * HOUR));
    const { ticket } = rehomedTicket(from, into, targetOf(from), now);
    assert.equal(ticket.expiry.precision, 'exact');
    assert.equal(ticket.expiry.at, from.expiry.at);
  });
});
