// End to end over real parts (UDP, Redis, SMTP): a trust-store entry named after a node of the cluster is a copy of
// that node's own certificate. Its ticket links to the node's own ticket, in the API and in the mail; while the own
// ticket is open the copy rides on its mail (listed there, no mail of its own), else it mails on its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { certAlarmLine } from '../support/alarm-lines.js';
import { ticketIdsOf } from '../support/mail-tickets.js';
import type { TestService } from '../support/in-process.js';
import { startMailInstallation, type MailInstallation } from '../support/mail-installation.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { sendUdp } from '../support/send-udp.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 24 * 3_600_000;

interface ExpiryItem {
  id: string;
  node: string;
  unit: string;
  certificate: string;
  nodes: string[];
  linkedTicketId: string | null;
}

describe('trust entry linked to its node\'s own certificate (real UDP, Redis, SMTP)', () => {
  let installation: MailInstallation;
  let smtp: SmtpSink;
  let service: TestService;

  before(async () => {
    // samples/clusters/lab.yaml: nodes CUCM01, CUCM02, CUCM03, IMP01.
    installation = await startMailInstallation({
      MAIL_TO: 'uc-team@example.net', MAIL_FROM: 'certwatch@example.net',
      CLUSTERS_FILE: 'samples/clusters/lab.yaml',
      // Long enough for the whole burst to become tickets before the first mail job runs, on a busy machine too.
      MAIL_GROUP_WINDOW_MS: '1500',
    });
    ({ service, smtp } = installation);
  });
  after(() => installation.stop());

  async function ticket(unit: string, certificate: string, nodes: number): Promise<ExpiryItem> {
    return waitFor(`${unit}/${certificate} reported by ${nodes} node(s)`, async () => {
      const { body } = await service.api<{ items: ExpiryItem[] }>('/api/v1/expiries');
      return (
        body.items.find((i) => i.unit === unit && i.certificate === certificate && i.nodes.length === nodes) ?? null
      );
    });
  }

  test('tomcat-trust CUCM01.der reported by CUCM02 and CUCM03 links to the tomcat ticket of CUCM01', async () => {
    const now = Date.now();
    const expires = new Date(now + 5 * DAY);
    await sendUdp(service.ports.udp!, [
      certAlarmLine({
        node: 'CUCM01',
        unit: 'tomcat',
        certificate: 'tomcat.der',
        alarm: 'CertValidfor7days',
        at: new Date(now),
        expires,
      }),
      certAlarmLine({
        node: 'CUCM02',
        unit: 'tomcat-trust',
        certificate: 'CUCM01.der',
        alarm: 'CertValidfor7days',
        at: new Date(now + 1),
        expires,
      }),
      certAlarmLine({
        node: 'CUCM03',
        unit: 'tomcat-trust',
        certificate: 'CUCM01.der',
        alarm: 'CertValidfor7days',
        at: new Date(now + 2),
        expires,
      }),
      // Named after no node of the cluster: not a copy of anything we know.
      certAlarmLine({
        node: 'CUCM02',
        unit: 'tomcat-trust',
        certificate: 'partner-ca.der',
        alarm: 'CertValidfor7days',
        at: new Date(now + 3),
        expires,
      }),
    ]);
    const own = await ticket('tomcat', 'tomcat.der', 1);
    assert.equal(own.node, 'CUCM01');
    assert.equal(own.linkedTicketId, null, 'an own certificate links to nothing');
    const copy = await ticket('tomcat-trust', 'CUCM01.der', 2);
    assert.equal(copy.linkedTicketId, own.id, 'the copy links to the own ticket, in /expiries');
    const partner = await ticket('tomcat-trust', 'partner-ca.der', 1);
    assert.equal(partner.linkedTicketId, null);

    const detail = await service.api<{ ticket: { linkedTicketId: string | null } }>(
      `/api/v1/tickets/${encodeURIComponent(copy.id)}`,
    );
    assert.equal(detail.status, 200);
    assert.equal(detail.body.ticket.linkedTicketId, own.id, 'and in /tickets/:id');

    // One mail about the own certificate (and the unrelated partner entry), listing the copy it clears; no mail of
    // the copy's own.
    const mail = await waitFor('the mail of the own certificate', () =>
      smtp.received.find((m) => ticketIdsOf(m).includes(own.id)),
    );
    assert.deepEqual(ticketIdsOf(mail).sort(), [own.id, partner.id].sort());
    const text = mail.parsed.text ?? '';
    assert.ok(
      text
        .split('\n')
        .slice(0, 40)
        .some((l) => l.includes('tomcat-trust entry CUCM01.der on CUCM02, CUCM03: copy of tomcat on CUCM01')),
      `the copy on the first screen:\n${text}`,
    );
    assert.ok(text.includes(`Copy ${copy.id}: `), 'named by its ticket id');
    assert.ok(String(mail.parsed.html).includes(copy.id), 'and in its HTML part');
    // The worker records the mail on its tickets right after the SMTP server took it.
    const stored = await waitFor('the copy recording the mail', async () => {
      const { body } = await service.api<{ ticket: { mailed: { messageId: string }[]; pendingMail: unknown } }>(
        `/api/v1/tickets/${encodeURIComponent(copy.id)}`,
      );
      return body.ticket.mailed.length > 0 ? body.ticket : null;
    });
    assert.equal(stored.mailed.at(-1)?.messageId, mail.parsed.messageId, "the copy's revision went out with that mail");
    assert.equal(stored.pendingMail, null);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(smtp.received.filter((m) => ticketIdsOf(m).includes(copy.id)).length, 0, 'no separate copy mail');
    assert.equal(smtp.received.length, 1);
  });

  test('a copy whose node\'s own certificate never alarmed mails on its own, saying whose copy it is', async () => {
    const now = Date.now();
    await sendUdp(service.ports.udp!, [
      certAlarmLine({
        node: 'CUCM01',
        unit: 'CallManager-trust',
        certificate: 'CUCM02.der',
        alarm: 'CertValidfor7days',
        at: new Date(now),
        expires: new Date(now + 6 * DAY),
      }),
    ]);
    const copy = await ticket('CallManager-trust', 'CUCM02.der', 1);
    assert.ok(copy.linkedTicketId !== null, 'linked to the own ticket it would have');
    const mail = await waitFor("the copy's own mail", () =>
      smtp.received.find((m) => ticketIdsOf(m).includes(copy.id)),
    );
    assert.deepEqual(ticketIdsOf(mail), [copy.id]);
    const text = (mail.parsed.text ?? '').replace(/\s+/g, ' ');
    assert.ok(
      text.includes(`Copy of`) && text.includes(`the node certificate of ticket ${copy.linkedTicketId}`),
      `"copy of" line in the mail:\n${mail.parsed.text}`,
    );
  });
});
