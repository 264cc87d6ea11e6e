// Issue 9, defect 5: what one plan mail and its stored record may hold is bounded. Seven alarms of one cluster with
// MAIL_MAX_TICKETS=3 go out in several mails of at most three tickets, every ticket in exactly one; with a small
// MAIL_MAX_BYTES every mail (the whole message, attachments included) and every stored record stays within it (cut,
// with a note, never dropped).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { KEY_PREFIX } from '../../src/redis/keys.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { ticketIdsOf } from '../support/mail-tickets.js';
import type { TestService } from '../support/in-process.js';
import { startMailInstallation, type MailInstallation } from '../support/mail-installation.js';
import type { TestRedis } from '../support/redis-server.js';
import { sendUdp } from '../support/send-udp.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 86_400_000;
const TICKETS = 7;
const MAX_TICKETS = 3;
const MAX_BYTES = 16_384;

describe('bounded plan mails (issue 9, defect 5)', () => {
  let installation: MailInstallation;
  let redis: TestRedis;
  let smtp: SmtpSink;
  let service: TestService;
  before(async () => {
    installation = await startMailInstallation({
      MAIL_TO: 'ops@example.net', MAIL_GROUP_WINDOW_MS: '500', MAIL_RETRY_BASE_MS: '100',
      MAIL_MAX_TICKETS: String(MAX_TICKETS), MAIL_MAX_BYTES: String(MAX_BYTES),
    });
    ({ redis, service, smtp } = installation);
  });
  after(() => installation.stop());

  test(`${TICKETS} tickets of one cluster: mails of at most ${MAX_TICKETS} tickets and ${MAX_BYTES} bytes, each ticket once`, async () => {
    const now = Date.now();
    await sendUdp(
      service.ports.udp!,
      Array.from({ length: TICKETS }, (_, i) =>
        certAlarmLine({
          node: `BOUND${i}`,
          unit: 'tomcat',
          certificate: 'tomcat.der',
          alarm: 'CertValidfor7days',
          at: new Date(now),
          expires: new Date(now + (2 + i / 10) * DAY),
        }),
      ),
    );
    const ticketsIn = ticketIdsOf;
    await waitFor('every ticket mailed', () => smtp.received.flatMap(ticketsIn).length >= TICKETS || null, 60_000);
    const mailed = smtp.received.flatMap(ticketsIn);
    assert.equal(new Set(mailed).size, TICKETS, 'every ticket is mailed');
    assert.equal(mailed.length, TICKETS, 'no ticket in two mails');
    for (const m of smtp.received) {
      assert.ok(ticketsIn(m).length <= MAX_TICKETS, `a mail holds ${ticketsIn(m).length} tickets`);
      assert.ok(
        Buffer.byteLength(m.raw) <= MAX_BYTES,
        `the whole message, attachments included, holds ${Buffer.byteLength(m.raw)} bytes`,
      );
      assert.match(
        String(m.parsed.text),
        /^\[certwatch: this mail is cut to fit MAIL_MAX_BYTES \(16384 bytes\): left out are /m,
        'and says what it left out',
      );
    }
    assert.ok(await service.metric('certwatch_mails_cut_total') > 0, 'the cut mails are counted');
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys(`${KEY_PREFIX}:mail:*`);
      assert.ok(keys.length >= Math.ceil(TICKETS / MAX_TICKETS), `${keys.length} stored mail records`);
      for (const key of keys) {
        const size = Buffer.byteLength((await client.get(key))!);
        // The record is the mail (bounded) plus its headers and member list (at most MAIL_MAX_TICKETS entries).
        assert.ok(size <= MAX_BYTES + 4_096, `${key} holds ${size} bytes`);
      }
    } finally {
      client.disconnect();
    }
  });
});
