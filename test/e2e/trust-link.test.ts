// End to end over real parts (UDP, Redis, SMTP): a trust-store entry named after a node of the cluster is a copy of
// that node's own certificate. Its ticket links to the node's own ticket, in the API and in the mail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { certAlarmLine } from '../support/alarm-lines.js';
import { ticketIdsOf } from '../support/mail-tickets.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { sendUdp } from '../support/send-udp.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 24 * 3_600_000;

interface ExpiryItem { id: string; node: string; unit: string; certificate: string; nodes: string[]; linkedTicketId: string | null }

describe('trust entry linked to its node\'s own certificate (real UDP, Redis, SMTP)', () => {
  let redis: TestRedis;
  let smtp: SmtpSink;
  let service: TestService;

  before(async () => {
    redis = await startTestRedis();
    smtp = await startSmtpSink();
    // samples/clusters/lab.yaml: nodes CUCM01, CUCM02, CUCM03, IMP01.
    service = await startTestService({
      REDIS_URL: redis.url, SMTP_URL: smtp.url, MAIL_TO: 'uc-team@example.net', MAIL_FROM: 'certwatch@example.net',
      CLUSTERS_FILE: 'samples/clusters/lab.yaml', MAIL_GROUP_WINDOW_MS: '300',
    });
  });
  after(async () => {
    await service.stop();
    await smtp.close();
    await redis.stop();
  });

  async function ticket(unit: string, certificate: string, nodes: number): Promise<ExpiryItem> {
    return waitFor(`${unit}/${certificate} reported by ${nodes} node(s)`, async () => {
      const { body } = await service.api<{ items: ExpiryItem[] }>('/api/v1/expiries');
      return body.items.find((i) => i.unit === unit && i.certificate === certificate && i.nodes.length === nodes) ?? null;
    });
  }

  test('tomcat-trust CUCM01.der reported by CUCM02 and CUCM03 links to the tomcat ticket of CUCM01', async () => {
    const now = Date.now();
    const expires = new Date(now + 5 * DAY);
    await sendUdp(service.ports.udp!, [
      certAlarmLine({ node: 'CUCM01', unit: 'tomcat', certificate: 'tomcat.der', alarm: 'CertValidfor7days', at: new Date(now), expires }),
      certAlarmLine({ node: 'CUCM02', unit: 'tomcat-trust', certificate: 'CUCM01.der', alarm: 'CertValidfor7days', at: new Date(now + 1), expires }),
      certAlarmLine({ node: 'CUCM03', unit: 'tomcat-trust', certificate: 'CUCM01.der', alarm: 'CertValidfor7days', at: new Date(now + 2), expires }),
      // Named after no node of the cluster: not a copy of anything we know.
      certAlarmLine({ node: 'CUCM02', unit: 'tomcat-trust', certificate: 'partner-ca.der', alarm: 'CertValidfor7days', at: new Date(now + 3), expires }),
    ]);
    const own = await ticket('tomcat', 'tomcat.der', 1);
    assert.equal(own.node, 'CUCM01');
    assert.equal(own.linkedTicketId, null, 'an own certificate links to nothing');
    const copy = await ticket('tomcat-trust', 'CUCM01.der', 2);
    assert.equal(copy.linkedTicketId, own.id, 'the copy links to the own ticket, in /expiries');
    const partner = await ticket('tomcat-trust', 'partner-ca.der', 1);
    assert.equal(partner.linkedTicketId, null);

    const detail = await service.api<{ ticket: { linkedTicketId: string | null } }>(`/api/v1/tickets/${encodeURIComponent(copy.id)}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.ticket.linkedTicketId, own.id, 'and in /tickets/:id');

    const mailOfCopy = await waitFor('the mail naming the copy', () =>
      smtp.received.find((m) => ticketIdsOf(m).includes(copy.id)));
    const text = (mailOfCopy.parsed.text ?? '').replace(/\s+/g, ' ');
    assert.ok(text.includes(`Copy of`) && text.includes(`the node certificate of ticket ${own.id}`), `"copy of" line in the mail:\n${mailOfCopy.parsed.text}`);
    assert.ok(String(mailOfCopy.parsed.html).includes(own.id), 'and in its HTML part');
  });
});
