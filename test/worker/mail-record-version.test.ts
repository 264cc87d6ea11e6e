// The stored mail record (composed before sending) on real Redis and a real SMTP server: written with its
// schemaVersion, read back when it carries none (version 0), refused without sending when a newer version wrote it.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import { createSmtpTransport, createOutboxTransport } from '../../src/notify/mail-transport.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { jobIds } from '../../src/queue/names.js';
import { redisKeys } from '../../src/redis/keys.js';
import { NewerSchemaError } from '../../src/redis/schema-version.js';
import { unmailedRevision } from '../../src/tickets/record-mail.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { createMailProcessor, type MailRecord } from '../../src/worker/mail-processor.js';
import { makeEvent, openWith } from '../tickets/fixtures.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

describe('stored mail records carry a schemaVersion', () => {
  let redis: TestRedis;
  let client: Redis;
  let smtp: SmtpSink;
  let store: TicketStore;
  let processMailJob: ReturnType<typeof createMailProcessor>;
  const now = new Date();

  before(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url);
    smtp = await startSmtpSink();
    const logger = pino({ level: 'silent' });
    store = createTicketStore(client);
    const clusters = createClusterDirectory({ redis: client, file: clusterFileReader('samples/clusters/lab.yaml'), logger });
    await clusters.refresh();
    processMailJob = createMailProcessor({
      redis: client, store, clusters, transport: createSmtpTransport(smtp.url, logger),
      outbox: createOutboxTransport(mkdtempSync(join(tmpdir(), 'cw-outbox-')), logger),
      from: 'certwatch@example.net', defaultTo: ['uc-team@example.net'], publicUrl: undefined, lockMs: 5_000, maxTickets: 50, maxBytes: 1_048_576,
      planOptions: {}, metrics: createMetrics(), logger,
    });
  });
  after(async () => {
    client.disconnect();
    await smtp.close();
    await redis.stop();
  });

  async function pendingTicket(node: string): Promise<{ ticket: Ticket; jobId: string }> {
    const ticket = openWith(makeEvent({ node, host: null, unit: 'ipsec', certificate: 'ipsec.der' }));
    await store.update(ticket.id, () => ticket);
    return { ticket, jobId: jobIds.mail(ticket.id, ticket.revision) };
  }
  const data = (t: Ticket) => ({ ticketId: t.id, clusterId: t.clusterId, revision: t.revision });
  const storedRecord = async (jobId: string) => JSON.parse((await client.get(redisKeys.mailRecord(jobId)))!) as MailRecord;

  test('a composed mail is stored with schemaVersion 1; a record without one (v0) is read and sent as stored', async () => {
    const first = await pendingTicket('CUCM01');
    assert.equal(await processMailJob(first.jobId, data(first.ticket), now), 'sent');
    const record = await storedRecord(first.jobId);
    assert.equal(record.schemaVersion, 1);
    assert.equal(smtp.received.length, 1);

    const second = await pendingTicket('CUCM02');
    const { schemaVersion: _v, ...v0 } = { ...record, mail: { ...record.mail, messageId: '<v0-record@example.net>' }, members: [{ ticketId: second.ticket.id, revision: second.ticket.revision }] };
    await client.set(redisKeys.mailRecord(second.jobId), JSON.stringify(v0));
    assert.equal(await processMailJob(second.jobId, data(second.ticket), now), 'sent');
    assert.equal(smtp.received.length, 2);
    assert.equal(smtp.received[1]!.parsed.messageId, '<v0-record@example.net>', 'the stored composition is the mail sent');
    assert.equal(unmailedRevision((await store.get(second.ticket.id))!), null, 'and recorded on the ticket');
  });

  test('a record written by a newer version is refused: nothing sent, the record and the ticket untouched', async () => {
    const third = await pendingTicket('CUCM03');
    const newer = JSON.stringify({ schemaVersion: 2, mail: { messageId: '<newer@example.net>' }, recipients: 'a later shape' });
    await client.set(redisKeys.mailRecord(third.jobId), newer);
    const sent = smtp.received.length;
    await assert.rejects(processMailJob(third.jobId, data(third.ticket), now), (error: unknown) =>
      error instanceof NewerSchemaError && /mail record .*schemaVersion 2; this version reads up to 1/.test(error.message));
    assert.equal(smtp.received.length, sent);
    assert.equal(await client.get(redisKeys.mailRecord(third.jobId)), newer);
    assert.equal(unmailedRevision((await store.get(third.ticket.id))!)?.revision, third.ticket.revision, 'still pending');
  });
});
