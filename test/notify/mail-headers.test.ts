// Issue 10, headers: what the relay receives. Two installations mailing the same alarm use different Message-IDs
// (each its own install id, kept in its Redis); a grouped mail of many tickets names its group and count instead of
// listing ids in a header, and no header line of the raw message is over RFC 5322's 998 characters.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { composePlanMail, mailGroupId, messageIdFor } from '../../src/notify/compose-mail.js';
import { createSmtpTransport } from '../../src/notify/mail-transport.js';
import { planForTickets } from '../../src/plan/ticket-plan.js';
import { unknownCluster } from '../../src/domain/cluster.js';
import { installIdOf } from '../../src/redis/install-id.js';
import { redisKeys } from '../../src/redis/keys.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startMailInstallation, type MailInstallation } from '../support/mail-installation.js';
import { sendUdp } from '../support/send-udp.js';
import { startSmtpSink, type SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';
import { makeEvent, openWith, T0 } from '../tickets/fixtures.js';

const DAY = 86_400_000;
const RFC5322_MAX_LINE = 998;

/** The header lines of a raw message as received (folded lines count one by one, as the RFC counts them). */
function headerLines(mail: ReceivedMail): string[] {
  const end = mail.raw.search(/\r?\n\r?\n/);
  return mail.raw.slice(0, end).split(/\r?\n/);
}

function assertHeaderLinesFit(mail: ReceivedMail): void {
  const lines = headerLines(mail);
  assert.ok(lines.length > 5, 'the header block was found');
  for (const line of lines) {
    assert.ok(line.length <= RFC5322_MAX_LINE, `a header line of ${line.length} characters: ${line.slice(0, 120)}...`);
  }
}

function startInstallation(env: Record<string, string> = {}): Promise<MailInstallation> {
  return startMailInstallation({
    MAIL_TO: 'uc-team@example.net', MAIL_FROM: 'certwatch <certwatch@voice.example.net>',
    MAIL_GROUP_WINDOW_MS: '1500', MAIL_RETRY_BASE_MS: '100', ...env,
  });
}

describe('Message-IDs are unique per installation', () => {
  let first: MailInstallation;
  let second: MailInstallation;
  before(async () => {
    first = await startInstallation();
    second = await startInstallation();
  });
  after(async () => {
    await first?.stop();
    await second?.stop();
  });

  test('two installations (two data dirs, two Redis) mail the same alarm under different Message-IDs', async () => {
    const now = Date.now();
    const line = certAlarmLine({
      node: 'CUCM01',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: new Date(now),
      expires: new Date(now + 5 * DAY),
    });
    await sendUdp(first.service.ports.udp!, [line]);
    await sendUdp(second.service.ports.udp!, [line]);
    const [a, b] = await Promise.all([first, second].map((i) => waitFor('the mail', () => i.smtp.received[0])));
    assert.notEqual(first.service.dataDir, second.service.dataDir);
    assert.equal(
      a!.parsed.headers.get('x-certwatch-ticket'),
      b!.parsed.headers.get('x-certwatch-ticket'),
      'the same ticket in both',
    );
    assert.notEqual(a!.parsed.messageId, b!.parsed.messageId);
    for (const [installation, mail] of [[first, a!], [second, b!]] as const) {
      const client = new Redis(installation.redis.url);
      try {
        const stored = await client.get(redisKeys.installId());
        assert.match(stored ?? '', /^[0-9a-f]{16}$/, 'the install id is kept in Redis');
        assert.equal(
          mail.parsed.messageId,
          `<${String(mail.parsed.headers.get('x-certwatch-ticket'))}.r1.${stored}@voice.example.net>`,
          'ticket, revision, install id and the MAIL_FROM domain',
        );
        // Another host of the same installation (another connection to the same Redis) reads the same id.
        assert.equal(await installIdOf(client), stored);
      } finally {
        client.disconnect();
      }
    }
  });
});

describe('a grouped mail of many tickets', () => {
  const TICKETS = 40;
  let installation: MailInstallation;
  before(async () => {
    installation = await startInstallation({ MAIL_MAX_TICKETS: '100' });
  });
  after(async () => {
    await installation?.stop();
  });

  test(`${TICKETS} tickets in one mail: X-Certwatch-Group and X-Certwatch-Count, ids in the body, every header line <= 998`, async () => {
    const now = Date.now();
    const lines = Array.from({ length: TICKETS }, (_, i) =>
      certAlarmLine({
        node: `CUCM-SUBSCRIBER-${String(i).padStart(2, '0')}`,
        unit: 'CallManager-ECDSA',
        certificate: `CUCM-SUBSCRIBER-${i}-EC.der`,
        alarm: 'CertValidfor7days',
        at: new Date(now),
        expires: new Date(now + 5 * DAY),
      }),
    );
    await sendUdp(installation.service.ports.udp!, lines);
    const mail = await waitFor('the grouped mail', () => installation.smtp.received[0], 60_000);
    assertHeaderLinesFit(mail);
    const count = Number(mail.parsed.headers.get('x-certwatch-count'));
    assert.equal(count, TICKETS, 'one mail for the burst, its count in the header');
    assert.match(String(mail.parsed.headers.get('x-certwatch-group')), /^[0-9a-f]{20}$/);
    assert.equal(mail.parsed.headers.get('x-certwatch-ticket'), undefined, 'no ticket list in a header');
    const { body } = await installation.service.api<{ items: { id: string }[] }>('/api/v1/expiries');
    assert.equal(body.items.length, TICKETS);
    for (const { id } of body.items) {
      assert.ok(String(mail.parsed.text).includes(id), `ticket ${id} is named in the body`);
    }
  });
});

describe('threading headers of a grouped mail', () => {
  let smtp: SmtpSink;
  before(async () => {
    smtp = await startSmtpSink();
  });
  after(async () => {
    await smtp.close();
  });

  test('References to many earlier threads stay within 998 characters a line (real SMTP)', async () => {
    const tickets = Array.from({ length: 60 }, (_, i) => ({
      ...openWith(makeEvent({ node: `CUCM-SUBSCRIBER-${i}`, unit: 'tomcat', certificate: `tomcat-${i}.der` })),
      threadMessageId: `<unassigned-10-20-30-40.cucm-subscriber-${i}.tomcat.tomcat-${i}-der.0123abcd.r1.feedbeef@voice.example.net>`,
    }));
    const ids = tickets.map((t) => t.id);
    const revisions = tickets.map(() => 2);
    const composed = composePlanMail({
      tickets,
      cluster: unknownCluster('lab', 'Lab'),
      runbook: planForTickets(unknownCluster('lab', 'Lab'), tickets, T0),
      kind: 'escalated',
      now: T0,
      from: 'certwatch@voice.example.net',
      to: ['uc-team@example.net'],
      messageId: messageIdFor(ids, revisions, { installId: 'feedbeef', domain: 'voice.example.net' }),
      groupId: mailGroupId(ids, revisions),
      threadMessageId: tickets[0]!.threadMessageId,
      threadSubject: '[certwatch] Lab: 60 certificates expire 25 Nov 2026 (tomcat)',
    });
    const transport = createSmtpTransport(smtp.url, pino({ level: 'silent' }));
    try {
      await transport.send(composed);
    } finally {
      transport.close();
    }
    const mail = await waitFor('the mail', () => smtp.received[0]);
    assert.equal((mail.parsed.references as string[]).length, 60, 'every thread referenced');
    assertHeaderLinesFit(mail);
  });
});
