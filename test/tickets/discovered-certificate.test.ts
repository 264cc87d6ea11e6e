// Decision tables for certificates read by discovery (fixed clock, the default ladder 90..0): when a ticket opens,
// what an alarm and a discovery add to each other's ticket, renewal, stale copies and repeated reads.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiscoveredCertificate } from '../../src/discovery/facts-schema.js';
import type { CertificateEvent } from '../../src/domain/certificate-event.js';
import { decideOnEvent, decideOnTick } from '../../src/tickets/decide.js';
import { decideOnDiscovered, type DiscoveryContext } from '../../src/tickets/discovered-certificate.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, HOUR, T0, at, iso, makeEvent, windowExpiry } from './fixtures.js';

const policy = policyFrom(); // the default ladder: 90,60,30,14,7,3,1,0
const YEAR = 365 * DAY;

function cert(over: Partial<DiscoveredCertificate> = {}): DiscoveredCertificate {
  return {
    node: 'CUCM01',
    unit: 'tomcat',
    function: 'tomcat',
    certificate: 'tomcat.pem',
    subject: 'CN=CUCM01',
    issuer: 'CN=CUCM01',
    serial: 'a1',
    notBefore: null,
    notAfter: iso(40 * DAY),
    keyType: 'RSA',
    source: { kind: 'tls-probe', detail: 'CUCM01:8443' },
    ...over,
  };
}

function ctx(now: Date = T0, over: Partial<DiscoveryContext> = {}): DiscoveryContext {
  return { clusterId: 'lab', policy, now, ...over };
}

function discoveredTicket(over: Partial<DiscoveredCertificate> = {}, now: Date = T0): Ticket {
  const d = decideOnDiscovered(null, cert(over), ctx(now));
  assert.equal(d.action, 'open');
  return d.ticket!;
}

function alarmTicket(event: CertificateEvent = makeEvent(), now: Date = T0): Ticket {
  return decideOnEvent(null, event, { clusterId: 'lab', ticketId: ticketIdFor(event, 'lab'), now, policy }).ticket;
}

describe('decideOnDiscovered: no ticket yet', () => {
  const cases: { title: string; cert: DiscoveredCertificate; action: string; reason: string }[] = [
    {
      title: '40 days ahead: within the first step, opened',
      cert: cert(),
      action: 'open',
      reason: 'discovered-in-ladder',
    },
    {
      title: 'exactly 90 days ahead: opened',
      cert: cert({ notAfter: iso(90 * DAY) }),
      action: 'open',
      reason: 'discovered-in-ladder',
    },
    {
      title: '90 days and a minute ahead: not yet',
      cert: cert({ notAfter: iso(90 * DAY + 60_000) }),
      action: 'none',
      reason: 'not-in-ladder',
    },
    {
      title: 'expired two days ago: opened',
      cert: cert({ notAfter: iso(-2 * DAY) }),
      action: 'open',
      reason: 'discovered-in-ladder',
    },
    {
      title: 'an eToken SAST (no unit): nothing',
      cert: cert({ unit: null, function: 'SAST', certificate: null }),
      action: 'none',
      reason: 'not-a-unit',
    },
    {
      title: 'a CAPF record that names no node: nothing',
      cert: cert({ node: null, unit: 'CAPF' }),
      action: 'none',
      reason: 'node-unknown',
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const d = decideOnDiscovered(null, c.cert, ctx());
      assert.equal(d.action, c.action);
      assert.equal(d.reason, c.reason);
      assert.equal(d.ticket === null, c.action === 'none');
    });
  }

  test('the opened ticket carries the exact expiry, the evidence, the history entry and the opening mail', () => {
    const t = discoveredTicket();
    assert.equal(t.status, 'open');
    assert.deepEqual(t.expiry, {
      at: iso(40 * DAY), earliest: iso(40 * DAY), latest: iso(40 * DAY), precision: 'exact', source: 'discovery',
      note: 'read from the certificate: tls-probe (CUCM01:8443)',
    });
    assert.equal(t.urgency, 'later');
    assert.equal(t.alarm, null);
    assert.equal(t.lastAlarmAt, null);
    assert.equal(t.occurrences, 0);
    assert.deepEqual(t.discovered, {
      serial: 'a1',
      notAfter: iso(40 * DAY),
      sources: [{ kind: 'tls-probe', detail: 'CUCM01:8443' }],
      firstReadAt: T0.toISOString(),
    });
    assert.equal(t.history[0]?.reason, 'discovered-in-ladder');
    assert.equal(
      t.history[0]?.detail,
      `discovered via tls-probe (CUCM01:8443) at ${T0.toISOString()}: serial a1, not-after ${iso(40 * DAY)}`,
    );
    assert.deepEqual(t.pendingMail, {
      revision: 1,
      kind: 'opened',
      reason: 'discovered-in-ladder',
      dueAt: T0.toISOString(),
    });
    assert.deepEqual(t.remindersSent, [90, 60], 'the steps already past are covered by the opening mail');
  });

  test('an expired certificate opens as expired', () => {
    assert.equal(discoveredTicket({ notAfter: iso(-2 * DAY) }).urgency, 'expired');
  });
});

describe('decideOnDiscovered: the key is the one an alarm for the same certificate produces', () => {
  const inventory = [
    { name: 'CUCM01', addresses: ['10.0.0.11', 'cucm01.example.com'], roles: [] },
  ] as unknown as NonNullable<DiscoveryContext['nodes']>;
  const cases: {
    title: string;
    cert: DiscoveredCertificate;
    event: CertificateEvent;
    nodes?: NonNullable<DiscoveryContext['nodes']>;
  }[] = [
    { title: 'tomcat.pem read by a TLS probe / tomcat.der in the alarm', cert: cert(), event: makeEvent() },
    { title: 'a node read by its FQDN', cert: cert({ node: 'cucm01.example.com' }), event: makeEvent() },
    {
      title: 'a node read at its inventory address',
      cert: cert({ node: '10.0.0.11' }),
      event: makeEvent(),
      nodes: inventory,
    },
    {
      title: 'CallManager from an ITL record (no file name)',
      cert: cert({ unit: 'CallManager', function: 'CCM+TFTP', certificate: null }),
      event: makeEvent({ unit: 'CallManager', certificate: 'CallManager.der' }),
    },
    {
      title: 'tomcat-ECDSA from show cert list own',
      cert: cert({ unit: 'tomcat-ECDSA', certificate: 'tomcat-ECDSA.pem' }),
      event: makeEvent({ unit: 'tomcat-ECDSA', certificate: 'tomcat-ECDSA.der' }),
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const d = decideOnDiscovered(null, c.cert, ctx(T0, c.nodes ? { nodes: c.nodes } : {}));
      assert.equal(d.ticketId, ticketIdFor(c.event, 'lab'));
      assert.equal(d.ticket?.id, ticketIdFor(c.event, 'lab'));
    });
  }

  test("an address not in the inventory keys as read (and so differs from the alarm's NodeID)", () => {
    assert.notEqual(
      decideOnDiscovered(null, cert({ node: '10.0.0.11' }), ctx()).ticketId,
      ticketIdFor(makeEvent(), 'lab'),
    );
  });

  test('an alarm after a discovery adds to the discovered ticket: counted, the exact expiry kept, urgency from it', () => {
    const t = discoveredTicket({ notAfter: iso(40 * DAY) });
    // 35 days later the Certificate Monitor alarms, its Expiration text cut (inferred a few hours off).
    const event = makeEvent({
      alarmAt: iso(35 * DAY),
      expiry: {
        at: iso(40 * DAY + 3 * HOUR),
        earliest: iso(40 * DAY + 3 * HOUR),
        latest: iso(40 * DAY + 3 * HOUR),
        precision: 'inferred',
        text: 'cut',
        note: 'year inferred',
      },
    });
    assert.equal(ticketIdFor(event, 'lab'), t.id);
    const d = decideOnEvent(t, event, { clusterId: 'lab', ticketId: t.id, now: at(35 * DAY), policy });
    assert.equal(d.reason, 'escalated', 'later -> week');
    assert.equal(d.ticket.occurrences, 1);
    assert.equal(d.ticket.alarm, 'CertValidfor7days');
    assert.equal(d.ticket.lastAlarmAt, iso(35 * DAY));
    assert.equal(d.ticket.expiry.source, 'discovery');
    assert.equal(d.ticket.expiry.at, iso(40 * DAY));
  });

  test('a discovery after an alarm adds to the alarm\'s ticket: the exact expiry and where it was read', () => {
    const alarmed = alarmTicket(); // inferred expiry 5 days ahead
    const d = decideOnDiscovered(alarmed, cert({ notAfter: iso(5 * DAY - 2 * HOUR) }), ctx(at(HOUR)));
    assert.equal(d.ticketId, alarmed.id);
    assert.equal(d.action, 'update');
    assert.equal(d.reason, 'expiry-exact');
    assert.equal(d.ticket?.expiry.precision, 'exact');
    assert.equal(d.ticket?.expiry.at, iso(5 * DAY - 2 * HOUR));
    assert.equal(d.ticket?.occurrences, 1, 'the alarm stays counted');
    assert.equal(d.ticket?.discovered?.serial, 'a1');
    assert.match(d.ticket?.history.at(-1)?.detail ?? '', /^discovered via tls-probe \(CUCM01:8443\) at /);
  });
});

describe('decideOnDiscovered: a ticket exists', () => {
  test('the same facts again: nothing, the ticket untouched', () => {
    const t = discoveredTicket();
    const d = decideOnDiscovered(t, cert(), ctx(at(DAY)));
    assert.deepEqual([d.action, d.reason], ['none', 'same-facts']);
    assert.equal(d.ticket, t);
  });

  test('the same certificate from another source: evidence added, once', () => {
    const t = discoveredTicket();
    const itl = cert({ source: { kind: 'itl-file', detail: 'ITLFile.tlv record 2' } });
    const d = decideOnDiscovered(t, itl, ctx(at(DAY)));
    assert.deepEqual([d.action, d.reason], ['update', 'evidence-added']);
    assert.deepEqual(d.ticket?.discovered?.sources.map((s) => s.kind), ['tls-probe', 'itl-file']);
    assert.equal(d.ticket?.revision, t.revision, 'no mail');
    assert.equal(decideOnDiscovered(d.ticket, itl, ctx(at(2 * DAY))).reason, 'same-facts');
  });

  test('sources whose detail changes every run keep the ticket bounded: the latest 16', () => {
    let t = discoveredTicket();
    for (let i = 1; i <= 20; i += 1) {
      t = decideOnDiscovered(
        t,
        cert({ source: { kind: 'itl-file', detail: `ITLFile.tlv record ${i}` } }),
        ctx(at(i * HOUR)),
      ).ticket!;
    }
    assert.equal(t.discovered?.sources.length, 16);
    assert.equal(t.discovered?.sources.at(-1)?.detail, 'ITLFile.tlv record 20');
  });

  test('a new serial with a later not-after: renewed, resolved with the evidence, the unsent mail dropped', () => {
    const t = discoveredTicket();
    const d = decideOnDiscovered(t, cert({ serial: 'b2', notAfter: iso(5 * YEAR) }), ctx(at(DAY)));
    assert.deepEqual([d.action, d.reason], ['resolve-renewed', 'renewed']);
    assert.equal(d.ticket?.status, 'resolved');
    assert.equal(d.ticket?.pendingMail, null);
    assert.equal(d.ticket?.expiry.at, iso(5 * YEAR));
    assert.equal(d.ticket?.discovered?.serial, 'b2');
    assert.match(d.ticket?.history.at(-1)?.detail ?? '', /serial b2.*replaces serial a1, not-after /);
  });

  test('an alarm ticket whose certificate discovery finds replaced: renewed (no serial was known)', () => {
    const d = decideOnDiscovered(alarmTicket(), cert({ notAfter: iso(2 * YEAR) }), ctx(at(HOUR)));
    assert.deepEqual([d.action, d.reason, d.ticket?.status], ['resolve-renewed', 'renewed', 'resolved']);
  });

  test('a quiet ticket whose certificate is renewed: resolved (stronger than quiet)', () => {
    const quiet = decideOnTick(alarmTicket(), { now: at(37 * HOUR), policy, nodeLastTrafficAt: iso(37 * HOUR) }).ticket;
    assert.equal(quiet.status, 'quiet');
    const d = decideOnDiscovered(quiet, cert({ notAfter: iso(2 * YEAR) }), ctx(at(38 * HOUR)));
    assert.equal(d.ticket?.status, 'resolved');
  });

  test('a quiet ticket whose old certificate is still read: not renewed, back to its status, the question dropped', () => {
    const opened = alarmTicket();
    const notified = {
      ...opened,
      status: 'notified' as const,
      pendingMail: null,
      mailed: [{ revision: 1, messageId: '<m1@x>', at: iso(HOUR) }],
    };
    const quiet = decideOnTick(notified, { now: at(37 * HOUR), policy, nodeLastTrafficAt: iso(37 * HOUR) }).ticket;
    assert.equal(quiet.pendingMail?.kind, 'quiet-confirm');
    const d = decideOnDiscovered(quiet, cert({ notAfter: iso(5 * DAY) }), ctx(at(38 * HOUR)));
    assert.deepEqual([d.action, d.reason, d.ticket?.status], ['update', 'quiet-refuted', 'notified']);
    assert.equal(d.ticket?.pendingMail, null);
  });

  test('another serial that is not later: a stale copy, nothing', () => {
    const t = discoveredTicket();
    const d = decideOnDiscovered(
      t,
      cert({ serial: '99', notAfter: iso(20 * DAY), source: { kind: 'itl-file', detail: 'ITLFile.tlv record 1' } }),
      ctx(at(DAY)),
    );
    assert.deepEqual([d.action, d.reason], ['none', 'older-certificate']);
  });

  test('the exact date is more urgent than the alarms said: escalated with a mail', () => {
    const event = makeEvent({ expiry: windowExpiry(0, 7 * DAY) });
    const t = alarmTicket(event);
    assert.equal(t.urgency, 'week');
    const d = decideOnDiscovered(t, cert({ notAfter: iso(12 * HOUR) }), ctx(at(HOUR)));
    assert.deepEqual([d.action, d.reason, d.ticket?.urgency], ['update', 'escalated', 'day']);
    assert.equal(d.ticket?.pendingMail?.revision, d.ticket?.revision);
  });

  test('resolved: the certificate of the resolution is nothing; the renewed one entering the ladder years later opens a new cycle', () => {
    const renewed = decideOnDiscovered(
      discoveredTicket(),
      cert({ serial: 'b2', notAfter: iso(5 * YEAR) }),
      ctx(at(DAY)),
    ).ticket!;
    assert.equal(
      decideOnDiscovered(renewed, cert(), ctx(at(2 * DAY))).reason,
      'already-resolved',
      'a stale copy of the old one',
    );
    assert.equal(
      decideOnDiscovered(renewed, cert({ serial: 'b2', notAfter: iso(5 * YEAR) }), ctx(at(2 * DAY))).reason,
      'already-resolved',
    );
    const later = at(5 * YEAR - 80 * DAY);
    const d = decideOnDiscovered(renewed, cert({ serial: 'b2', notAfter: iso(5 * YEAR) }), ctx(later));
    assert.deepEqual([d.action, d.reason, d.ticket?.status], ['open', 'reopened-in-ladder', 'open']);
    assert.deepEqual(d.ticket?.remindersSent, [90], 'the ladder starts again, its past step covered by the mail');
    assert.equal(d.ticket?.pendingMail?.kind, 'opened');
  });

  test('resolved by a user while the certificate was in the ladder: the same certificate does not reopen it', () => {
    const t = discoveredTicket();
    const resolved: Ticket = {
      ...t,
      status: 'resolved',
      history: [...t.history, { at: iso(HOUR), from: 'open', to: 'resolved', reason: 'resolved-by-user', by: 'admin' }],
    };
    assert.equal(decideOnDiscovered(resolved, cert(), ctx(at(DAY))).reason, 'already-resolved');
  });
});

describe('the quiet rule waits for a first alarm', () => {
  test('a discovered ticket never goes quiet on a talking node (no alarm was expected)', () => {
    const t = discoveredTicket();
    const d = decideOnTick(t, { now: at(3 * DAY), policy, nodeLastTrafficAt: iso(3 * DAY) });
    assert.notEqual(d.ticket.status, 'quiet');
    assert.notEqual(d.reason, 'quiet-suspected');
  });
});
