// The stored mail record (composed before sending) on real Redis and a real SMTP server: written with its
// schemaVersion, read back when it carries none (version 0) or is older (1: no attachments), refused without sending
// when
// a newer version wrote it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { jobIds } from '../../src/queue/names.js';
import { redisKeys } from '../../src/redis/keys.js';
import { NewerSchemaError } from '../../src/redis/schema-version.js';
import { unmailedRevision } from '../../src/tickets/record-mail.js';
import type { TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import type { MailRecord } from '../../src/worker/mail-processor.js';
import { makeEvent, openWith } from '../tickets/fixtures.js';
import { startMailRig, type MailRig } from '../support/mail-rig.js';
import type { SmtpSink } from '../support/smtp-sink.js';

describe('stored mail records carry a schemaVersion', () => {
  let rig: MailRig;
  let client: Redis;
  let smtp: SmtpSink;
  let store: TicketStore;
  let processMailJob: MailRig['processMailJob'];
  const now = new Date();

  before(async () => {
    rig = await startMailRig();
    ({ client, smtp, store, processMailJob } = rig);
  });
  after(() => rig.stop());

  async function pendingTicket(node: string): Promise<{ ticket: Ticket; jobId: string }> {
    const ticket = openWith(makeEvent({ node, host: null, unit: 'ipsec', certificate: 'ipsec.der' }));
    await store.update(ticket.id, () => ticket);
    return { ticket, jobId: jobIds.mail(ticket.id, ticket.revision) };
  }
  const data = (t: Ticket) => ({ ticketId: t.id, clusterId: t.clusterId, revision: t.revision });
  const storedRecord = async (jobId: string) =>
    JSON.parse((await client.get(redisKeys.mailRecord(jobId)))!) as MailRecord;

  test('a composed mail is stored with schemaVersion 2 and its attachments; older records (v0, v1: no attachments) are read and sent as stored', async () => {
    const first = await pendingTicket('CUCM01');
    assert.equal(await processMailJob(first.jobId, data(first.ticket), now), 'sent');
    const record = await storedRecord(first.jobId);
    assert.equal(record.schemaVersion, 2);
    assert.deepEqual(
      record.mail.attachments.map((a) => a.filename.replace(/\d{4}-\d{2}-\d{2}/, 'DAY')),
      ['lab-DAY-runbook.html', 'lab-DAY-runbook.md'],
    );
    assert.equal(smtp.received.length, 1);
    assert.equal(smtp.received[0]!.parsed.attachments.length, 2);

    // A record as versions 0 and 1 wrote it: the plan in the body, no attachments key.
    const { attachments: _a, ...older } = record.mail;
    for (const [version, node] of [[0, 'CUCM02'], [1, 'CUCM04']] as const) {
      const pending = await pendingTicket(node);
      const { schemaVersion: _v, ...v0 } = {
        ...record,
        mail: { ...older, messageId: `<v${version}-record@example.net>` },
        members: [{ ticketId: pending.ticket.id, revision: pending.ticket.revision }],
      };
      await client.set(
        redisKeys.mailRecord(pending.jobId),
        JSON.stringify(version === 0 ? v0 : { ...v0, schemaVersion: 1 }),
      );
      const sent: number = smtp.received.length;
      assert.equal(await processMailJob(pending.jobId, data(pending.ticket), now), 'sent');
      assert.equal(smtp.received.length, sent + 1);
      assert.equal(
        smtp.received[sent]!.parsed.messageId,
        `<v${version}-record@example.net>`,
        'the stored composition is the mail sent',
      );
      assert.equal(smtp.received[sent]!.parsed.attachments.length, 0, 'as it was composed: without attachments');
      assert.equal(unmailedRevision((await store.get(pending.ticket.id))!), null, 'and recorded on the ticket');
    }
  });

  test('a record written by a newer version is refused: nothing sent, the record and the ticket untouched', async () => {
    const third = await pendingTicket('CUCM03');
    const newer = JSON.stringify({
      schemaVersion: 3,
      mail: { messageId: '<newer@example.net>' },
      recipients: 'a later shape',
    });
    await client.set(redisKeys.mailRecord(third.jobId), newer);
    const sent = smtp.received.length;
    await assert.rejects(
      processMailJob(third.jobId, data(third.ticket), now),
      (error: unknown) =>
        error instanceof NewerSchemaError &&
        /mail record .*schemaVersion 3; this version reads up to 2/.test(error.message),
    );
    assert.equal(smtp.received.length, sent);
    assert.equal(await client.get(redisKeys.mailRecord(third.jobId)), newer);
    assert.equal(
      unmailedRevision((await store.get(third.ticket.id))!)?.revision,
      third.ticket.revision,
      'still pending',
    );
  });
});
