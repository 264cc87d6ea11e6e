// Issue 10 end to end over HTTP with a real SMTP server, on the real clock: a snoozed ticket gets no reminder at a tick
// past its reminder time while a ticket beside it does; an escalation during the snooze still arrives, marked as sent
// during it; a cluster ack over HTTP stops the reminders of every ticket of that cluster; a cluster's snooze reaches a
// ticket opened after it, whose opening mail says it was opened during the snooze; ending the cluster's snooze (DELETE)
// wakes its tickets.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Ticket } from '../../src/tickets/ticket.js';
import { certAlarmLine, type CertAlarm } from '../support/alarm-lines.js';
import type { TestService } from '../support/in-process.js';
import { startMailInstallation, type MailInstallation } from '../support/mail-installation.js';
import { sendUdp } from '../support/send-udp.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
/** The reminder ladder's 3-day step falls due this long after the start: time enough to snooze and ack first. */
const LEAD_MS = 12_000;

describe('snooze and bulk ack end to end (real Redis, UDP, HTTP, SMTP; real clock)', () => {
  let installation: MailInstallation;
  let smtp: SmtpSink;
  let service: TestService;

  before(async () => {
    installation = await startMailInstallation({
      MAIL_TO: 'uc-team@example.net', MAIL_FROM: 'certwatch@example.net',
      API_TOKEN: TOKEN, MAIL_GROUP_WINDOW_MS: '300', MAIL_RETRY_BASE_MS: '100', TICK_INTERVAL_MS: '500',
    });
    ({ service, smtp } = installation);
  });
  after(() => installation.stop());

  const post = (path: string, body?: unknown) =>
    service.api<{ reason?: string; changed?: { id: string }[] }>(path, {
      method: 'POST',
      headers: {
        ...auth,
        'X-Certwatch-User': 'uc-oncall',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const ticket = async (id: string) =>
    (await service.api<{ ticket: Ticket }>(`/api/v1/tickets/${id}`, { headers: auth })).body.ticket;
  /** With `cluster`: once the ticket is in that cluster (one opened just after a PUT of its cluster may be decided
   * while the worker process still knows the cluster's old inventory, then re-homed to it). */
  const ticketOf = (node: string, unit = 'tomcat', cluster?: string) =>
    waitFor(`the ticket of ${node} ${unit}`, async () => {
      const { body } = await service.api<{ items: { id: string; node: string; unit: string; cluster: string }[] }>(
        '/api/v1/expiries',
        { headers: auth },
      );
      return (
        body.items.find((i) => i.node === node && i.unit === unit && (cluster === undefined || i.cluster === cluster))
          ?.id ?? null
      );
    });
  const alarm = (node: string, alarmName: CertAlarm, at: Date, expires: Date, unit = 'tomcat') =>
    certAlarmLine({ node, unit, certificate: `${unit}.der`, alarm: alarmName, at, expires, cutAt: 0 });
  const bare = (messageId: string | undefined) => String(messageId).replace(/^<|>$/g, '');
  /** The mail the SMTP server received with this Message-ID. */
  const received = (messageId: string | undefined) =>
    smtp.received.find((r) => bare(r.parsed.messageId) === bare(messageId));
  /** The X-Certwatch-Kind of every mail the ticket records as sent, read from the mails the SMTP server received. */
  const kindsMailed = async (id: string) =>
    (await ticket(id)).mailed.map((m) => String(received(m.messageId)?.parsed.headers.get('x-certwatch-kind')));

  test('snooze holds reminders back but not escalations; a cluster ack stops every reminder of the cluster', async () => {
    for (const [c, [id, nodes]] of (
      [
        ['snz', ['SNZ01']],
        ['bulk', ['BLK01', 'BLK02']],
        ['ctl', ['CTL01']],
      ] as const
    ).entries()) {
      const put = await service.api(`/api/v1/clusters/${id}`, {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: id,
          version: '15',
          nodes: nodes.map((name, i) => ({
            name,
            roles: [i === 0 ? 'publisher' : 'subscriber'],
            addresses: [`192.0.2.${20 + 10 * c + i}`],
          })),
        }),
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
    }
    const start = Date.now();
    // Exact expiries 3 days and LEAD_MS away: the opening mail covers the 7-day step, the 3-day step is due at
    // reminderAt. None of them comes near a day, so nothing escalates with time during the test.
    const expires = new Date(start + 3 * DAY + LEAD_MS);
    const reminderAt = start + LEAD_MS;
    await sendUdp(
      service.ports.udp!,
      ['SNZ01', 'BLK01', 'BLK02', 'CTL01'].map((node) => alarm(node, 'CertValidfor7days', new Date(start), expires)),
    );
    const [snoozed, bulkA, bulkB, control] = await Promise.all([
      ticketOf('SNZ01'),
      ticketOf('BLK01'),
      ticketOf('BLK02'),
      ticketOf('CTL01'),
    ]);

    const until = new Date(start + HOUR).toISOString();
    const snooze = await post(`/api/v1/tickets/${snoozed}/snooze`, {
      until,
      reason: 'CHG0815',
      note: 'renewal tonight',
    });
    assert.deepEqual([snooze.status, snooze.body.reason], [200, 'snoozed'], JSON.stringify(snooze.body));
    const ack = await post('/api/v1/clusters/bulk/ack', { note: 'whole cluster in the next window' });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    assert.deepEqual(ack.body.changed?.map((c) => c.id).sort(), [bulkA, bulkB].sort());
    assert.ok(
      Date.now() < reminderAt,
      'snoozed and acknowledged before the reminder fell due (else the test proves nothing)',
    );

    // The control ticket's reminder proves a tick ran past the reminder time; that same tick decided every ticket.
    await waitFor(
      'the reminder of the control ticket',
      async () => (await kindsMailed(control)).includes('reminder'),
      30_000,
    );
    // The tick after it (the cluster snooze below is taken by a later tick) and the mail it asked for are done too.
    const ctlUntil = new Date(start + HOUR).toISOString();
    assert.equal((await post('/api/v1/clusters/ctl/snooze', { until: ctlUntil, reason: 'CHG0816' })).status, 200);
    await sendUdp(service.ports.udp!, [alarm('CTL01', 'CertValidfor7days', new Date(), expires, 'ipsec')]);
    const later = await ticketOf('CTL01', 'ipsec');
    await waitFor(
      'the cluster snooze taken by the ticket opened after it',
      async () => (await ticket(later)).snoozedUntil === ctlUntil,
      15_000,
    );
    await installation.mailIdle();

    assert.deepEqual(await kindsMailed(control), ['opened', 'reminder']);
    assert.deepEqual(await kindsMailed(snoozed), ['opened'], 'no reminder while snoozed');
    for (const id of [bulkA, bulkB]) {
      assert.deepEqual(await kindsMailed(id), ['opened'], 'no reminder after the cluster ack');
      assert.ok(!(await ticket(id)).history.some((h) => h.reason === 'reminder-due'));
    }
    const laterTicket = await ticket(later);
    const laterHistory = laterTicket.history.find((h) => h.reason === 'cluster-snooze-applied');
    assert.deepEqual([laterHistory?.by, laterHistory?.note], ['uc-oncall', 'CHG0816']);
    // Its opening mail went out during the cluster's snooze, and says so under the headline.
    assert.deepEqual(await kindsMailed(later), ['opened']);
    assert.equal(laterTicket.mailed[0]?.duringSnoozeUntil, ctlUntil);
    const openingText = String(received(laterTicket.mailed[0]?.messageId)?.parsed.text);
    assert.match(
      openingText.split('\n')[1]!,
      /^Opened during the cluster's snooze \(until .*, reason CHG0816\): this first mail goes out, reminders wait until then\./,
    );

    // An escalation during the snooze: under a day left now. It arrives, in the ticket's thread, marked as sent during
    // the snooze; the snooze goes on.
    await sendUdp(service.ports.udp!, [
      alarm('SNZ01', 'CertValidLessthanADay', new Date(), new Date(Date.now() + 20 * HOUR)),
    ]);
    await waitFor('the escalation mail', async () => (await kindsMailed(snoozed)).includes('escalated'), 30_000);
    const escalated = await ticket(snoozed);
    assert.deepEqual(await kindsMailed(snoozed), ['opened', 'escalated']);
    assert.equal(
      escalated.mailed.at(-1)?.duringSnoozeUntil,
      until,
      'the mail is marked as an escalation during the snooze',
    );
    assert.equal(escalated.snoozedUntil, until);
    assert.equal(
      bare(received(escalated.mailed.at(-1)?.messageId)?.parsed.inReplyTo),
      bare(escalated.mailed[0]?.messageId),
      'in the thread',
    );

    await installation.mailIdle();
    const recorded = new Set(
      (await Promise.all([snoozed, bulkA, bulkB, control, later].map(ticket))).flatMap((t) =>
        t.mailed.map((m) => m.messageId),
      ),
    );
    assert.equal(
      smtp.received.length,
      recorded.size,
      'every mail received is one a ticket records: nothing else went out',
    );
  });

  test("DELETE /clusters/:id/snooze over HTTP ends the cluster's snooze: its tickets get reminders again, a ticket opened after it does not take it; again: 200, nothing to end; an unknown cluster: 404", async () => {
    const put = await service.api('/api/v1/clusters/unz', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'unz',
        version: '15',
        nodes: [{ name: 'UNZ01', roles: ['publisher'], addresses: ['192.0.2.90'] }],
      }),
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const expires = new Date(Date.now() + 20 * DAY);
    await sendUdp(service.ports.udp!, [alarm('UNZ01', 'CertValidfor7days', new Date(), expires)]);
    const first = await ticketOf('UNZ01', 'tomcat', 'unz');
    const until = new Date(Date.now() + 2 * DAY).toISOString();
    assert.equal((await post('/api/v1/clusters/unz/snooze', { until, reason: 'CHG0900' })).status, 200);
    assert.equal((await ticket(first)).snoozedUntil, until);

    const end = (path: string) =>
      service.api<{
        clusterSnooze?: { until: string } | null;
        changed?: { id: string; reason: string }[];
        unchanged?: unknown[];
        message?: string;
      }>(path, {
        method: 'DELETE',
        headers: { ...auth, 'X-Certwatch-User': 'uc-oncall' },
      });
    const ended = await end('/api/v1/clusters/unz/snooze');
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.equal(ended.body.clusterSnooze?.until, until, 'names the snooze it ended');
    assert.deepEqual(ended.body.changed?.map((c) => [c.id, c.reason]), [[first, 'snooze-ended-by-user']]);
    assert.equal((await ticket(first)).snoozedUntil, null);

    // A ticket opened after the end: several ticks later it still carries no snooze.
    await sendUdp(service.ports.udp!, [alarm('UNZ01', 'CertValidfor7days', new Date(), expires, 'ipsec')]);
    const opened = await ticketOf('UNZ01', 'ipsec');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await ticket(opened);
    assert.equal(after.snoozedUntil, null);
    assert.ok(!after.history.some((h) => h.reason === 'cluster-snooze-applied'));

    const again = await end('/api/v1/clusters/unz/snooze');
    assert.deepEqual(
      [again.status, again.body.clusterSnooze, again.body.changed, again.body.unchanged],
      [200, null, [], []],
    );
    const unknown = await end('/api/v1/clusters/no-such-cluster/snooze');
    assert.deepEqual([unknown.status, unknown.body.message], [404, 'no cluster no-such-cluster']);
  });
});
