// One node identity for every part that compares nodes (ticket keys, discovery, the metrics): the short host name,
// lower-case, an address kept whole; and the inventory's name of a node however a source spelled it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listedNodeName, normalizeNodeName } from '../../src/tickets/ticket-key.js';
import { knownCluster } from '../notify/mail-fixtures.js';

describe('normalizeNodeName', () => {
  const cases: [string, string][] = [
    ['CUCM01', 'cucm01'],
    ['cucm01.lab.example', 'cucm01'],
    [' CUCM01.LAB.EXAMPLE ', 'cucm01'],
    ['192.0.2.11', '192.0.2.11'],
    ['2001:db8::11', '2001:db8::11'],
  ];
  for (const [read, expected] of cases) {
    test(`${JSON.stringify(read)} -> ${expected}`, () => assert.equal(normalizeNodeName(read), expected));
  }
});

describe('listedNodeName', () => {
  const { nodes } = knownCluster();
  const cases: [string, string | null][] = [
    ['cucm01', 'CUCM01'],
    ['CUCM01.other.domain', 'CUCM01'],
    ['192.0.2.12', 'CUCM02'],
    ['cucm03.lab.example', 'CUCM03'],
    ['cucm09', null],
    ['192.0.2.99', null],
  ];
  for (const [read, expected] of cases) {
    test(`${read} -> ${String(expected)}`, () => assert.equal(listedNodeName(read, nodes), expected));
  }
});
