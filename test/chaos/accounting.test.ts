// The chaos suite's books: what counts as accepted, ticketed, lost and duplicated, from observations only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepBooks, type Observations } from '../../scripts/chaos/accounting.js';

const alarm = (n: number) => ({ eventId: `e${n}`, node: 'CUCM01', unit: 'tomcat', certificate: `c${n}.der` });
const ticket = (n: number, occurrences = 1) => ({
  id: `t${n}`,
  node: 'cucm01',
  nodes: ['CUCM01'],
  unit: 'tomcat',
  certificate: `c${n}.der`,
  occurrences,
});
const R = 'ops@example.net';

function seen(over: Partial<Observations>): Observations {
  return {
    accepted: [alarm(1), alarm(2)],
    tickets: [ticket(1), ticket(2)],
    mails: [],
    records: [],
    receivers: [R],
    ...over,
  };
}

test('every accepted alarm ticketed and mailed once: nothing lost, nothing duplicated', () => {
  const books = keepBooks(
    seen({
      mails: [{ messageId: '<group.2.abc@x>', ticketIds: ['t1', 't2'], receivers: [R] }],
      records: [
        {
          messageId: '<group.2.abc@x>',
          members: [
            { ticketId: 't1', revision: 1 },
            { ticketId: 't2', revision: 1 },
          ],
        },
      ],
    }),
  );
  assert.deepEqual(books, {
    accepted: 2,
    ticketed: 2,
    delivered: 1,
    duplicates: 0,
    sameIdResends: 0,
    lost: 0,
    unknownRevisions: 0,
    occurrences: 2,
  });
});

test('an alarm without a ticket, and a ticket never mailed, are lost', () => {
  const books = keepBooks(
    seen({
      accepted: [alarm(1), alarm(2), alarm(3)],
      mails: [{ messageId: '<t1.r1@x>', ticketIds: ['t1'], receivers: [R] }],
    }),
  );
  assert.equal(books.ticketed, 2);
  assert.equal(books.lost, 2, 'c2 was never mailed, c3 has no ticket');
});

test('a mail to another receiver does not count as delivered to the expected one', () => {
  const books = keepBooks(
    seen({
      accepted: [alarm(1)],
      mails: [{ messageId: '<t1.r1@x>', ticketIds: ['t1'], receivers: ['other@example.net'] }],
    }),
  );
  assert.equal(books.lost, 1);
});

test('one revision in two differently composed mails is a duplicate; a resend of the same mail is told apart', () => {
  const books = keepBooks(
    seen({
      mails: [
        { messageId: '<group.2.abc@x>', ticketIds: ['t1', 't2'], receivers: [R] },
        { messageId: '<group.2.abc@x>', ticketIds: ['t1', 't2'], receivers: [R] },
        { messageId: '<t1.r1@x>', ticketIds: ['t1'], receivers: [R] },
      ],
      records: [
        {
          messageId: '<group.2.abc@x>',
          members: [
            { ticketId: 't1', revision: 1 },
            { ticketId: 't2', revision: 1 },
          ],
        },
      ],
    }),
  );
  assert.equal(books.duplicates, 3, 't1 three times, t2 twice');
  assert.equal(books.sameIdResends, 2, 'the second copy of the group mail, for each of its tickets');
});

test('a later revision of a ticket is a new mail, not a duplicate', () => {
  const books = keepBooks(
    seen({
      accepted: [alarm(1)],
      mails: [
        { messageId: '<t1.r1@x>', ticketIds: ['t1'], receivers: [R] },
        { messageId: '<t1.r2@x>', ticketIds: ['t1'], receivers: [R] },
      ],
    }),
  );
  assert.equal(books.duplicates, 0);
});

test('a delivery whose revision cannot be told is counted as unknown', () => {
  const books = keepBooks(
    seen({ accepted: [alarm(1)], mails: [{ messageId: '<group.1.zzz@x>', ticketIds: ['t1'], receivers: [R] }] }),
  );
  assert.equal(books.unknownRevisions, 1);
});

test('a one-ticket Message-ID with the install id still names its revision', () => {
  const books = keepBooks(
    seen({
      accepted: [alarm(1)],
      mails: [
        { messageId: '<t1.r1.0123456789abcdef@x>', ticketIds: ['t1'], receivers: [R] },
        { messageId: '<t1.r1.0123456789abcdef@x>', ticketIds: ['t1'], receivers: [R] },
      ],
    }),
  );
  assert.equal(books.unknownRevisions, 0);
  assert.equal(books.sameIdResends, 1);
});
