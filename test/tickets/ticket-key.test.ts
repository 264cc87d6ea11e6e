// Ticket identity tables: own vs trust keys, case and extension handling, safety of the id, trust -> own links.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { linkedOwnTicketId, ownTicketIdFor, ticketIdFor, trustTicketIdFor } from '../../src/tickets/ticket-key.js';
import { unknownCluster } from '../../src/domain/cluster.js';
import { makeEvent } from './fixtures.js';

describe('ticketIdFor', () => {
  const same: { title: string; a: Parameters<typeof makeEvent>[0]; b: Parameters<typeof makeEvent>[0] }[] = [
    { title: 'unit case does not matter', a: { unit: 'CallManager' }, b: { unit: 'callmanager' } },
    { title: 'node case does not matter', a: { node: 'CUCM01' }, b: { node: 'cucm01' } },
    { title: 'FQDN and short node name are the same node', a: { node: 'cucm01' }, b: { node: 'cucm01.example.com' } },
    {
      title: '.der and .pem are the same certificate',
      a: { certificate: 'tomcat.der' },
      b: { certificate: 'tomcat.pem' },
    },
    {
      title: 'trust entry: reporting node does not matter',
      a: { unit: 'tomcat-trust', certificate: 'CUCM01.der', node: 'CUCM02' },
      b: { unit: 'tomcat-trust', certificate: 'CUCM01.der', node: 'CUCM03' },
    },
    {
      title: 'trust entry: Type:own-cert in a -trust unit is still a trust entry',
      a: { unit: 'tomcat-trust', certificate: 'X.der', certType: 'own-cert', node: 'A' },
      b: { unit: 'TOMCAT-TRUST', certificate: 'x.pem', certType: 'trust-cert', node: 'B' },
    },
  ];
  for (const c of same) {
    test(`same ticket: ${c.title}`, () => {
      assert.equal(ticketIdFor(makeEvent(c.a), 'lab'), ticketIdFor(makeEvent(c.b), 'lab'));
    });
  }

  const different: {
    title: string;
    a: Parameters<typeof makeEvent>[0];
    b: Parameters<typeof makeEvent>[0];
    clusterB?: string;
  }[] = [
    { title: 'own certificates of two nodes', a: { node: 'CUCM01' }, b: { node: 'CUCM02' } },
    { title: 'RSA and ECDSA units', a: { unit: 'tomcat' }, b: { unit: 'tomcat-ECDSA' } },
    {
      title: 'same entry in two trust stores',
      a: { unit: 'tomcat-trust', certificate: 'CA.pem' },
      b: { unit: 'CallManager-trust', certificate: 'CA.pem' },
    },
    { title: 'same certificate in two clusters', a: {}, b: {}, clusterB: 'prod' },
    {
      title: 'names that slug alike stay apart (hash)',
      a: { certificate: 'a_b.pem', unit: 'tomcat-trust' },
      b: { certificate: 'a-b.pem', unit: 'tomcat-trust' },
    },
  ];
  for (const c of different) {
    test(`different tickets: ${c.title}`, () => {
      assert.notEqual(ticketIdFor(makeEvent(c.a), 'lab'), ticketIdFor(makeEvent(c.b), c.clusterB ?? 'lab'));
    });
  }

  test('ids are readable and safe: no ":" , no spaces, no slashes', () => {
    const hostile = makeEvent({ unit: 'tomcat-trust', certificate: 'evil:../<script>\r\n name.pem', node: 'fe80::1' });
    const ids = [ticketIdFor(hostile, 'unassigned-fe80--1'), ticketIdFor(makeEvent({ node: 'fe80::1' }), 'lab')];
    for (const id of ids) assert.match(id, /^[a-z0-9.-]+$/);
    assert.match(ticketIdFor(makeEvent(), 'lab'), /^lab\.cucm01\.tomcat\.tomcat\.[0-9a-f]{8}$/);
    assert.match(
      ticketIdFor(makeEvent({ unit: 'tomcat-trust', certificate: 'CUCM01.der' }), 'lab'),
      /^lab\.tomcat-trust\.cucm01\.[0-9a-f]{8}$/,
    );
  });
});

describe('linkedOwnTicketId', () => {
  const cluster = {
    nodes: [
      { name: 'CUCM01', addresses: ['10.0.0.1', 'cucm01.example.com'], roles: ['publisher' as const] },
      { name: 'CUCM02', addresses: ['10.0.0.2'], roles: ['subscriber' as const] },
    ],
  };
  const cases: { title: string; unit: string; cert: string; expected: string | null }[] = [
    {
      title: 'CUCM01.der in tomcat-trust -> CUCM01 tomcat',
      unit: 'tomcat-trust',
      cert: 'CUCM01.der',
      expected: ownTicketIdFor('lab', 'CUCM01', 'tomcat', 'tomcat.pem'),
    },
    {
      title: 'cucm01.pem in CallManager-trust -> CUCM01 CallManager',
      unit: 'CallManager-trust',
      cert: 'cucm01.pem',
      expected: ownTicketIdFor('lab', 'CUCM01', 'CallManager', 'CallManager.pem'),
    },
    {
      title: 'CUCM02-EC.pem in tomcat-trust -> CUCM02 tomcat-ECDSA',
      unit: 'tomcat-trust',
      cert: 'CUCM02-EC.pem',
      expected: ownTicketIdFor('lab', 'CUCM02', 'tomcat-ECDSA', 'tomcat-ECDSA.pem'),
    },
    {
      title: 'FQDN-named entry -> that node',
      unit: 'tomcat-trust',
      cert: 'cucm01.example.com.pem',
      expected: ownTicketIdFor('lab', 'CUCM01', 'tomcat', 'tomcat.der'),
    },
    { title: 'a partner certificate is not linked', unit: 'tomcat-trust', cert: 'expressway.pem', expected: null },
    { title: 'phone trust stores are never linked', unit: 'phone-vpn-trust', cert: 'CUCM01.pem', expected: null },
    { title: 'own units are never linked', unit: 'tomcat', cert: 'CUCM01.pem', expected: null },
  ];
  for (const c of cases) {
    test(c.title, () => assert.equal(linkedOwnTicketId('lab', c.unit, c.cert, cluster), c.expected));
  }
  test('a cluster without known nodes links nothing', () => {
    assert.equal(linkedOwnTicketId('x', 'tomcat-trust', 'CUCM01.der', unknownCluster('x', 'x')), null);
  });
  test('trust ids ignore the reporting node', () => {
    assert.equal(trustTicketIdFor('lab', 'tomcat-trust', 'A.pem'), trustTicketIdFor('lab', 'Tomcat-Trust', 'a.der'));
  });
});
