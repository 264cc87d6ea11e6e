// Stored tickets read by this version: a ticket written before `threadSubject` existed reads with it null (issue 10);
// one that has it keeps it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readStoredTicket, TICKET_SCHEMA_VERSION } from '../../src/tickets/ticket-migrations.js';
import { openWith } from './fixtures.js';

function storedWithout(field: string, extra: Record<string, unknown>): string {
  const { [field]: _dropped, ...rest } = openWith() as unknown as Record<string, unknown>;
  return JSON.stringify({ ...rest, ...extra });
}

describe('readStoredTicket', () => {
  const cases: { title: string; raw: string; expected: string | null }[] = [
    {
      title: 'written before versions existed (v0), no threadSubject',
      raw: storedWithout('threadSubject', {}),
      expected: null,
    },
    {
      title: 'written by version 1 before threadSubject existed',
      raw: storedWithout('threadSubject', { schemaVersion: 1 }),
      expected: null,
    },
    {
      title: 'with a thread subject',
      raw: JSON.stringify({ ...openWith(), threadSubject: '[certwatch] lab: x', schemaVersion: 1 }),
      expected: '[certwatch] lab: x',
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const ticket = readStoredTicket('t', c.raw);
      assert.equal(ticket.threadSubject, c.expected);
      assert.equal(ticket.schemaVersion, TICKET_SCHEMA_VERSION);
      assert.equal(ticket.id, openWith().id, 'the rest as stored');
    });
  }
});
