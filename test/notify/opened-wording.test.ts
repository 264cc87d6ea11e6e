// Who an opening mail says told of the certificate: the Cisco Certificate Monitor for a ticket an alarm opened;
// certwatch's discovery (what it read, where, when, the exact not-after) for one discovery opened, never the alarm.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DiscoveredCertificate } from '../../src/discovery/facts-schema.js';
import { draftPlanMail } from '../../src/notify/compose-mail.js';
import { decideOnDiscovered } from '../../src/tickets/discovered-certificate.js';
import { policyFrom } from '../../src/tickets/policy.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, T0, exactExpiry, iso, makeEvent, openWith } from '../tickets/fixtures.js';
import { knownCluster, mailInput } from './mail-fixtures.js';

const MONITOR = 'The Cisco Certificate Monitor reports';

function discoveredTicket(over: Partial<DiscoveredCertificate> = {}): Ticket {
  const cert: DiscoveredCertificate = {
    node: 'cucm01.lab.example',
    unit: 'TVS',
    function: 'TVS',
    certificate: null,
    subject: 'CN=cucm01',
    issuer: 'CN=cucm01',
    serial: '7e57',
    notBefore: null,
    notAfter: '2026-12-30T09:15:00.000Z',
    keyType: 'RSA',
    source: { kind: 'tls-probe', detail: '192.0.2.11:2445 (TVS, RSA offer)' },
    ...over,
  };
  const cluster = knownCluster();
  const { ticket } = decideOnDiscovered(null, cert, {
    clusterId: 'lab',
    policy: policyFrom(),
    now: T0,
    nodes: cluster.nodes,
  });
  assert.ok(ticket, 'the certificate is in the ladder: a ticket opens');
  return ticket;
}

const alarmTicket = () =>
  openWith(
    makeEvent({ node: 'CUCM01', host: null, unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(10 * DAY) }),
  );

/** The intro line (second line of the text part) and the whole text. */
function opening(tickets: Ticket[]) {
  const text = draftPlanMail(mailInput(tickets, knownCluster())).mail.text;
  return { intro: text.split('\n')[1]!, text };
}

describe('the opening mail names who told', () => {
  test('opened by an alarm: the Certificate Monitor reports', () => {
    const { intro, text } = opening([alarmTicket()]);
    assert.ok(intro.startsWith(MONITOR), intro);
    assert.doesNotMatch(text, /read by discovery from|discovery;/);
  });

  test('opened by discovery: what was read, where, when and the exact not-after; no Certificate Monitor claim', () => {
    const { intro, text } = opening([discoveredTicket()]);
    assert.equal(
      intro,
      'certwatch read this certificate from the cluster itself (discovery; no alarm from the Cisco Certificate Monitor yet): ' +
        'a TLS handshake (192.0.2.11:2445 (TVS, RSA offer)) on 2026-11-20 11:00 CET (10:00 UTC): serial 7e57, valid until ' +
        '2026-12-30 10:15 CET (09:15 UTC) exactly. The attached runbook orders the renewal so that phones keep trusting their ' +
        'TFTP servers: read it through before changing anything.',
    );
    assert.ok(!text.includes(MONITOR), 'no line claims the Certificate Monitor reported it');
    assert.match(
      text,
      /Read: by discovery from a TLS handshake \(192\.0\.2\.11:2445 \(TVS, RSA offer\)\) on 2026-11-20 11:00 CET/,
    );
  });

  test('pasted evidence is named as such', () => {
    const { intro } = opening([discoveredTicket({ source: { kind: 'show-output', detail: 'show cert list own' } })]);
    assert.match(
      intro,
      /: pasted CLI output \(show cert list own\) on 2026-11-20 11:00 CET \(10:00 UTC\): serial 7e57/,
    );
  });

  test("a mail of an alarm's ticket and a discovered one says both, and each discovered certificate says where it was read", () => {
    const discovered = discoveredTicket({ notAfter: iso(12 * DAY) });
    const { intro, text } = opening([alarmTicket(), discovered]);
    assert.ok(
      intro.startsWith(
        'The Cisco Certificate Monitor reports some of these certificates; certwatch read the others from the cluster itself (discovery; no alarm from the Cisco Certificate Monitor yet)',
      ),
      intro,
    );
    assert.equal(text.match(/Read: by discovery from /g)?.length, 1, 'the discovered ticket only');
  });

  test('a later mail of a discovered ticket keeps its kind\'s intro, and its "Read" line', () => {
    const t = discoveredTicket();
    const text = draftPlanMail(mailInput([t], knownCluster(), { kind: 'reminder' })).mail.text;
    assert.equal(text.split('\n')[1], 'Reminder: not renewed yet (the ticket is not resolved).');
    assert.match(text, /Read: by discovery from a TLS handshake/);
  });
});
