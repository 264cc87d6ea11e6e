// Snooze decisions with a fixed clock (issue 10): no reminders while snoozed ('snoozed'), escalations still mail and
// are marked as sent during the snooze, reminders resume by themselves after the end, a cluster's snooze reaches the
// tickets opened after it, and a ticket stored before the field existed reads as not snoozed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideOnAction,
  decideOnEvent,
  decideOnTick,
  recordMailSent,
  type TicketAction,
} from '../../src/tickets/decide.js';
import type { ClusterSnooze } from '../../src/tickets/snooze.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { readStoredTicket } from '../../src/tickets/ticket-migrations.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import type { CertificateEvent } from '../../src/domain/certificate-event.js';
import { DAY, HOUR, T0, at, exactExpiry, inferredExpiry, iso, makeEvent, openWith, policy } from './fixtures.js';

const tick = (t: Ticket, now: Date, clusterSnooze: ClusterSnooze | null = null) =>
  decideOnTick(t, { now, policy, nodeLastTrafficAt: null, clusterSnooze });

/** A ticket whose opening mail went out (expiry T0+5d: ladder step 7 covered, step 3 due at T0+2d). */
function notified(event: CertificateEvent = makeEvent()): Ticket {
  const t = openWith(event, T0);
  return recordMailSent(
    t,
    { revision: t.revision, messageId: '<first@x>', threadSubject: '[certwatch] lab: first' },
    T0,
  ).ticket;
}

function snoozed(until: string, t: Ticket = notified()): Ticket {
  const d = decideOnAction(t, { type: 'snooze', until, note: 'CHG4711' }, 'alice', at(HOUR), policy);
  assert.equal(d.reason, 'snoozed');
  return d.ticket;
}

describe('a snoozed ticket on a tick', () => {
  test('a reminder due while snoozed: reason snoozed, the ticket unchanged, no mail (not snoozed: the reminder)', () => {
    const t = snoozed(iso(3 * DAY));
    const d = tick(t, at(2 * DAY + 60_000));
    assert.equal(d.reason, 'snoozed');
    assert.deepEqual(d.ticket, t, 'nothing recorded, nothing mailed, the ladder step still open');
    assert.equal(
      tick(notified(), at(2 * DAY + 60_000)).reason,
      'reminder-due',
      'the same tick without the snooze reminds',
    );
  });

  test('the daily reminder after expiry is held back too', () => {
    const t = snoozed(iso(3 * DAY), notified(makeEvent({ expiry: inferredExpiry(-DAY) })));
    const d = tick(t, at(DAY + 60_000));
    assert.equal(d.reason, 'snoozed');
    assert.equal(d.ticket.pendingMail, null);
  });

  test('reminders resume by themselves once the end passed: the step held back is mailed then', () => {
    const t = snoozed(iso(2.5 * DAY));
    assert.equal(tick(t, at(2.5 * DAY - 60_000)).reason, 'snoozed');
    const d = tick(t, at(2.5 * DAY + 60_000));
    assert.equal(d.reason, 'reminder-due');
    assert.equal(d.ticket.snoozedUntil, null);
    assert.deepEqual(d.ticket.history.slice(-2).map((h) => h.reason), ['snooze-ended', 'reminder-due']);
    assert.equal(d.ticket.pendingMail?.kind, 'reminder');
    assert.equal(d.ticket.pendingMail?.duringSnoozeUntil, undefined, 'an ordinary reminder, not a snooze breaker');
  });

  test('an end that passed with nothing due: snooze-ended, cleared', () => {
    const t = snoozed(iso(DAY));
    const d = tick(t, at(DAY + 60_000));
    assert.equal(d.reason, 'snooze-ended');
    assert.equal(d.ticket.snoozedUntil, null);
    assert.equal(d.ticket.pendingMail, null);
  });

  test('an escalation with time still mails, marked as sent during the snooze (kept in the mailed record)', () => {
    const until = iso(30 * DAY);
    const t = snoozed(until);
    const d = tick(t, at(4 * DAY + 60_000)); // under a day left
    assert.equal(d.reason, 'escalated');
    assert.equal(d.ticket.pendingMail?.kind, 'escalated');
    assert.equal(d.ticket.pendingMail?.duringSnoozeUntil, until);
    const sent = recordMailSent(
      d.ticket,
      { revision: d.ticket.revision, messageId: '<esc@x>', threadSubject: 's' },
      at(4 * DAY + 2 * 60_000),
    ).ticket;
    assert.equal(sent.mailed.at(-1)?.duringSnoozeUntil, until);
    assert.equal(sent.snoozedUntil, until, 'the snooze goes on');
    assert.equal(tick(sent, at(4 * DAY + HOUR)).ticket.pendingMail, null, 'and asks for nothing more');
  });

  test('an escalation by an alarm still mails, marked as sent during the snooze', () => {
    const until = iso(30 * DAY);
    const t = snoozed(until);
    const event = makeEvent({
      alarm: 'CertValidLessthanADay',
      alarmUrgency: 'day',
      alarmAt: iso(2 * HOUR),
      expiry: exactExpiry(20 * HOUR),
    });
    const d = decideOnEvent(t, event, {
      clusterId: 'lab',
      ticketId: ticketIdFor(event, 'lab'),
      now: at(2 * HOUR),
      policy,
    });
    assert.equal(d.reason, 'escalated');
    assert.equal(d.ticket.pendingMail?.duringSnoozeUntil, until);
    const plain = decideOnEvent(notified(), event, {
      clusterId: 'lab',
      ticketId: ticketIdFor(event, 'lab'),
      now: at(2 * HOUR),
      policy,
    });
    assert.equal(plain.ticket.pendingMail?.duringSnoozeUntil, undefined, 'not snoozed: not marked');
  });
});

describe('snooze and unsnooze actions', () => {
  const cases: {
    title: string;
    ticket: () => Ticket;
    action: TicketAction;
    reason: string;
    outcome: string;
    snoozedUntil: string | null;
  }[] = [
    {
      title: 'snooze',
      ticket: notified,
      action: { type: 'snooze', until: iso(3 * DAY) },
      reason: 'snoozed',
      outcome: 'done',
      snoozedUntil: iso(3 * DAY),
    },
    {
      title: 'snooze with an offset: stored in UTC',
      ticket: notified,
      action: { type: 'snooze', until: '2026-11-23T12:00:00+02:00' },
      reason: 'snoozed',
      outcome: 'done',
      snoozedUntil: '2026-11-23T10:00:00.000Z',
    },
    {
      title: 'snooze to another end',
      ticket: () => snoozed(iso(DAY)),
      action: { type: 'snooze', until: iso(3 * DAY) },
      reason: 'snoozed',
      outcome: 'done',
      snoozedUntil: iso(3 * DAY),
    },
    {
      title: 'snooze to the same end again',
      ticket: () => snoozed(iso(DAY)),
      action: { type: 'snooze', until: iso(DAY) },
      reason: 'already-snoozed',
      outcome: 'already',
      snoozedUntil: iso(DAY),
    },
    {
      title: 'snooze: not a date',
      ticket: notified,
      action: { type: 'snooze', until: 'next week' },
      reason: 'invalid-date',
      outcome: 'refused',
      snoozedUntil: null,
    },
    {
      title: 'snooze: an end in the past',
      ticket: notified,
      action: { type: 'snooze', until: iso(-HOUR) },
      reason: 'until-not-future',
      outcome: 'refused',
      snoozedUntil: null,
    },
    {
      title: 'snooze: more than a year',
      ticket: notified,
      action: { type: 'snooze', until: iso(367 * DAY) },
      reason: 'until-too-far',
      outcome: 'refused',
      snoozedUntil: null,
    },
    {
      title: 'snooze a resolved ticket',
      ticket: () => decideOnAction(notified(), { type: 'resolve' }, 'bob', at(HOUR)).ticket,
      action: { type: 'snooze', until: iso(DAY) },
      reason: 'ticket-resolved',
      outcome: 'refused',
      snoozedUntil: null,
    },
    {
      title: 'unsnooze',
      ticket: () => snoozed(iso(DAY)),
      action: { type: 'unsnooze' },
      reason: 'snooze-ended-by-user',
      outcome: 'done',
      snoozedUntil: null,
    },
    {
      title: 'unsnooze a ticket not snoozed',
      ticket: notified,
      action: { type: 'unsnooze' },
      reason: 'not-snoozed',
      outcome: 'already',
      snoozedUntil: null,
    },
    {
      title: 'unsnooze a ticket not snoozed, with a note: the note is kept',
      ticket: notified,
      action: { type: 'unsnooze', note: 'n' },
      reason: 'noted',
      outcome: 'done',
      snoozedUntil: null,
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const d = decideOnAction(c.ticket(), c.action, 'carol', at(2 * HOUR), policy);
      assert.deepEqual([d.reason, d.outcome, d.ticket.snoozedUntil], [c.reason, c.outcome, c.snoozedUntil]);
      if (c.outcome === 'done') assert.equal(d.ticket.history.at(-1)!.by, 'carol');
    });
  }

  test('the reason and the end are in the history', () => {
    const t = snoozed(iso(DAY));
    const entry = t.history.at(-1)!;
    assert.deepEqual(
      [entry.reason, entry.by, entry.note, entry.detail, entry.to],
      ['snoozed', 'alice', 'CHG4711', `until ${iso(DAY)}`, 'notified'],
    );
  });

  test('a reminder decided but not mailed yet is dropped by a snooze; an escalation is not', () => {
    const reminded = tick(notified(), at(2 * DAY + 60_000)).ticket;
    assert.equal(reminded.pendingMail?.kind, 'reminder');
    assert.equal(
      decideOnAction(reminded, { type: 'snooze', until: iso(3 * DAY) }, 'a', at(2 * DAY + 2 * 60_000)).ticket
        .pendingMail,
      null,
    );
    const escalated = tick(notified(), at(4 * DAY + 60_000)).ticket;
    assert.equal(
      decideOnAction(escalated, { type: 'snooze', until: iso(6 * DAY) }, 'a', at(4 * DAY + 2 * 60_000)).ticket
        .pendingMail?.kind,
      'escalated',
    );
  });
});

describe("a cluster's snooze on a tick", () => {
  const clusterSnooze = (over: Partial<ClusterSnooze> = {}): ClusterSnooze =>
    ({ clusterId: 'lab', until: iso(3 * DAY), at: iso(-HOUR), by: 'dave', note: 'CHG1: cluster upgrade', ...over });

  test('a ticket first seen after it was set takes it, and its reminders are held back', () => {
    const t = notified();
    const d = tick(t, at(HOUR), clusterSnooze());
    assert.equal(d.reason, 'cluster-snooze-applied');
    assert.equal(d.ticket.snoozedUntil, iso(3 * DAY));
    const entry = d.ticket.history.at(-1)!;
    assert.deepEqual([entry.reason, entry.by, entry.note], ['cluster-snooze-applied', 'dave', 'CHG1: cluster upgrade']);
    assert.equal(tick(d.ticket, at(2 * DAY + 60_000), clusterSnooze()).reason, 'snoozed', 'taken once, then it holds');
  });

  test('a reminder due at the tick that applies it is held back', () => {
    const d = tick(notified(), at(2 * DAY + 60_000), clusterSnooze());
    assert.equal(d.reason, 'snoozed');
    assert.equal(d.ticket.snoozedUntil, iso(3 * DAY));
    assert.equal(d.ticket.pendingMail, null);
  });

  const untouched: { title: string; ticket: () => Ticket; snooze: ClusterSnooze; now: Date }[] = [
    {
      title: 'a ticket seen before it was set (the request snoozed those itself)',
      ticket: notified,
      snooze: clusterSnooze({ at: iso(HOUR) }),
      now: at(2 * HOUR),
    },
    {
      title: 'a ticket whose own snooze a user ended since',
      ticket: () => decideOnAction(snoozed(iso(DAY)), { type: 'unsnooze' }, 'erin', at(2 * HOUR)).ticket,
      snooze: clusterSnooze(),
      now: at(3 * HOUR),
    },
    {
      title: 'a cluster snooze that ended',
      ticket: notified,
      snooze: clusterSnooze({ until: iso(HOUR) }),
      now: at(2 * HOUR),
    },
  ];
  for (const c of untouched) {
    test(`not taken by ${c.title}`, () => {
      const t = c.ticket();
      const d = tick(t, c.now, c.snooze);
      assert.equal(d.ticket.snoozedUntil, null);
      assert.ok(!d.ticket.history.some((h) => h.reason === 'cluster-snooze-applied'));
    });
  }
});

describe("a ticket opened during its cluster's snooze", () => {
  const clusterSnooze: ClusterSnooze = {
    clusterId: 'lab',
    until: iso(3 * DAY),
    at: iso(-HOUR),
    by: 'dave',
    note: 'CHG1: cluster upgrade',
  };
  const open = (snooze: ClusterSnooze | null, now = T0) => {
    const event = makeEvent({ expiry: exactExpiry(10 * DAY) });
    return decideOnEvent(null, event, {
      clusterId: 'lab',
      ticketId: ticketIdFor(event, 'lab'),
      now,
      policy,
      clusterSnooze: snooze,
    });
  };

  test('takes the snooze at once; its opening mail still goes, marked as decided during the snooze', () => {
    const d = open(clusterSnooze);
    assert.equal(d.reason, 'first-alarm');
    assert.equal(d.ticket.snoozedUntil, iso(3 * DAY));
    const entry = d.ticket.history.at(-1)!;
    assert.deepEqual([entry.reason, entry.by, entry.note], ['cluster-snooze-applied', 'dave', 'CHG1: cluster upgrade']);
    assert.deepEqual([d.ticket.pendingMail?.kind, d.ticket.pendingMail?.duringSnoozeUntil], ['opened', iso(3 * DAY)]);
    assert.equal(tick(d.ticket, at(HOUR), clusterSnooze).reason, 'nothing-due', 'the tick has nothing left to apply');
  });
  test('not taken when the snooze ended, or was set after the alarm arrived (a spooled event)', () => {
    for (const d of [
      open({ ...clusterSnooze, until: iso(-60_000) }),
      open({ ...clusterSnooze, at: iso(HOUR) }),
      open(null),
    ]) {
      assert.equal(d.ticket.snoozedUntil, null);
      assert.equal(d.ticket.pendingMail?.duringSnoozeUntil, undefined);
    }
  });
});

test('a ticket stored before snoozedUntil existed reads as not snoozed; one that has it keeps it', () => {
  const { snoozedUntil: _dropped, ...old } = notified();
  assert.equal(readStoredTicket('t', JSON.stringify({ ...old, schemaVersion: 1 })).snoozedUntil, null);
  assert.equal(
    readStoredTicket('t', JSON.stringify({ ...old })).snoozedUntil,
    null,
    'and one from before versions existed',
  );
  assert.equal(
    readStoredTicket('t', JSON.stringify({ ...old, snoozedUntil: iso(DAY), schemaVersion: 1 })).snoozedUntil,
    iso(DAY),
  );
  assert.equal(tick(readStoredTicket('t', JSON.stringify(old)), at(2 * DAY + 60_000)).reason, 'reminder-due');
});
