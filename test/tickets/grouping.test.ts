// Grouping table: one cluster's mails due within the window form one group with a deterministic id.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { groupDueMails, groupIdFor, leadingKind } from '../../src/tickets/grouping.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { at, iso, makeEvent, openWith } from './fixtures.js';

const WINDOW = 60_000;

function pending(node: string, unit: string, offsetMs: number, clusterId = 'lab'): { ticket: Ticket; dueAt: string } {
  const t = openWith(makeEvent({ node, unit }), at(offsetMs));
  return { ticket: { ...t, clusterId }, dueAt: iso(offsetMs) };
}

describe('groupDueMails', () => {
  test('a burst within the window is one group, ready once the window closed', () => {
    const burst = [pending('CUCM01', 'tomcat', 0), pending('CUCM02', 'tomcat', 5_000), pending('CUCM01', 'CallManager', 59_000)];
    const early = groupDueMails(burst, at(30_000), WINDOW);
    assert.equal(early.ready.length, 0);
    assert.equal(early.waiting.length, 1);
    assert.equal(early.waiting[0]?.sendAt, iso(WINDOW));
    const late = groupDueMails(burst, at(WINDOW), WINDOW);
    assert.equal(late.ready.length, 1);
    assert.deepEqual(late.ready[0]?.tickets.map((t) => t.id), burst.map((b) => b.ticket.id));
    assert.equal(late.ready[0]?.kind, 'opened');
  });

  test('mails due after the window start a new group', () => {
    const g = groupDueMails([pending('A', 'tomcat', 0), pending('B', 'tomcat', WINDOW + 1)], at(10 * WINDOW), WINDOW);
    assert.equal(g.ready.length, 2);
    assert.deepEqual(g.ready.map((x) => x.members.length), [1, 1]);
  });

  test('clusters never share a group', () => {
    const g = groupDueMails([pending('A', 'tomcat', 0, 'lab'), pending('B', 'tomcat', 1_000, 'prod')], at(WINDOW * 2), WINDOW);
    assert.deepEqual(g.ready.map((x) => x.clusterId), ['lab', 'prod']);
  });

  test('group id: deterministic, order-independent, revision-sensitive, no ":"', () => {
    const a = [pending('A', 'tomcat', 0), pending('B', 'tomcat', 1_000)];
    const one = groupDueMails(a, at(WINDOW), WINDOW).ready[0]!;
    const two = groupDueMails([...a].reverse(), at(WINDOW), WINDOW).ready[0]!;
    assert.equal(one.id, two.id);
    assert.doesNotMatch(one.id, /:/);
    const bumped = { ...a[0]!, ticket: { ...a[0]!.ticket, revision: 2, pendingMail: { ...a[0]!.ticket.pendingMail!, revision: 2 } } };
    assert.notEqual(groupDueMails([bumped, a[1]!], at(WINDOW), WINDOW).ready[0]!.id, one.id);
    assert.match(groupIdFor('unassigned-fe80--1', [{ ticketId: 'x', revision: 1 }]), /^[a-z0-9.-]+$/);
  });

  test('tickets without a pending mail are skipped; one entry per ticket', () => {
    const p = pending('A', 'tomcat', 0);
    const none = { ticket: { ...p.ticket, id: 'other', pendingMail: null }, dueAt: iso(0) };
    const g = groupDueMails([p, p, none], at(WINDOW), WINDOW);
    assert.equal(g.ready.length, 1);
    assert.equal(g.ready[0]?.members.length, 1);
  });

  test('leading kind: escalation leads a mixed group', () => {
    assert.equal(leadingKind(['reminder', 'escalated', 'opened']), 'escalated');
    assert.equal(leadingKind(['quiet-confirm']), 'quiet-confirm');
  });
});
