// When the tick looks at a ticket next (nextTickAt): never later than the first instant at which time alone changes
// what decideOnTick decides, for any ticket state, expiry precision and policy. The property: take a ticket the tick
// just decided on (nothing left to change at `now`, its mail sent), then at every instant before nextTickAt (the node
// sending other traffic all the while, the quiet rule's worst case, or silent) decideOnTick changes nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { decideOnTick, recordMailSent, unmailedRevision } from '../../src/tickets/decide.js';
import { nextTickAt } from '../../src/tickets/next-tick.js';
import { policyFrom, type Policy } from '../../src/tickets/policy.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, HOUR, T0, at, exactExpiry, inferredExpiry, makeEvent, openWith, windowExpiry } from './fixtures.js';

/** The ticket as the tick leaves it at `now`: decided on until nothing changes, each mail it asked for sent. */
function settled(ticket: Ticket, policy: Policy, now: Date, traffic: boolean): Ticket {
  let t = ticket;
  for (let i = 0; i < 10; i += 1) {
    const pending = unmailedRevision(t);
    if (pending) {
      t = recordMailSent(t, { revision: pending.revision, messageId: `<m${i}@x>`, threadSubject: 's' }, now).ticket;
    }
    const next = decideOnTick(t, { now, policy, nodeLastTrafficAt: traffic ? now.toISOString() : null }).ticket;
    if (JSON.stringify(next) === JSON.stringify(t) && !unmailedRevision(next)) return t;
    t = next;
  }
  throw new Error('the tick never settles');
}

const expiryArb = fc.oneof(
  fc.integer({ min: -20, max: 60 }).map((d) => exactExpiry(d * DAY + 3 * HOUR)),
  fc.integer({ min: -20, max: 60 }).map((d) => inferredExpiry(d * DAY)),
  fc
    .tuple(fc.integer({ min: -20, max: 40 }), fc.integer({ min: 0, max: 400 }))
    .map(([e, w]) => windowExpiry(e * DAY, (e + w) * DAY)),
);

const policyArb = fc.record({
  reminderDays: fc.uniqueArray(fc.integer({ min: 0, max: 45 }), { minLength: 0, maxLength: 5 }),
  quietAfterMs: fc.integer({ min: 1, max: 60 * 24 }).map((h) => h * HOUR),
  dailyAfterExpiry: fc.boolean(),
}).map((p) => policyFrom(p));

describe('nextTickAt', () => {
  test('time changes nothing for a ticket before its next tick (any state, expiry and policy)', () => {
    fc.assert(
      fc.property(
        expiryArb,
        policyArb,
        fc.constantFrom('CertValidfor7days', 'CertExpired', 'CertValidLessthanADay'),
        fc.constantFrom('none', 'ack', 'snooze', 'quiet'),
        fc.integer({ min: 0, max: 30 * 24 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (expiry, policy, alarm, action, laterHours, shares, traffic) => {
          const urgency = alarm === 'CertExpired' ? 'expired' : alarm === 'CertValidLessthanADay' ? 'day' : 'week';
          let ticket = openWith(makeEvent({ expiry, alarm, alarmUrgency: urgency }));
          const now = at(laterHours * HOUR);
          if (action === 'ack') ticket = { ...ticket, status: 'acknowledged' };
          if (action === 'snooze') ticket = { ...ticket, snoozedUntil: at(laterHours * HOUR + 5 * DAY).toISOString() };
          if (action === 'quiet') ticket = { ...ticket, status: 'quiet' };
          ticket = settled(ticket, policy, now, traffic);
          const next = nextTickAt(ticket, policy, now);
          assert.ok(next >= now.getTime());
          const horizon = Math.min(next, now.getTime() + 500 * DAY);
          const instants = [
            ...shares.map((share) =>
              Math.min(Math.floor(now.getTime() + (horizon - now.getTime()) * share), horizon - 1),
            ),
            horizon - 1,
          ];
          for (const instant of instants) {
            if (instant < now.getTime()) continue;
            const when = new Date(instant);
            const decided = decideOnTick(ticket, {
              now: when,
              policy,
              nodeLastTrafficAt: traffic ? when.toISOString() : null,
            });
            assert.equal(
              JSON.stringify(decided.ticket),
              JSON.stringify(ticket),
              `changed at ${when.toISOString()} before next tick ${next}: ${decided.reason}`,
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('a resolved ticket is never due; a pending mail is due at once; otherwise the earliest ladder step', () => {
    const policy = policyFrom({ reminderDays: [10, 3], quietAfterMs: 400 * DAY });
    const opened = openWith(makeEvent({ expiry: exactExpiry(20 * DAY) }));
    assert.equal(nextTickAt({ ...opened, status: 'resolved' }, policy, T0), Number.POSITIVE_INFINITY);
    assert.equal(nextTickAt(opened, policy, T0), T0.getTime(), 'the opening mail is pending');
    const mailed = settled(opened, policy, T0, true);
    assert.equal(nextTickAt(mailed, policy, T0), T0.getTime() + 10 * DAY, '10 days before the expiry');
    // The reminder is then decided at that tick, not one later.
    const due = decideOnTick(mailed, { now: new Date(T0.getTime() + 10 * DAY), policy, nodeLastTrafficAt: null });
    assert.equal(due.reason, 'reminder-due');
  });
});
