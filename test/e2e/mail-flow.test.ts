// End to end over real parts: UDP alarm -> Redis ticket -> BullMQ mail job -> a real SMTP server receives the mail.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { certAlarmLine, noiseLine } from '../support/alarm-lines.js';
import { freePort } from '../support/free-port.js';
import type { TestService } from '../support/in-process.js';
import { startMailInstallation, type MailInstallation } from '../support/mail-installation.js';
import { ticketIdsOf } from '../support/mail-tickets.js';
import { sendUdp } from '../support/send-udp.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface ExpiryItem {
  id: string;
  cluster: string;
  node: string;
  unit: string;
  certificate: string;
  occurrences: number;
  status: string;
  urgency: string;
  expiresAtPrecision: string;
}

describe('mail flow (real Redis, real UDP, real SMTP)', () => {
  let installation: MailInstallation;
  let smtp: SmtpSink;
  let service: TestService;

  before(async () => {
    installation = await startMailInstallation({
      MAIL_TO: 'uc-team@example.net',
      MAIL_FROM: 'certwatch@example.net',
      CLUSTERS_FILE: 'samples/clusters/lab.yaml',
      MAIL_GROUP_WINDOW_MS: '1500', // wide enough that a burst is grouped even on a loaded CI machine
      MAIL_RETRY_BASE_MS: '100',
    });
    ({ service, smtp } = installation);
  });

  after(() => installation.stop());

  const mailIdle = () => installation.mailIdle();

  async function ticketFor(certificate: string, node?: string): Promise<ExpiryItem> {
    return waitFor(`ticket for ${certificate}`, async () => {
      const { body } = await service.api<{ items: ExpiryItem[] }>('/api/v1/expiries');
      return body.items.find((i) => i.certificate === certificate && (!node || i.node === node)) ?? null;
    });
  }

  test('first alarm opens a ticket and sends exactly one mail; 20 repeats send none; escalation threads', async () => {
    const now = Date.now();
    const line = certAlarmLine({
      node: 'CUCM02',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: new Date(now),
      expires: new Date(now + 5 * DAY),
    });
    await sendUdp(service.ports.udp!, [line]);
    const ticket = await ticketFor('tomcat.der', 'CUCM02');
    assert.equal(ticket.cluster, 'lab');
    assert.equal(ticket.unit, 'tomcat');
    assert.equal(ticket.urgency, 'week');

    await waitFor('first mail', () => smtp.received.length >= 1);
    const first = smtp.received[0]!;
    assert.deepEqual(first.envelopeTo.sort(), (await clusterRecipients()).sort());
    assert.match(first.parsed.subject ?? '', /lab/i, 'names the cluster');
    assert.match(first.parsed.subject ?? '', /CUCM02/);
    assert.match(first.parsed.subject ?? '', /tomcat/);
    assert.match(first.parsed.subject ?? '', /(expires|EXPIRED) (by )?\d{1,2} [A-Z][a-z]{2} \d{4}$/, 'the expiry day');
    assert.equal(first.parsed.headers.get('x-certwatch-ticket'), ticket.id);
    assert.ok(first.parsed.messageId, 'has a Message-ID');
    const runbook = first.parsed.attachments.find((a) => a.contentType === 'text/html');
    assert.match(
      runbook?.filename ?? '',
      /^lab-\d{4}-\d{2}-\d{2}-runbook\.html$/,
      'the runbook attached, named after the cluster and day',
    );
    assert.match(runbook!.content.toString('utf8'), /set cert regen tomcat|CSR/i, 'the plan is in the runbook');
    assert.doesNotMatch(first.parsed.text ?? '', /set cert regen tomcat/i, 'not in the body');
    assert.match(first.parsed.text ?? '', /^Order of work /m, 'the body has the order of work');
    assert.match(String(first.parsed.html), /<table/i, 'an HTML part');

    // The same alarm 20 more times, as the Monitor repeats it (each with its own alarm time), plus exact copies of
    // the first line (two routing paths): copies are recognised as the same message and not counted again.
    const repeats = Array.from({ length: 20 }, (_, i) =>
      certAlarmLine({
        node: 'CUCM02',
        unit: 'tomcat',
        certificate: 'tomcat.der',
        alarm: 'CertValidfor7days',
        at: new Date(now + (i + 1) * 60_000),
        expires: new Date(now + 5 * DAY),
      }),
    );
    await sendUdp(service.ports.udp!, [line, line, line, ...repeats]);
    await waitFor('21 occurrences', async () => (await ticketFor('tomcat.der', 'CUCM02')).occurrences === 21);
    await mailIdle();
    assert.equal(smtp.received.length, 1, 'repeats at the same urgency send no mail');

    // Escalation: under a day left -> a second mail in the same thread.
    const escalation = certAlarmLine({
      node: 'CUCM02',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidLessthanADay',
      at: new Date(now + 30 * 60_000),
      expires: new Date(now + 20 * HOUR),
    });
    await sendUdp(service.ports.udp!, [escalation]);
    await waitFor('escalation mail', () => smtp.received.length >= 2);
    const second = smtp.received[1]!;
    assert.equal(second.parsed.inReplyTo, first.parsed.messageId);
    assert.equal(second.parsed.subject, `Re: ${first.parsed.subject}`, 'the thread keeps its subject');
    assert.equal(
      second.parsed.headers.get('priority'),
      'high',
      'Importance and X-Priority say so (mailparser reads both as priority)',
    );
    assert.notEqual(second.parsed.messageId, first.parsed.messageId);
    await mailIdle();
    assert.equal(smtp.received.length, 2);
    const stored = await service.api<{ ticket: { history: { reason: string }[]; mailed: unknown[] } }>(
      `/api/v1/tickets/${ticket.id}`,
    );
    const reasons = stored.body.ticket.history.map((h) => h.reason);
    assert.ok(
      reasons.includes('first-alarm') && reasons.includes('escalated'),
      `history says why: ${reasons.join(', ')}`,
    );
    assert.equal(stored.body.ticket.mailed.length, 2);
  });

  async function clusterRecipients(): Promise<string[]> {
    const { body } = await service.api<{ recipients: string[] }>('/api/v1/clusters/lab');
    return body.recipients.length > 0 ? body.recipients : ['uc-team@example.net'];
  }

  test('a burst of one cluster\'s certificates goes out as one grouped mail', async () => {
    const before = smtp.received.length;
    const now = Date.now();
    const units: [string, string, string][] = [
      ['CUCM01', 'CallManager', 'CallManager.der'],
      ['CUCM01', 'TVS', 'TVS.der'],
      ['CUCM01', 'CAPF', 'CAPF.der'],
      ['CUCM03', 'ipsec', 'ipsec.der'],
    ];
    await sendUdp(service.ports.udp!, [
      noiseLine('CUCM01', new Date(now)),
      ...units.map(([node, unit, certificate], i) =>
        certAlarmLine({
          node,
          unit,
          certificate,
          alarm: 'CertValidfor7days',
          at: new Date(now + i),
          expires: new Date(now + 6 * DAY),
        }),
      ),
    ]);
    await waitFor('grouped mail', () => smtp.received.length > before);
    await mailIdle();
    assert.equal(smtp.received.length, before + 1, 'one mail for the whole burst');
    const grouped = smtp.received[before]!;
    const ids = ticketIdsOf(grouped);
    assert.equal(ids.length, 4);
    const text = grouped.parsed.attachments.find((a) => a.contentType === 'text/markdown')!.content.toString('utf8');
    // One combined plan (the attached runbook) in the brief's order: CAPF before CallManager, TVS last.
    const capf = text.indexOf('set cert regen CAPF');
    const cm = text.indexOf('set cert regen CallManager');
    const tvs = text.indexOf('set cert regen TVS');
    assert.ok(
      capf >= 0 && cm > capf && tvs > cm,
      `order CAPF < CallManager < TVS in the combined plan (${capf}, ${cm}, ${tvs})`,
    );
  });

  test('hostile certificate names are escaped in the mail', async () => {
    const before = smtp.received.length;
    const now = Date.now();
    const hostile = '<script>alert(1)</script>.der';
    await sendUdp(service.ports.udp!, [
      certAlarmLine({
        node: 'CUCM03',
        unit: 'tomcat-trust',
        certificate: hostile,
        alarm: 'CertExpired',
        at: new Date(now),
        expires: new Date(now - DAY),
      }),
    ]);
    await waitFor('mail for hostile name', () => smtp.received.length > before);
    const mail = smtp.received[before]!;
    assert.ok(!String(mail.parsed.html).includes('<script>'), 'no raw markup in HTML');
    assert.ok(String(mail.parsed.html).includes('&lt;script&gt;'), 'the name is shown, escaped');
    assert.ok(!/\r|\n/.test(mail.parsed.subject ?? ''), 'no line break in the subject');
  });

  test("poison unit names (constructor, toString, ...) beside a genuine alarm: the cluster's mail goes out with both", async () => {
    const before = smtp.received.length;
    const now = Date.now();
    const poison = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'constructor-trust'];
    await sendUdp(service.ports.udp!, [
      ...poison.map((unit, i) =>
        certAlarmLine({
          node: 'CUCM03',
          unit,
          certificate: `${unit}.der`,
          alarm: 'CertValidfor7days',
          at: new Date(now + i),
          expires: new Date(now + 3 * DAY),
        }),
      ),
      certAlarmLine({
        node: 'CUCM03',
        unit: 'CAPF',
        certificate: 'CAPF.der',
        alarm: 'CertValidfor7days',
        at: new Date(now + 10),
        expires: new Date(now + 3 * DAY),
      }),
    ]);
    await waitFor('mail after poison units', () => smtp.received.length > before);
    await mailIdle();
    const text = smtp.received
      .slice(before)
      .map((m) => m.parsed.text ?? '')
      .join('\n');
    const runbooks = smtp.received
      .slice(before)
      .flatMap((m) => m.parsed.attachments.map((a) => a.content.toString('utf8')))
      .join('\n');
    assert.match(runbooks, /set cert regen CAPF/, 'the genuine certificate is planned (in the attached runbook)');
    for (const unit of poison) assert.ok(text.includes(unit), `${unit} is named in the mail`);
    assert.equal(await service.metric('certwatch_plan_failures_total'), 0, 'no ticket failed planning');
    const failed = await service.api<{ items: { queue: string }[] }>('/api/v1/jobs/failed');
    assert.equal(failed.body.items.filter((j) => j.queue === 'certwatch-mail').length, 0, 'no failed mail job');
    const plan = await service.api<string>('/api/v1/plan?cluster=lab&unit=constructor&node=CUCM03&format=text');
    assert.equal(plan.status, 200);
  });
});

describe('a mail the relay stored although the sender saw a failure (issue 9, defect 10)', () => {
  test('each ticket revision is in exactly one composed mail: later jobs leave it out, the retry resends it unchanged', async () => {
    const installation = await startMailInstallation({
      MAIL_TO: 'ops@example.net', CLUSTERS_FILE: 'samples/clusters/lab.yaml', MAIL_GROUP_WINDOW_MS: '100',
      MAIL_RETRY_BASE_MS: '3000',
    });
    const { smtp, service } = installation;
    try {
      const now = Date.now();
      const alarm = (unit: string) =>
        certAlarmLine({
          node: 'CUCM01',
          unit,
          certificate: `${unit}.der`,
          alarm: 'CertValidfor7days',
          at: new Date(now),
          expires: new Date(now + 3 * DAY),
        });
      smtp.losingAcks = true;
      await sendUdp(service.ports.udp!, [alarm('CAPF')]);
      await waitFor('the first mail stored by the relay', () => smtp.received.length === 1 || null);
      smtp.losingAcks = false;
      await sendUdp(service.ports.udp!, [alarm('TVS')]);
      await waitFor('the TVS mail and the CAPF retry', () => smtp.received.length >= 3 || null, 30_000);
      await installation.mailIdle();
      const byTicketHeader = smtp.received.map((m) => ({ ids: ticketIdsOf(m), messageId: m.parsed.messageId }));
      const capfMails = byTicketHeader.filter((m) => m.ids.some((id) => id.includes('.capf.')));
      const tvsMails = byTicketHeader.filter((m) => m.ids.some((id) => id.includes('.tvs.')));
      assert.equal(
        new Set(capfMails.map((m) => m.messageId)).size,
        1,
        `CAPF went out under one Message-ID: ${JSON.stringify(byTicketHeader)}`,
      );
      assert.equal(capfMails.length, 2, 'the stored mail and its retry');
      assert.equal(tvsMails.length, 1);
      assert.ok(
        !tvsMails[0]!.ids.some((id) => id.includes('.capf.')),
        'the TVS mail does not carry the CAPF revision again',
      );
    } finally {
      await installation.stop();
    }
  });
});

describe('a mail with no recipient at all', () => {
  test('goes to the outbox, not to SMTP', async () => {
    // SMTP is configured, but neither the (unassigned) cluster nor MAIL_TO names a recipient.
    const installation = await startMailInstallation({ MAIL_GROUP_WINDOW_MS: '100' });
    const { smtp, service } = installation;
    try {
      const now = Date.now();
      await sendUdp(service.ports.udp!, [
        certAlarmLine({
          node: 'NOBODY01',
          unit: 'ipsec',
          certificate: 'ipsec.der',
          alarm: 'CertValidfor7days',
          at: new Date(now),
          expires: new Date(now + 2 * DAY),
        }),
      ]);
      const outbox = join(service.dataDir, 'outbox');
      const files = await waitFor('outbox mail', () => {
        try {
          const eml = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
          return eml.length > 0 ? eml : null;
        } catch {
          return null;
        }
      });
      assert.match(readFileSync(join(outbox, files[0]!), 'utf8'), /NOBODY01/);
      assert.equal(smtp.received.length, 0);
    } finally {
      await installation.stop();
    }
  });
});

describe('a mail the SMTP server refuses for good', () => {
  test('fails at once (no retries), is listed by /api/v1/jobs/failed and counted in /metrics', async () => {
    const installation = await startMailInstallation({
      MAIL_TO: 'nobody@example.net', MAIL_GROUP_WINDOW_MS: '100', MAIL_RETRY_BASE_MS: '100',
    });
    const { smtp, service } = installation;
    smtp.rejecting = true;
    try {
      const now = Date.now();
      await sendUdp(service.ports.udp!, [
        certAlarmLine({
          node: 'REFUSED01',
          unit: 'TVS',
          certificate: 'TVS.der',
          alarm: 'CertValidfor7days',
          at: new Date(now),
          expires: new Date(now + 2 * DAY),
        }),
      ]);
      const failed = await waitFor('a failed mail job', async () => {
        const { body } = await service.api<{ items: { queue: string; failedReason: string; attemptsMade: number }[] }>(
          '/api/v1/jobs/failed',
        );
        return body.items.find((j) => j.queue === 'certwatch-mail') ?? null;
      });
      assert.match(failed.failedReason, /mailbox unavailable|550/);
      assert.equal(failed.attemptsMade, 1, 'a permanent refusal is not retried');
      assert.equal(await service.metric('certwatch_mails_total', { outcome: 'failed-permanent' }), 1);
      assert.equal(smtp.received.length, 0);
    } finally {
      await installation.stop();
    }
  });
});

describe('the runbook link of a mail (PUBLIC_URL, API token; real HTTP, Redis, UDP, SMTP)', () => {
  const TOKEN = 'runbook-token-0123456789abcdef0123';
  let installation: MailInstallation;
  let smtp: SmtpSink;
  let service: TestService;

  before(async () => {
    // The API on a port known in advance, so the mail's links point at this very service.
    const port = await freePort();
    installation = await startMailInstallation({
      MAIL_TO: 'uc-team@example.net', MAIL_FROM: 'certwatch@example.net',
      CLUSTERS_FILE: 'samples/clusters/lab.yaml', MAIL_GROUP_WINDOW_MS: '300', API_TOKEN: TOKEN,
      HTTP_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    ({ service, smtp } = installation);
  });
  after(() => installation.stop());

  test("GET on the mail's runbook link serves the attached runbook as sent (HTML, or Markdown), behind the token", async () => {
    const now = Date.now();
    await sendUdp(service.ports.udp!, [
      certAlarmLine({
        node: 'CUCM01',
        unit: 'CallManager',
        certificate: 'CallManager.der',
        alarm: 'CertValidfor7days',
        at: new Date(now),
        expires: new Date(now + 6 * DAY),
      }),
      certAlarmLine({
        node: 'CUCM02',
        unit: 'tomcat',
        certificate: 'tomcat.der',
        alarm: 'CertValidfor7days',
        at: new Date(now + 1),
        expires: new Date(now + 5 * DAY),
      }),
    ]);
    const mail = await waitFor('the mail', () => smtp.received[0]);
    const link = /^- The runbook in the browser: (\S+)$/m.exec(mail.parsed.text ?? '')?.[1];
    assert.ok(link, `a runbook link in the mail:\n${mail.parsed.text}`);
    assert.match(link, /\/api\/v1\/tickets\/[^/]+\/runbook$/, "the ticket's runbook, not a plan rebuilt later");
    const attached = (type: string) =>
      mail.parsed.attachments.find((a) => a.contentType === type)!.content.toString('utf8');
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };

    // The ticket records its mail once the SMTP server has taken it, a moment after the mail arrived here; until then
    // the link says "no mail sent for ticket ... yet" (404).
    const html = await waitFor('the ticket\'s record of its mail', async () => {
      const answer = await fetch(link, auth);
      if (answer.status === 200) return answer;
      assert.match(await answer.text(), /no mail sent for ticket .* yet/);
      return undefined;
    });
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(await html.text(), attached('text/html'), 'the very runbook the mail carries, deadlines included');
    const md = await fetch(`${link}?format=md`, auth);
    assert.equal(md.status, 200);
    assert.match(md.headers.get('content-type') ?? '', /^text\/markdown/);
    assert.equal(await md.text(), attached('text/markdown'));
    assert.equal((await fetch(link)).status, 401, 'a read like the others: the token is needed');
    assert.equal((await fetch(`${link}?format=pdf`, auth)).status, 400);
  });
});
