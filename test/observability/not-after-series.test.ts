// The not-after series (pure): discovery's certificates and the gauge rows of open alarm tickets with an exact or
// inferred expiry (which tickets give one: not-after-row.ts), one series per certificate however its node, unit or
// file was spelled; discovery's reading wins where both know it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DiscoveredCertificate } from '../../src/discovery/facts-schema.js';
import type { KeptCertificate } from '../../src/discovery/kept-facts.js';
import { notAfterSeries } from '../../src/observability/not-after-series.js';
import { decideOnEvent } from '../../src/tickets/decide.js';
import { notAfterRowOf, parseNotAfterRow, storedNotAfterRow } from '../../src/tickets/not-after-row.js';
import type { TicketNotAfterRow } from '../../src/tickets/ticket-store.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { knownCluster } from '../notify/mail-fixtures.js';
import {
  DAY,
  T0,
  exactExpiry,
  inferredExpiry,
  iso,
  makeEvent,
  openWith,
  policy,
  windowExpiry,
} from '../tickets/fixtures.js';

const NODES = knownCluster().nodes;
const nodesOf = (id: string) => (id === 'lab' ? NODES : []);
const seconds = (isoTime: string) => Date.parse(isoTime) / 1000;

function kept(over: Partial<DiscoveredCertificate>, learnedAt = T0.toISOString()): KeptCertificate {
  return {
    learnedAt,
    certificate: {
      node: 'CUCM01',
      unit: 'CallManager',
      function: 'CCM+TFTP',
      certificate: null,
      subject: 'CN=x',
      issuer: 'CN=x',
      serial: '01',
      notBefore: null,
      notAfter: iso(40 * DAY),
      keyType: 'RSA',
      source: { kind: 'itl-file', detail: 'ITLFile.tlv record 1' },
      ...over,
    },
  };
}

const alarm = (over: Parameters<typeof makeEvent>[0]): Ticket => openWith(makeEvent(over));

/** The rows the ticket store keeps for these tickets. */
const rowsOf = (tickets: readonly Ticket[]): TicketNotAfterRow[] => tickets.flatMap((t) => {
  const r = notAfterRowOf(t);
  return 'row' in r ? [{ ticketId: t.id, row: r.row }] : [];
});

describe('which alarm tickets give a row', () => {
  const cases: { title: string; ticket: Ticket; expected: string | number }[] = [
    { title: 'exact expiry', ticket: alarm({ expiry: exactExpiry(5 * DAY) }), expected: seconds(iso(5 * DAY)) },
    {
      title: 'inferred expiry (cut date, year inferred)',
      ticket: alarm({ expiry: inferredExpiry(6 * DAY) }),
      expected: seconds(iso(6 * DAY)),
    },
    {
      title: 'only a window (a cut date without its year)',
      ticket: alarm({ expiry: windowExpiry(DAY, 7 * DAY) }),
      expected: 'expiry-window',
    },
    {
      title: 'a trust-store entry',
      ticket: alarm({ unit: 'tomcat-trust', certificate: 'CUCM01.der', certType: 'trust-cert' }),
      expected: 'trust-entry',
    },
    { title: 'resolved', ticket: { ...alarm({}), status: 'resolved' }, expected: 'resolved' },
    {
      title: 'a cluster named by a sender',
      ticket: decideOnEvent(null, makeEvent({}), {
        clusterId: 'unassigned-10.0.0.9',
        ticketId: ticketIdFor(makeEvent({}), 'unassigned-10.0.0.9'),
        now: T0,
        policy,
      }).ticket,
      expected: 'unassigned-cluster',
    },
  ];
  for (const { title, ticket, expected } of cases) {
    test(title, () => {
      const r = notAfterRowOf(ticket);
      assert.deepEqual('none' in r ? r.none : r.row[4], expected);
    });
  }
});

describe('a stored row', () => {
  test('reads back as the row written; a ticket without a row gives none to store', () => {
    const ticket = alarm({ node: 'CUCM02.lab.example', expiry: exactExpiry(5 * DAY) });
    assert.deepEqual(parseNotAfterRow(storedNotAfterRow(ticket)!), [
      'lab',
      'cucm02',
      'tomcat',
      'tomcat.der',
      seconds(iso(5 * DAY)),
    ]);
    assert.equal(storedNotAfterRow({ ...ticket, status: 'resolved' }), undefined);
  });

  test('one that does not read as a row (another version wrote it, or junk) is skipped, not trusted', () => {
    for (const raw of [
      '',
      '{',
      '{"cluster":"lab"}',
      '["lab","cucm01","tomcat","tomcat.der"]',
      '["lab","cucm01","tomcat","tomcat.der","1795046400"]',
      '["lab","cucm01","tomcat","tomcat.der",1,2]',
    ]) {
      assert.equal(parseNotAfterRow(raw), null, raw);
    }
  });
});

describe('one series per certificate', () => {
  test("an alarm ticket and discovery know the same certificate under other spellings: one series, discovery's date", () => {
    const ticket = alarm({
      node: 'CUCM01',
      unit: 'callmanager',
      certificate: 'CallManager.der',
      expiry: inferredExpiry(39 * DAY),
    });
    const discovered = kept({ node: 'cucm01.lab.example', notAfter: '2026-12-30T09:15:00.000Z' });
    assert.deepEqual(notAfterSeries([{ clusterId: 'lab', certificates: [discovered] }], rowsOf([ticket]), nodesOf), [
      {
        labels: { cluster: 'lab', node: 'cucm01', unit: 'CallManager', certificate: 'CallManager.pem' },
        value: seconds('2026-12-30T09:15:00.000Z'),
        from: 'discovery',
      },
    ]);
  });

  test("a certificate read at a node's address and by its name is one node (the inventory's), the newest reading", () => {
    const byAddress = kept(
      {
        node: '192.0.2.11',
        serial: '02',
        notAfter: iso(400 * DAY),
        source: { kind: 'tls-probe', detail: '192.0.2.11:5061' },
      },
      iso(DAY),
    );
    const byName = kept({ node: 'CUCM01', serial: '01', notAfter: iso(40 * DAY) });
    const series = notAfterSeries([{ clusterId: 'lab', certificates: [byName, byAddress] }], [], nodesOf);
    assert.deepEqual(series.map((s) => [s.labels.node, s.value]), [['cucm01', seconds(iso(400 * DAY))]]);
  });

  test('alarm tickets of other certificates add their series; a node nobody lists keeps its short lower-case name', () => {
    const other = alarm({
      node: 'CUCM02.lab.example',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      expiry: exactExpiry(3 * DAY),
    });
    const window = alarm({ node: 'CUCM03', expiry: windowExpiry(DAY, 7 * DAY) });
    const series = notAfterSeries([{ clusterId: 'lab', certificates: [kept({})] }], rowsOf([other, window]), nodesOf);
    assert.deepEqual(series.map((s) => [s.from, s.labels.node, s.labels.unit, s.labels.certificate]), [
      ['discovery', 'cucm01', 'CallManager', 'CallManager.pem'],
      ['alarm', 'cucm02', 'tomcat', 'tomcat.der'],
    ]);
  });

  test('two open tickets of one certificate (other spellings): one series, the sooner expiry, whatever order the rows come in', () => {
    const later = {
      ...alarm({ node: 'CUCM02', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(9 * DAY) }),
      id: 'a-later',
    };
    const sooner = {
      ...alarm({ node: 'cucm02.lab.example', unit: 'Tomcat', certificate: 'tomcat.pem', expiry: exactExpiry(4 * DAY) }),
      id: 'b-sooner',
    };
    for (const rows of [rowsOf([later, sooner]), rowsOf([sooner, later])]) {
      assert.deepEqual(notAfterSeries([], rows, nodesOf), [
        {
          labels: { cluster: 'lab', node: 'cucm02', unit: 'Tomcat', certificate: 'tomcat.pem' },
          value: seconds(iso(4 * DAY)),
          from: 'alarm',
        },
      ]);
    }
  });

  test('a discovered certificate whose source names no node is its own series, node "unknown"', () => {
    const series = notAfterSeries(
      [{ clusterId: 'lab', certificates: [kept({ node: null, unit: 'CAPF' })] }],
      [],
      nodesOf,
    );
    assert.deepEqual(
      series.map((s) => s.labels),
      [{ cluster: 'lab', node: 'unknown', unit: 'CAPF', certificate: 'CAPF.pem' }],
    );
  });
});
