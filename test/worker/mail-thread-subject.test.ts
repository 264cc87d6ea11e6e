// Issue 10, one subject per thread, on real Redis and a real SMTP server: a ticket's first mail fixes the subject, its
// later reminder and escalation arrive with `Re: ` and that subject, threaded on the first (In-Reply-To), their first
// body line and the Importance / X-Priority headers saying how urgent each one is. A ticket stored before tickets kept
// the subject reads with none and keeps the one of its next mail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { jobIds } from '../../src/queue/names.js';
import { redisKeys } from '../../src/redis/keys.js';
import { decideOnTick } from '../../src/tickets/decide-tick.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { recordMailSent } from '../../src/tickets/record-mail.js';
import type { TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { DAY, HOUR, T0, at, exactExpiry, makeEvent, openWith } from '../tickets/fixtures.js';
import { startMailRig, type MailRig } from '../support/mail-rig.js';
import type { ReceivedMail, SmtpSink } from '../support/smtp-sink.js';

/** A reminder two weeks ahead, so one reminder goes out before the expiry is near. */
const policy = policyFrom({ reminderDays: [14, 7, 3, 1, 0] });

/** The header lines as the relay received them (folded lines joined). */
function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1];
}

const firstLine = (mail: ReceivedMail) => String(mail.parsed.text ?? '').split('\n')[0];

describe('one subject per thread, urgency in the headline and the headers (real Redis, real SMTP)', () => {
  let rig: MailRig;
  let client: Redis;
  let smtp: SmtpSink;
  let store: TicketStore;
  let processMailJob: MailRig['processMailJob'];

  before(async () => {
    rig = await startMailRig();
    ({ client, smtp, store, processMailJob } = rig);
  });
  after(() => rig.stop());

  /** Mails the ticket's pending revision at `now` and returns what the relay received. */
  async function mailPending(id: string, now: Date): Promise<ReceivedMail> {
    const ticket = (await store.get(id))!;
    assert.ok(ticket.pendingMail, `a mail is pending for ${id}`);
    const received = smtp.received.length;
    const data = { ticketId: ticket.id, clusterId: ticket.clusterId, revision: ticket.pendingMail.revision };
    assert.equal(await processMailJob(jobIds.mail(ticket.id, ticket.pendingMail.revision), data, now), 'sent');
    assert.equal(smtp.received.length, received + 1, 'one mail');
    return smtp.received[received]!;
  }

  async function tick(id: string, now: Date, expected: string): Promise<void> {
    const { ticket } = await store.update(
      id,
      (t) => t && decideOnTick(t, { now, policy, nodeLastTrafficAt: null }).ticket,
    );
    assert.equal(ticket?.pendingMail?.kind, expected);
  }

  test('first mail, reminder and escalation of one ticket: the same subject (Re:), In-Reply-To, importance as urgent as each', async () => {
    // Expires 20 Dec 2026 10:00 UTC, 11:00 in Berlin (the lab cluster's zone).
    const opened = openWith(
      makeEvent({ node: 'CUCM01', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(30 * DAY) }),
    );
    await store.update(opened.id, () => opened);
    const subject = '[certwatch] Lab cluster: tomcat on CUCM01 expires 20 Dec 2026';

    const first = await mailPending(opened.id, T0);
    assert.equal(first.parsed.subject, subject);
    assert.equal(first.parsed.inReplyTo, undefined);
    assert.equal(rawHeader(first, 'Importance'), 'normal');
    assert.equal(rawHeader(first, 'X-Priority'), '3 (Normal)');
    assert.equal(firstLine(first), 'New: Lab cluster: tomcat on CUCM01 expires 20 Dec 2026, in 30 days');
    assert.equal((await store.get(opened.id))!.threadSubject, subject, 'the ticket keeps the thread\'s subject');

    const reminderAt = at(16 * DAY + 12 * HOUR);
    await tick(opened.id, reminderAt, 'reminder');
    const reminder = await mailPending(opened.id, reminderAt);
    assert.equal(reminder.parsed.subject, `Re: ${subject}`);
    assert.equal(reminder.parsed.inReplyTo, first.parsed.messageId);
    assert.deepEqual([reminder.parsed.references].flat(), [first.parsed.messageId]);
    assert.equal(rawHeader(reminder, 'Importance'), 'normal', '13 days ahead: not yet important');
    assert.equal(rawHeader(reminder, 'X-Priority'), '3 (Normal)');
    assert.equal(firstLine(reminder), 'Reminder: Lab cluster: tomcat on CUCM01 expires 20 Dec 2026, in 13 days');

    const escalationAt = at(23 * DAY + 12 * HOUR);
    await tick(opened.id, escalationAt, 'escalated');
    const escalation = await mailPending(opened.id, escalationAt);
    assert.equal(escalation.parsed.subject, `Re: ${subject}`, 'urgency does not change the subject');
    assert.equal(escalation.parsed.inReplyTo, first.parsed.messageId);
    assert.equal(rawHeader(escalation, 'Importance'), 'high', 'within 7 days');
    assert.equal(rawHeader(escalation, 'X-Priority'), '1 (Highest)');
    assert.equal(firstLine(escalation), 'Escalated: Lab cluster: tomcat on CUCM01 expires 20 Dec 2026, in 6 days');
    assert.equal(String(escalation.parsed.headers.get('x-certwatch-kind')), 'escalated');

    const stored = (await store.get(opened.id))!;
    assert.equal(stored.threadSubject, subject);
    assert.equal(stored.threadMessageId, first.parsed.messageId);
    assert.equal(stored.mailed.length, 3);
  });

  test('a ticket stored before tickets kept the subject: read with none, its next mail replies under a new one that it keeps', async () => {
    const legacy: Ticket = recordMailSent(
      openWith(
        makeEvent({
          node: 'CUCM02',
          unit: 'CallManager',
          certificate: 'CallManager.der',
          expiry: exactExpiry(30 * DAY),
        }),
      ),
      { revision: 1, messageId: '<legacy-first@example.net>', threadSubject: 'unused' },
      T0,
    ).ticket;
    await store.update(legacy.id, () => legacy);
    // The document as the version before this one wrote it: no threadSubject.
    const { threadSubject: _dropped, ...older } = JSON.parse(
      (await client.get(redisKeys.ticket(legacy.id)))!,
    ) as Record<string, unknown>;
    await client.set(redisKeys.ticket(legacy.id), JSON.stringify(older));
    assert.equal((await store.get(legacy.id))!.threadSubject, null, 'read with the default');

    const reminderAt = at(16 * DAY + 12 * HOUR);
    await tick(legacy.id, reminderAt, 'reminder');
    const mail = await mailPending(legacy.id, reminderAt);
    const fresh = '[certwatch] Lab cluster: CallManager on CUCM02 expires 20 Dec 2026';
    assert.equal(mail.parsed.subject, `Re: ${fresh}`);
    assert.equal(mail.parsed.inReplyTo, '<legacy-first@example.net>');
    assert.equal((await store.get(legacy.id))!.threadSubject, fresh, 'kept from now on');
  });
});
