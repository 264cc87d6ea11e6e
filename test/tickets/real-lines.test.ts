// Real CUCM alarm lines through the real parser into the ticket decisions: keys, cluster, urgency, repeats.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine } from '../../src/parse/index.js';
import type { CertificateEvent } from '../../src/domain/certificate-event.js';
import { unknownCluster } from '../../src/domain/cluster.js';
import { matchCluster } from '../../src/tickets/cluster-match.js';
import { decideOnEvent } from '../../src/tickets/decide.js';
import { linkedOwnTicketId, ticketIdFor } from '../../src/tickets/ticket-key.js';
import { policyFrom } from '../../src/tickets/policy.js';
import type { Ticket } from '../../src/tickets/ticket.js';

// The seed example of the domain brief (a Cisco renewal guide): CUCM01's tomcat copy in CUCM02's tomcat-trust.
const SEED =
  '<187>864: CUCM02.localdomain: Sep 05 2014 00:00:06.433 UTC : %UC_CERT-2-CertValidfor7days: %[Message=Certificate expiration Notification. Certificate name:CUCM01.der Unit:tomcat-trust Type:own-cert Expiration:Mon May 19 14:46:][AppID=Cisco Certificate Monitor][ClusterID=][NodeID=CUCM02]: Alarm to indicate that Certificate has Expired or Expires in less than seven days';

/** A CertValidfor7days whose Expiration text was cut away entirely: only the alarm window is known. */
function windowOnly(day: number): string {
  const dd = String(day).padStart(2, '0');
  return `<186>12: cucm03: Nov ${dd} 2026 08:00:00.000 UTC : %UC_CERT-2-CertValidfor7days: %[Message=Certificate expiration Notification. Certificate name:CallManager.der Unit:CallManager Type:own-cert Expiration:][AppID=Cisco Certificate Monitor][ClusterID=][NodeID=cucm03]: Alarm`;
}

function parse(line: string, receivedAt: Date): CertificateEvent {
  const outcome = parseLine(line, { receivedAt });
  assert.equal(outcome.kind, 'certificate', JSON.stringify(outcome));
  return (outcome as { event: CertificateEvent }).event;
}

const lab = {
  ...unknownCluster('lab', 'Lab'),
  nodes: ['CUCM01', 'CUCM02', 'cucm03'].map((name, i) => ({
    name,
    addresses: [`10.0.0.${i + 1}`],
    roles: ['cucm' as const],
  })),
};
const policy = policyFrom();

describe('real lines into tickets', () => {
  test('the seed line: trust ticket in lab via NodeID, linked to CUCM01 tomcat, expired by its inferred date', () => {
    const now = new Date('2014-09-05T00:00:07Z');
    const event = parse(SEED, now);
    const match = matchCluster(event, '192.0.2.99', [lab]);
    assert.deepEqual(match, { clusterId: 'lab', reason: 'node-id', nodeName: 'CUCM02' });
    const ticketId = ticketIdFor(event, match.clusterId);
    const linked = linkedOwnTicketId('lab', event.unit, event.certificate, lab);
    const d = decideOnEvent(null, event, { clusterId: 'lab', ticketId, now, policy, linkedTicketId: linked });
    assert.equal(d.reason, 'first-alarm');
    assert.equal(d.ticket.kind, 'trust');
    assert.equal(d.ticket.certType, 'own-cert');
    assert.equal(
      d.ticket.linkedTicketId,
      ticketIdFor({ ...event, unit: 'tomcat', certificate: 'tomcat.der', node: 'CUCM01' }, 'lab'),
    );
    // "Mon May 19" seen on Sep 05 2014 is 19 May 2014: CertValidfor7days for an already expired certificate.
    assert.equal(d.ticket.expiry.at?.slice(0, 10), '2014-05-19');
    assert.equal(d.ticket.urgency, 'expired');
  });

  test('window only: daily repeats are plain repeats, the window from the first alarm still expires the ticket', () => {
    let ticket: Ticket | null = null;
    const reasons: string[] = [];
    for (let day = 1; day <= 9; day += 1) {
      const now = new Date(`2026-11-${String(day).padStart(2, '0')}T08:00:01Z`);
      const event = parse(windowOnly(day), now);
      assert.equal(event.expiry.precision, 'window');
      const d = decideOnEvent(ticket, event, { clusterId: 'lab', ticketId: ticketIdFor(event, 'lab'), now, policy });
      reasons.push(d.reason);
      ticket = d.ticket;
    }
    // The first alarm bounds the expiry at day 8 08:00: on day 7 under a day is left (day), on day 8 it has passed.
    assert.deepEqual(reasons, [
      'first-alarm',
      ...Array(5).fill('repeat-same-urgency'),
      'escalated',
      'escalated',
      'repeat-same-urgency',
    ]);
    assert.equal(ticket?.urgency, 'expired');
    assert.equal(ticket?.occurrences, 9);
    assert.equal(ticket?.history.length, 3, 'opened + two escalations: repeats leave no history noise');
  });
});
