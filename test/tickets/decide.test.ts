// Decision tables for the ticket lifecycle with a fixed clock: events, ticks, API actions, mail records.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideOnAction, decideOnEvent, decideOnTick, recordMailSent, unmailedRevision, type EventContext,
} from '../../src/tickets/decide.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import type { CertificateEvent } from '../../src/domain/certificate-event.js';
import {
  DAY, HOUR, T0, at, exactExpiry, inferredExpiry, iso, makeEvent, openWith, policy, windowExpiry,
} from './fixtures.js';

function ctxFor(event: CertificateEvent, now: Date, linkedTicketId?: string): EventContext {
  return { clusterId: 'lab', ticketId: ticketIdFor(event, 'lab'), now, policy, linkedTicketId };
}

/**
 * The mail a decision asked for: a mail-worthy decision bumps the revision and leaves the mail pending for it. Null
 * when the revision stayed (a mail pending from an earlier decision is not this decision's).
 */
function mailAsked(before: Ticket | null, after: Ticket): { kind: string; revision: number } | null {
  if (after.revision === (before?.revision ?? 0)) return null;
  assert.equal(after.revision, (before?.revision ?? 0) + 1, 'one revision per decision');
  assert.ok(after.pendingMail?.revision === after.revision, 'the pending mail is the new revision');
  return { kind: after.pendingMail.kind, revision: after.revision };
}

/** A ticket whose opening mail went out (status notified). */
function notified(event: CertificateEvent = makeEvent(), now: Date = T0): Ticket {
  const t = openWith(event, now);
  return recordMailSent(
    t,
    { revision: t.revision, messageId: '<first@x>', threadSubject: '[certwatch] lab: first' },
    now,
  ).ticket;
}

function acknowledged(event: CertificateEvent = makeEvent()): Ticket {
  return decideOnAction(notified(event), { type: 'ack' }, 'alice', at(HOUR)).ticket;
}

describe('decideOnEvent', () => {
  test('first alarm opens a ticket and asks for the opening mail', () => {
    const event = makeEvent();
    const d = decideOnEvent(null, event, ctxFor(event, T0));
    assert.equal(d.reason, 'first-alarm');
    assert.deepEqual(mailAsked(null, d.ticket), { kind: 'opened', revision: 1 });
    assert.equal(d.ticket.status, 'open');
    assert.equal(d.ticket.kind, 'own');
    assert.equal(d.ticket.urgency, 'week');
    assert.equal(d.ticket.occurrences, 1);
    assert.equal(d.ticket.id, ticketIdFor(event, 'lab'));
    assert.deepEqual(d.ticket.pendingMail, {
      revision: 1,
      kind: 'opened',
      reason: 'first-alarm',
      dueAt: T0.toISOString(),
    });
    assert.deepEqual(d.ticket.remindersSent, [7], 'the 7-day step is covered by the opening mail');
    assert.equal(d.ticket.history.length, 1);
    assert.equal(d.ticket.history[0]?.by, 'certwatch');
    assert.equal(d.ticket.history[0]?.from, null);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(d.ticket)));
  });

  const cases: {
    title: string;
    ticket: () => Ticket;
    event: CertificateEvent;
    now: Date;
    reason: string;
    mail: string | null;
    status: string;
    check?: (t: Ticket, before: Ticket) => void;
  }[] = [
    {
      title: 'repeat at the same urgency counts, no mail',
      ticket: () => notified(),
      event: makeEvent({ alarmAt: iso(DAY) }),
      now: at(DAY),
      reason: 'repeat-same-urgency', mail: null, status: 'notified',
      check: (t, b) => {
        assert.equal(t.occurrences, 2);
        assert.equal(t.revision, b.revision);
        assert.equal(t.lastSeenAt, iso(DAY));
        assert.equal(t.history.length, b.history.length, 'repeats do not bloat the history');
      },
    },
    {
      title: 'the same alarm twice (two routing paths) changes nothing',
      ticket: () => notified(),
      event: makeEvent(),
      now: at(10_000),
      reason: 'duplicate-alarm', mail: null, status: 'notified',
      check: (t) => assert.equal(t.occurrences, 1),
    },
    {
      title: 'week -> day escalates with a mail',
      ticket: () => notified(),
      event: makeEvent({ alarm: 'CertValidLessthanADay', alarmUrgency: 'day', alarmAt: iso(4.5 * DAY) }),
      now: at(4.5 * DAY),
      reason: 'escalated', mail: 'escalated', status: 'notified',
      check: (t, b) => {
        assert.equal(t.urgency, 'day');
        assert.equal(t.revision, b.revision + 1);
        assert.deepEqual(t.remindersSent, [7, 3, 1], 'steps already due are covered by the escalation mail');
      },
    },
    {
      title: 'escalation mails even when acknowledged, status kept',
      ticket: () => acknowledged(),
      event: makeEvent({ alarm: 'CertExpired', alarmUrgency: 'expired', alarmAt: iso(5 * DAY + HOUR) }),
      now: at(5 * DAY + HOUR),
      reason: 'escalated', mail: 'escalated', status: 'acknowledged',
      check: (t) => assert.equal(t.urgency, 'expired'),
    },
    {
      title: 'urgency comes from the expiry: CertValidfor7days for an already expired certificate is not a rise',
      ticket: () => notified(makeEvent({ expiry: inferredExpiry(-3 * DAY) })),
      event: makeEvent({ alarmAt: iso(DAY), expiry: inferredExpiry(-3 * DAY) }),
      now: at(DAY),
      reason: 'repeat-same-urgency', mail: null, status: 'notified',
      check: (t) => assert.equal(t.urgency, 'expired'),
    },
    {
      title: 'window only: a later CertValidfor7days does not lower the CertExpired urgency',
      ticket: () =>
        notified(makeEvent({ alarm: 'CertExpired', alarmUrgency: 'expired', expiry: windowExpiry(-30 * DAY, 0) })),
      event: makeEvent({ alarmAt: iso(DAY), expiry: windowExpiry(-6 * DAY, 8 * DAY) }),
      now: at(DAY),
      reason: 'expiry-improved', mail: null, status: 'notified',
      check: (t) => {
        assert.equal(t.urgency, 'expired');
        assert.equal(t.expiry.earliest, iso(-6 * DAY), 'windows intersected');
        assert.equal(t.expiry.latest, iso(0));
      },
    },
    {
      title: 'window only: the same window again is a plain repeat',
      ticket: () => notified(makeEvent({ expiry: windowExpiry(-DAY, 6 * DAY) })),
      event: makeEvent({ alarmAt: iso(DAY), expiry: windowExpiry(-2 * DAY, 8 * DAY) }),
      now: at(DAY),
      reason: 'repeat-same-urgency', mail: null, status: 'notified',
      check: (t) => assert.equal(t.expiry.earliest, iso(-DAY)),
    },
    {
      title: 'window only: urgency from the alarm name rises week -> day',
      ticket: () => notified(makeEvent({ expiry: windowExpiry(-DAY, 7 * DAY) })),
      event: makeEvent({
        alarm: 'CertValidLessthanADay',
        alarmUrgency: 'day',
        alarmAt: iso(2 * DAY),
        expiry: windowExpiry(2 * DAY, 3 * DAY),
      }),
      now: at(2 * DAY),
      reason: 'escalated', mail: 'escalated', status: 'notified',
      check: (t) => {
        assert.equal(t.urgency, 'day');
        assert.equal(t.expiry.earliest, iso(2 * DAY), 'overlapping windows are intersected');
        assert.equal(t.expiry.latest, iso(3 * DAY));
      },
    },
    {
      title: 'alarm on a resolved ticket reopens it with a mail',
      ticket: () => decideOnAction(notified(), { type: 'resolve' }, 'bob', at(HOUR)).ticket,
      event: makeEvent({ alarmAt: iso(DAY) }),
      now: at(DAY),
      reason: 'reopened', mail: 'reopened', status: 'open',
      check: (t) => assert.equal(t.history.at(-1)?.from, 'resolved'),
    },
    {
      title: 'an alarm raised before the resolution (late duplicate) does not reopen',
      ticket: () => decideOnAction(notified(), { type: 'resolve' }, 'bob', at(HOUR)).ticket,
      event: makeEvent({ alarmAt: iso(30 * 60 * 1000) }),
      now: at(2 * HOUR),
      reason: 'stale-alarm', mail: null, status: 'resolved',
    },
    {
      title: 'an exact, later expiry resolves the ticket (renewed)',
      ticket: () => notified(),
      event: makeEvent({ alarm: 'CertValidfor7days', alarmAt: iso(DAY), expiry: exactExpiry(5 * 365 * DAY) }),
      now: at(DAY),
      reason: 'renewed-exact-expiry', mail: null, status: 'resolved',
      check: (t) => {
        assert.equal(t.pendingMail, null);
        assert.equal(t.expiry.precision, 'exact');
        assert.equal(t.urgency, 'later');
      },
    },
    {
      title: 'an exact expiry within a day of the inferred one is the same certificate: better precision kept',
      ticket: () => notified(),
      event: makeEvent({ alarmAt: iso(DAY), expiry: exactExpiry(5 * DAY + 2 * HOUR) }),
      now: at(DAY),
      reason: 'expiry-improved', mail: null, status: 'notified',
      check: (t) => assert.equal(t.expiry.precision, 'exact'),
    },
    {
      title: 'better precision replaces a window',
      ticket: () => notified(makeEvent({ expiry: windowExpiry(-2 * DAY, 7 * DAY) })),
      event: makeEvent({ alarmAt: iso(DAY), expiry: inferredExpiry(5 * DAY) }),
      now: at(DAY),
      reason: 'expiry-improved', mail: null, status: 'notified',
      check: (t) => {
        assert.equal(t.expiry.precision, 'inferred');
        assert.equal(t.expiry.at, iso(5 * DAY));
      },
    },
    {
      title: 'worse precision does not replace better',
      ticket: () => notified(),
      event: makeEvent({ alarmAt: iso(DAY), expiry: windowExpiry(-DAY, 8 * DAY) }),
      now: at(DAY),
      reason: 'repeat-same-urgency', mail: null, status: 'notified',
      check: (t) => assert.equal(t.expiry.precision, 'inferred'),
    },
    {
      title: 'alarm on a quiet ticket: back to the status before quiet, no mail, pending confirmation dropped',
      ticket: () =>
        decideOnTick(notified(), { now: at(37 * HOUR), policy, nodeLastTrafficAt: iso(36.5 * HOUR) }).ticket,
      event: makeEvent({ alarmAt: iso(38 * HOUR) }),
      now: at(38 * HOUR),
      reason: 'quiet-alarm-returned', mail: null, status: 'notified',
      check: (t) => assert.equal(t.pendingMail, null),
    },
    {
      title: 'alarm on a quiet acknowledged ticket with higher urgency: mail, back to acknowledged',
      ticket: () =>
        decideOnTick(acknowledged(), { now: at(37 * HOUR), policy, nodeLastTrafficAt: iso(36.5 * HOUR) }).ticket,
      event: makeEvent({ alarm: 'CertExpired', alarmUrgency: 'expired', alarmAt: iso(5 * DAY + HOUR) }),
      now: at(5 * DAY + HOUR),
      reason: 'escalated', mail: 'escalated', status: 'acknowledged',
    },
    {
      title: 'escalation before the opening mail went out keeps it the opening mail',
      ticket: () => openWith(),
      event: makeEvent({ alarm: 'CertExpired', alarmUrgency: 'expired', alarmAt: iso(6 * DAY) }),
      now: at(6 * DAY),
      reason: 'escalated', mail: 'opened', status: 'open',
      check: (t) => assert.equal(t.revision, 2),
    },
  ];

  for (const c of cases) {
    test(c.title, () => {
      const before = c.ticket();
      const frozen = JSON.stringify(before);
      const d = decideOnEvent(before, c.event, ctxFor(c.event, c.now));
      assert.equal(d.reason, c.reason);
      assert.equal(mailAsked(before, d.ticket)?.kind ?? null, c.mail);
      assert.equal(d.ticket.status, c.status);
      assert.equal(JSON.stringify(before), frozen, 'the input ticket is not mutated');
      c.check?.(d.ticket, before);
    });
  }

  test('trust entry reported by several nodes: one ticket listing every node, linked to the source node', () => {
    const from02 = makeEvent({
      node: 'CUCM02',
      host: null,
      unit: 'tomcat-trust',
      certificate: 'CUCM01.der',
      certType: 'own-cert',
    });
    const from03 = { ...from02, node: 'CUCM03', alarmAt: iso(HOUR) };
    assert.equal(ticketIdFor(from02, 'lab'), ticketIdFor(from03, 'lab'));
    const first = decideOnEvent(null, from02, ctxFor(from02, T0, 'lab.cucm01.tomcat.tomcat.abc'));
    assert.equal(first.ticket.kind, 'trust');
    assert.equal(first.ticket.certType, 'own-cert', 'Type is kept as sent');
    assert.equal(first.ticket.linkedTicketId, 'lab.cucm01.tomcat.tomcat.abc');
    const second = decideOnEvent(first.ticket, from03, ctxFor(from03, at(HOUR)));
    assert.equal(second.reason, 'trust-node-added');
    assert.equal(mailAsked(first.ticket, second.ticket), null);
    assert.deepEqual(second.ticket.nodes, ['CUCM02', 'CUCM03']);
    const again = decideOnEvent(second.ticket, { ...from02, alarmAt: iso(DAY) }, ctxFor(from02, at(DAY)));
    assert.equal(again.reason, 'repeat-same-urgency');
    assert.deepEqual(again.ticket.nodes, ['CUCM02', 'CUCM03']);
    const relinked = decideOnEvent(
      again.ticket,
      { ...from02, alarmAt: iso(2 * DAY) },
      ctxFor(from02, at(2 * DAY), 'lab.other'),
    );
    assert.equal(relinked.ticket.linkedTicketId, 'lab.cucm01.tomcat.tomcat.abc', 'an existing link is kept');
  });

  test('a trust ticket opened without a link gets it from a later alarm once its node is known', () => {
    const event = makeEvent({
      node: 'CUCM02',
      host: null,
      unit: 'tomcat-trust',
      certificate: 'CUCM01.der',
      certType: 'own-cert',
    });
    const unlinked = decideOnEvent(null, event, ctxFor(event, T0)).ticket;
    assert.equal(unlinked.linkedTicketId, null);
    const later = { ...event, alarmAt: iso(DAY) };
    const d = decideOnEvent(unlinked, later, ctxFor(later, at(DAY), 'lab.cucm01.tomcat.tomcat.abc'));
    assert.equal(d.reason, 'repeat-same-urgency');
    assert.equal(d.ticket.linkedTicketId, 'lab.cucm01.tomcat.tomcat.abc');
    const own = makeEvent();
    const ownTicket = decideOnEvent(openWith(own), { ...own, alarmAt: iso(DAY) }, ctxFor(own, at(DAY), 'lab.x')).ticket;
    assert.equal(ownTicket.linkedTicketId, null, 'own tickets are never linked');
  });
});

describe('decideOnTick', () => {
  const quietCases: {
    title: string;
    traffic: string | null;
    now: Date;
    reason: string;
    status: string;
    mail: string | null;
  }[] = [
    {
      title: 'alarm stopped while the node kept talking: quiet + confirmation mail',
      traffic: iso(36.5 * HOUR),
      now: at(37 * HOUR),
      reason: 'quiet-suspected',
      status: 'quiet',
      mail: 'quiet-confirm',
    },
    {
      title: 'alarm stopped and no traffic known: silence changes nothing',
      traffic: null,
      now: at(37 * HOUR),
      reason: 'silent-node-no-change',
      status: 'notified',
      mail: null,
    },
    {
      title: 'alarm stopped, traffic only before the alarm was overdue: nothing',
      traffic: iso(20 * HOUR),
      now: at(37 * HOUR),
      reason: 'silent-node-no-change',
      status: 'notified',
      mail: null,
    },
    {
      title: 'alarm not overdue yet: nothing due',
      traffic: iso(20 * HOUR),
      now: at(30 * HOUR),
      reason: 'nothing-due',
      status: 'notified',
      mail: null,
    },
  ];
  for (const c of quietCases) {
    test(c.title, () => {
      const before = notified();
      const d = decideOnTick(before, { now: c.now, policy, nodeLastTrafficAt: c.traffic });
      assert.equal(d.reason, c.reason);
      assert.equal(d.ticket.status, c.status);
      assert.equal(mailAsked(before, d.ticket)?.kind ?? null, c.mail);
    });
  }

  test('a quiet ticket is not asked again and gets no reminders', () => {
    const quiet = decideOnTick(notified(), { now: at(37 * HOUR), policy, nodeLastTrafficAt: iso(36.5 * HOUR) }).ticket;
    const d = decideOnTick(quiet, { now: at(4 * DAY), policy, nodeLastTrafficAt: iso(4 * DAY) });
    assert.equal(d.reason, 'nothing-due');
    assert.equal(d.ticket.status, 'quiet');
  });

  test('reminder ladder: each step once, counted from the inferred expiry', () => {
    // Opened 5 days before expiry: step 7 is covered by the opening mail; step 3 falls due 2 days later.
    let t = notified();
    const steps: { now: Date; reason: string }[] = [
      { now: at(2 * DAY - HOUR), reason: 'silent-node-no-change' },
      { now: at(2 * DAY + 60_000), reason: 'reminder-due' },
      { now: at(2 * DAY + HOUR), reason: 'silent-node-no-change' },
      { now: at(4 * DAY + 60_000), reason: 'escalated' }, // under a day left: the day step goes with the escalation
      { now: at(4 * DAY + HOUR), reason: 'silent-node-no-change' },
      { now: at(5 * DAY), reason: 'escalated' }, // expired
      { now: at(5 * DAY + 12 * HOUR), reason: 'silent-node-no-change' },
      { now: at(6 * DAY), reason: 'expired-daily-due' },
      { now: at(6 * DAY + HOUR), reason: 'silent-node-no-change' },
      { now: at(7 * DAY + 60_000), reason: 'expired-daily-due' },
    ];
    for (const s of steps) {
      const d = decideOnTick(t, { now: s.now, policy, nodeLastTrafficAt: null });
      assert.equal(d.reason, s.reason, `at ${s.now.toISOString()}`);
      assert.equal(
        mailAsked(t, d.ticket) !== null,
        ['reminder-due', 'escalated', 'expired-daily-due'].includes(s.reason),
      );
      t = d.ticket;
    }
    assert.deepEqual(t.remindersSent, [7, 3, 1, 0]);
  });

  test('acknowledged: no ladder reminder and no daily reminder, but escalation still mails', () => {
    let t = acknowledged();
    let d = decideOnTick(t, { now: at(2 * DAY + 60_000), policy, nodeLastTrafficAt: null });
    assert.equal(mailAsked(t, d.ticket), null);
    t = d.ticket;
    d = decideOnTick(t, { now: at(5 * DAY), policy, nodeLastTrafficAt: null });
    assert.equal(d.reason, 'escalated');
    assert.equal(mailAsked(t, d.ticket)?.kind, 'escalated');
    assert.equal(d.ticket.status, 'acknowledged');
    t = d.ticket;
    d = decideOnTick(t, { now: at(7 * DAY), policy, nodeLastTrafficAt: null });
    assert.equal(mailAsked(t, d.ticket), null);
  });

  test('window precision: reminders count from the earliest possible expiry', () => {
    const t = notified(makeEvent({ expiry: windowExpiry(4 * DAY, 6 * DAY) }));
    assert.deepEqual(t.remindersSent, [7]);
    // Step 3 is due 3 days before the earliest possible expiry (T0+1d), not before the latest (T0+3d).
    assert.equal(decideOnTick(t, { now: at(DAY - HOUR), policy, nodeLastTrafficAt: null }).reason, 'nothing-due');
    const d = decideOnTick(t, { now: at(DAY + 60_000), policy, nodeLastTrafficAt: null });
    assert.equal(d.reason, 'reminder-due');
    assert.equal(mailAsked(t, d.ticket)?.kind, 'reminder');
    assert.equal(d.ticket.urgency, 'week');
  });

  test('a reminder before the opening mail went out stays the opening mail', () => {
    const before = openWith();
    const d = decideOnTick(before, { now: at(2 * DAY + 60_000), policy, nodeLastTrafficAt: null });
    assert.equal(d.reason, 'reminder-due');
    assert.deepEqual(mailAsked(before, d.ticket), { kind: 'opened', revision: 2 });
  });

  test('daily after expiry can be switched off', () => {
    const t = notified(makeEvent({ expiry: inferredExpiry(-DAY) }));
    const off = { ...policy, dailyAfterExpiry: false };
    assert.equal(
      mailAsked(t, decideOnTick(t, { now: at(2 * DAY), policy: off, nodeLastTrafficAt: null }).ticket),
      null,
    );
    assert.equal(
      decideOnTick(t, { now: at(DAY + 60_000), policy, nodeLastTrafficAt: null }).reason,
      'expired-daily-due',
    );
  });

  test('resolved tickets are left alone', () => {
    const t = decideOnAction(notified(), { type: 'resolve' }, 'bob', at(HOUR)).ticket;
    const d = decideOnTick(t, { now: at(10 * DAY), policy, nodeLastTrafficAt: iso(10 * DAY) });
    assert.equal(d.reason, 'resolved-no-change');
    assert.equal(mailAsked(t, d.ticket), null);
  });
});

describe('decideOnAction', () => {
  const cases: {
    title: string;
    ticket: () => Ticket;
    action: Parameters<typeof decideOnAction>[1];
    reason: string;
    status: string;
    outcome: string;
  }[] = [
    {
      title: 'ack a notified ticket',
      ticket: () => notified(),
      action: { type: 'ack' },
      reason: 'acknowledged',
      status: 'acknowledged',
      outcome: 'done',
    },
    {
      title: 'ack a quiet ticket',
      ticket: () => decideOnTick(notified(), { now: at(37 * HOUR), policy, nodeLastTrafficAt: iso(37 * HOUR) }).ticket,
      action: { type: 'ack' },
      reason: 'acknowledged',
      status: 'acknowledged',
      outcome: 'done',
    },
    {
      title: 'ack twice: already acknowledged, unchanged',
      ticket: () => acknowledged(),
      action: { type: 'ack' },
      reason: 'already-acknowledged',
      status: 'acknowledged',
      outcome: 'already',
    },
    {
      title: 'ack twice with a note: the note is recorded',
      ticket: () => acknowledged(),
      action: { type: 'ack', note: 'on it' },
      reason: 'noted',
      status: 'acknowledged',
      outcome: 'done',
    },
    {
      title: 'reopen a resolved ticket: notified again',
      ticket: () => decideOnAction(notified(), { type: 'resolve' }, 'bob', T0).ticket,
      action: { type: 'reopen', note: 'trust copies still alarm' },
      reason: 'reopened-by-user',
      status: 'notified',
      outcome: 'done',
    },
    {
      title: 'reopen a quiet ticket: back to its status before',
      ticket: () =>
        decideOnTick(acknowledged(), { now: at(37 * HOUR), policy, nodeLastTrafficAt: iso(37 * HOUR) }).ticket,
      action: { type: 'reopen' },
      reason: 'reopened-by-user',
      status: 'acknowledged',
      outcome: 'done',
    },
    {
      title: 'reopen an open ticket: already open',
      ticket: () => notified(),
      action: { type: 'reopen' },
      reason: 'already-open',
      status: 'notified',
      outcome: 'already',
    },
    {
      title: 'a note keeps the status',
      ticket: () => notified(),
      action: { type: 'note', note: 'CHG42 on Saturday' },
      reason: 'noted',
      status: 'notified',
      outcome: 'done',
    },
    {
      title: 'a note on a resolved ticket',
      ticket: () => decideOnAction(notified(), { type: 'resolve' }, 'bob', T0).ticket,
      action: { type: 'note', note: 'done in CHG42' },
      reason: 'noted',
      status: 'resolved',
      outcome: 'done',
    },
    {
      title: 'an empty note is refused',
      ticket: () => notified(),
      action: { type: 'note', note: '  ' },
      reason: 'note-missing',
      status: 'notified',
      outcome: 'refused',
    },
    {
      title: 'resolve with a note',
      ticket: () => acknowledged(),
      action: { type: 'resolve', note: 'renewed on all nodes' },
      reason: 'resolved-by-user',
      status: 'resolved',
      outcome: 'done',
    },
    {
      title: 'resolve twice: already resolved, unchanged',
      ticket: () => decideOnAction(notified(), { type: 'resolve' }, 'bob', T0).ticket,
      action: { type: 'resolve' },
      reason: 'already-resolved',
      status: 'resolved',
      outcome: 'already',
    },
    {
      title: 'ack a resolved ticket is refused',
      ticket: () => decideOnAction(notified(), { type: 'resolve' }, 'bob', T0).ticket,
      action: { type: 'ack' },
      reason: 'ticket-resolved',
      status: 'resolved',
      outcome: 'refused',
    },
    {
      title: 'confirm an unparseable date is refused',
      ticket: () => notified(),
      action: { type: 'confirm-expiry', at: 'next tuesday' },
      reason: 'invalid-date',
      status: 'notified',
      outcome: 'refused',
    },
    {
      title: 'confirm a date without zone is refused',
      ticket: () => notified(),
      action: { type: 'confirm-expiry', at: '2026-11-25T14:46:00' },
      reason: 'invalid-date',
      status: 'notified',
      outcome: 'refused',
    },
    {
      title: 'confirm the exact expiry',
      ticket: () => notified(),
      action: { type: 'confirm-expiry', at: iso(5 * DAY + 3 * HOUR) },
      reason: 'expiry-confirmed',
      status: 'notified',
      outcome: 'done',
    },
    {
      title: 'confirm a much later expiry: renewed',
      ticket: () => notified(),
      action: { type: 'confirm-expiry', at: '2031-11-20' },
      reason: 'confirmed-renewed',
      status: 'resolved',
      outcome: 'done',
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const before = c.ticket();
      const d = decideOnAction(before, c.action, 'alice', at(2 * HOUR));
      assert.equal(d.reason, c.reason);
      assert.equal(d.outcome, c.outcome);
      assert.equal(d.ticket.status, c.status);
      assert.equal(mailAsked(before, d.ticket), null, 'actions never mail');
      if (c.outcome !== 'done') assert.deepEqual(d.ticket, before);
      else {
        assert.equal(d.ticket.history.at(-1)?.by, 'alice');
        assert.equal(d.ticket.history.at(-1)?.reason, c.reason);
        assert.equal(
          d.ticket.history.at(-1)?.note,
          'note' in c.action ? c.action.note : undefined,
          'the note is in the history',
        );
      }
    });
  }

  test('confirmed expiry is exact, from the admin, and wins over later alarms', () => {
    const confirmed = decideOnAction(
      notified(),
      { type: 'confirm-expiry', at: iso(5 * DAY + 3 * HOUR) },
      'alice',
      at(HOUR),
    ).ticket;
    assert.equal(confirmed.expiry.precision, 'exact');
    assert.equal(confirmed.expiry.source, 'admin');
    const later = makeEvent({ alarmAt: iso(DAY), expiry: inferredExpiry(5 * DAY) });
    const d = decideOnEvent(confirmed, later, ctxFor(later, at(DAY)));
    assert.equal(d.ticket.expiry.at, iso(5 * DAY + 3 * HOUR));
    assert.equal(d.ticket.expiry.source, 'admin');
  });

  test('resolve drops a pending mail', () => {
    const d = decideOnAction(openWith(), { type: 'resolve' }, 'bob', at(HOUR));
    assert.equal(d.ticket.pendingMail, null);
    assert.equal(unmailedRevision(d.ticket), null);
  });
});

describe('recordMailSent', () => {
  test('first mail: notified, thread and its subject set; same revision again is a no-op', () => {
    const t = openWith();
    assert.equal(t.threadSubject, null, 'a new ticket has no thread yet');
    assert.equal(unmailedRevision(t)?.revision, 1);
    const r = recordMailSent(
      t,
      { revision: 1, messageId: '<m1@x>', threadSubject: '[certwatch] lab: one' },
      at(60_000),
    );
    assert.equal(r.reason, 'mail-recorded');
    assert.equal(r.ticket.status, 'notified');
    assert.equal(r.ticket.threadMessageId, '<m1@x>');
    assert.equal(r.ticket.threadSubject, '[certwatch] lab: one');
    assert.equal(r.ticket.pendingMail, null);
    assert.equal(unmailedRevision(r.ticket), null);
    const again = recordMailSent(
      r.ticket,
      { revision: 1, messageId: '<m1@x>', threadSubject: '[certwatch] lab: one' },
      at(120_000),
    );
    assert.equal(again.reason, 'already-recorded');
    assert.equal(again.ticket.mailed.length, 1);
  });

  test('follow-up mails keep the first thread and its subject', () => {
    const t = notified();
    const esc = makeEvent({ alarm: 'CertExpired', alarmUrgency: 'expired', alarmAt: iso(6 * DAY) });
    const d = decideOnEvent(t, esc, ctxFor(esc, at(6 * DAY)));
    const mail = mailAsked(t, d.ticket);
    assert.ok(mail);
    const r = recordMailSent(
      d.ticket,
      { revision: mail.revision, messageId: '<m2@x>', threadSubject: '[certwatch] lab: second' },
      at(6 * DAY),
    );
    assert.equal(r.ticket.threadMessageId, '<first@x>');
    assert.equal(r.ticket.threadSubject, '[certwatch] lab: first');
    assert.deepEqual(r.ticket.mailed.map((m) => m.revision), [1, 2]);
  });

  test('a thread started before subjects were kept takes the subject of its next mail, then keeps it', () => {
    const legacy = { ...notified(), threadSubject: null };
    const esc = makeEvent({ alarm: 'CertExpired', alarmUrgency: 'expired', alarmAt: iso(6 * DAY) });
    const d = decideOnEvent(legacy, esc, ctxFor(esc, at(6 * DAY)));
    const r = recordMailSent(
      d.ticket,
      { revision: d.ticket.revision, messageId: '<m2@x>', threadSubject: '[certwatch] lab: now' },
      at(6 * DAY),
    );
    assert.equal(r.ticket.threadMessageId, '<first@x>');
    assert.equal(r.ticket.threadSubject, '[certwatch] lab: now');
  });
});
