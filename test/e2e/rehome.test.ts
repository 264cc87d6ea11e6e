// Issue 10, re-homing, end to end over real parts (UDP, Redis, BullMQ, a real SMTP server): alarms from 127.0.0.1
// with no inventory open unassigned tickets and their first mail; the cluster is PUT with those nodes; the tickets
// move (same count, no duplicates), the old ids answer 308, a new alarm for the same certificate updates the moved
// ticket, and its mail goes to the cluster's recipients in the same thread: not a second opening mail; the opening
// mail's group ack still reaches the moved tickets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readClustersFile } from '../../src/config/load-clusters.js';
import { unassignedClusterId } from '../../src/tickets/cluster-match.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startMailInstallation, type MailInstallation } from '../support/mail-installation.js';
import { ticketIdsOf } from '../support/mail-tickets.js';
import { startTestRedis } from '../support/redis-server.js';
import { sendUdp } from '../support/send-udp.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LOCAL = unassignedClusterId('127.0.0.1');

interface ExpiryItem {
  id: string;
  cluster: string;
  node: string;
  unit: string;
  certificate: string;
  occurrences: number;
}

describe('re-homing unassigned tickets when the cluster is PUT (real UDP, Redis, SMTP)', () => {
  let installation: MailInstallation;
  let smtp: SmtpSink;
  let service: TestService;

  before(async () => {
    installation = await startMailInstallation({
      MAIL_TO: 'ops@example.net', MAIL_FROM: 'certwatch@example.net',
      MAIL_GROUP_WINDOW_MS: '1500', MAIL_RETRY_BASE_MS: '100',
    });
    ({ service, smtp } = installation);
  });
  after(() => installation.stop());

  const expiries = async () => (await service.api<{ items: ExpiryItem[] }>('/api/v1/expiries')).body.items;

  test('the tickets move, the old ids redirect, the next alarm updates the moved ticket, the next mail is no second opening', async () => {
    const now = Date.now();
    const certificates: [string, string][] = [
      ['CUCM01', 'tomcat'],
      ['CUCM01', 'CallManager'],
      ['CUCM02', 'TVS'],
      ['CUCM03', 'ipsec'],
      ['CUCM02', 'tomcat-trust'],
    ];
    const line = (
      node: string,
      unit: string,
      alarm: 'CertValidfor7days' | 'CertValidLessthanADay',
      atMs: number,
      expiresMs: number,
    ) =>
      certAlarmLine({
        node,
        unit,
        certificate: unit.endsWith('-trust') ? 'CUCM01.der' : `${unit}.der`,
        alarm,
        at: new Date(atMs),
        expires: new Date(expiresMs),
      });
    await sendUdp(
      service.ports.udp!,
      certificates.map(([node, unit], i) => line(node, unit, 'CertValidfor7days', now + i, now + 5 * DAY)),
    );
    const before = await waitFor('5 unassigned tickets', async () => {
      const items = await expiries();
      return items.length === 5 ? items : null;
    });
    assert.ok(
      (await service.api<{ items: { id: string }[] }>('/api/v1/clusters')).body.items.some((c) => c.id === LOCAL),
      'listed while it holds tickets',
    );
    assert.ok(
      before.every((t) => t.cluster === LOCAL),
      'no inventory: every ticket is unassigned',
    );
    // Usually one grouped mail; on a loaded machine the burst may straddle the grouping window: then two.
    const openings = await waitFor('the opening mails', async () => {
      await installation.mailIdle();
      return smtp.received.flatMap(ticketIdsOf).length === 5 ? [...smtp.received] : null;
    });
    assert.deepEqual(
      openings.flatMap(ticketIdsOf).sort(),
      before.map((t) => t.id).sort(),
      'each ticket in one opening mail',
    );
    for (const mail of openings) {
      assert.equal(mail.parsed.headers.get('x-certwatch-kind'), 'opened');
      assert.deepEqual(mail.envelopeTo, ['ops@example.net']);
    }
    const openingOf = (oldId: string) => openings.find((m) => ticketIdsOf(m).includes(oldId))!;

    // The inventory arrives through the API.
    const read = readClustersFile('samples/clusters/lab.yaml');
    assert.ok(read.ok);
    const lab = read.clusters.find((c) => c.id === 'lab')!;
    const put = await service.api('/api/v1/clusters/lab', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-Certwatch-User': 'alice' },
      body: JSON.stringify(lab),
    });
    assert.equal(put.status, 200);

    const after = await expiries();
    assert.equal(after.length, 5, 'the same number of tickets: moved, not copied');
    assert.ok(after.every((t) => t.cluster === 'lab'), 'every ticket is in lab now');
    assert.equal(new Set(after.map((t) => `${t.node}|${t.unit}|${t.certificate}`)).size, 5, 'no duplicates');
    const listed = (await service.api<{ items: { id: string }[] }>('/api/v1/clusters')).body.items.map((c) => c.id);
    assert.ok(
      listed.includes('lab') && !listed.includes(LOCAL),
      `the emptied unassigned cluster is no longer listed: ${listed.join(', ')}`,
    );
    const moves = new Map<string, string>();
    for (const old of before) {
      const answer = await service.api<{ movedTo: string }>(`/api/v1/tickets/${old.id}`, { redirect: 'manual' });
      assert.equal(answer.status, 308, `old id ${old.id}`);
      const location = answer.headers.get('location')!;
      assert.equal(location, `/api/v1/tickets/${answer.body.movedTo}`);
      const moved = await service.api<{ ticket: Ticket }>(location);
      assert.equal(moved.status, 200);
      assert.equal(moved.body.ticket.history.at(-1)!.reason, 'rehomed');
      assert.equal(
        moved.body.ticket.threadMessageId,
        openingOf(old.id).parsed.messageId,
        'the mail thread travels with the ticket',
      );
      moves.set(old.id, answer.body.movedTo);
    }
    assert.deepEqual([...moves.values()].sort(), after.map((t) => t.id).sort());

    // Less than a day left on CUCM01's tomcat: the alarm updates the moved ticket, escalates, mails.
    const tomcat = after.find((t) => t.node === 'CUCM01' && t.unit === 'tomcat')!;
    const opening = openingOf(before.find((t) => t.node === 'CUCM01' && t.unit === 'tomcat')!.id);
    await sendUdp(service.ports.udp!, [line('CUCM01', 'tomcat', 'CertValidLessthanADay', now + HOUR, now + 20 * HOUR)]);
    await waitFor('the escalation mail', () => smtp.received.length > openings.length);
    await installation.mailIdle();
    const updated = await expiries();
    assert.equal(updated.length, 5, 'no new ticket for the same certificate');
    assert.equal(updated.find((t) => t.id === tomcat.id)?.occurrences, 2, 'the moved ticket counted the alarm');

    assert.equal(smtp.received.length, openings.length + 1, 'one mail more');
    const next = smtp.received.at(-1)!;
    assert.notEqual(next.parsed.headers.get('x-certwatch-kind'), 'opened', 'no second first mail for the certificate');
    assert.equal(next.parsed.headers.get('x-certwatch-kind'), 'escalated');
    assert.deepEqual(next.envelopeTo, lab.recipients, "mailed to the cluster's recipients: the plan is the cluster's");
    assert.deepEqual(ticketIdsOf(next), [tomcat.id]);
    assert.equal(next.parsed.inReplyTo, opening.parsed.messageId, 'the conversation continues');
    assert.match(next.parsed.text ?? '', /\blab\b/, 'names the cluster');

    // The opening mail's group ack (printed in it) still reaches its tickets, under their new ids.
    const grouped = openings.filter((m) => m.parsed.headers.get('x-certwatch-group') !== undefined);
    assert.ok(grouped.length > 0, '5 tickets in at most 2 mails: one of them is grouped');
    for (const mail of grouped) {
      const ack = await service.api<{ changed: { id: string }[] }>(
        `/api/v1/mail-groups/${String(mail.parsed.headers.get('x-certwatch-group'))}/ack`,
        { method: 'POST' },
      );
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      assert.deepEqual(ack.body.changed.map((c) => c.id).sort(), ticketIdsOf(mail).map((id) => moves.get(id)).sort());
    }
  });
});

describe('re-homing when the service starts with a CLUSTERS_FILE it did not have before', () => {
  test('the unassigned tickets of the earlier run move at start', async () => {
    const redis = await startTestRedis();
    try {
      const now = Date.now();
      const first = await startTestService({ REDIS_URL: redis.url, MAIL_GROUP_WINDOW_MS: '60000' });
      let ids: string[];
      try {
        await sendUdp(
          first.ports.udp!,
          ['CUCM01', 'IMP01', 'UNLISTED9'].map((node, i) =>
            certAlarmLine({
              node,
              unit: 'tomcat',
              certificate: 'tomcat.der',
              alarm: 'CertValidfor7days',
              at: new Date(now + i),
              expires: new Date(now + 5 * DAY),
            }),
          ),
        );
        ids = await waitFor('3 unassigned tickets', async () => {
          const { body } = await first.api<{ items: ExpiryItem[] }>('/api/v1/expiries');
          return body.items.length === 3 ? body.items.map((t) => t.id) : null;
        });
      } finally {
        await first.stop();
      }
      const second = await startTestService({ REDIS_URL: redis.url, CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
      try {
        const items = await waitFor('the lab nodes\' tickets in lab', async () => {
          const { body } = await second.api<{ items: ExpiryItem[] }>('/api/v1/expiries');
          return body.items.filter((t) => t.cluster === 'lab').length === 2 ? body.items : null;
        });
        assert.equal(items.length, 3);
        assert.deepEqual(
          items.filter((t) => t.cluster === LOCAL).map((t) => t.node),
          ['UNLISTED9'],
          'a node no cluster lists stays unassigned',
        );
        for (const id of ids.filter((i) => !i.includes('unlisted9'))) {
          assert.equal((await second.api(`/api/v1/tickets/${id}`, { redirect: 'manual' })).status, 308);
        }
      } finally {
        await second.stop();
      }
    } finally {
      await redis.stop();
    }
  });
});
