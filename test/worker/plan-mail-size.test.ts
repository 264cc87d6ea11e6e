// Issue 10, the alert, on real Redis and a real SMTP server: the grouped mail of a whole cluster (6 nodes x 8 units
// plus trust entries, all due together) arrives under 300 KB with its runbook attached as HTML and Markdown, named
// after the cluster and the day; its text part opens with the first screen (at most 40 lines). The outbox (no
// SMTP_URL) writes the same message, attachments included.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { messageBytes } from '../../src/notify/mail-bounds.js';
import { createOutboxTransport } from '../../src/notify/mail-transport.js';
import { jobIds } from '../../src/queue/names.js';
import { redisKeys } from '../../src/redis/keys.js';
import type { TicketStore } from '../../src/tickets/ticket-store.js';
import type { MailRecord } from '../../src/worker/mail-processor.js';
import { knownCluster, wholeCluster } from '../notify/mail-fixtures.js';
import { ticketIdsOf } from '../support/mail-tickets.js';
import { startMailRig, type MailRig } from '../support/mail-rig.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { T0 } from '../tickets/fixtures.js';

const MAX_RAW_BYTES = 300 * 1024;

describe('the grouped mail of a whole cluster (real Redis, real SMTP)', () => {
  let rig: MailRig;
  let client: Redis;
  let smtp: SmtpSink;
  let store: TicketStore;
  let outboxDir: string;
  let processMailJob: MailRig['processMailJob'];
  const cluster = knownCluster(6);

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-size-'));
    const { id, name, nodes, ...rest } = cluster;
    writeFileSync(join(dir, 'clusters.yaml'), stringify({ clusters: [{ id, name, nodes, ...rest }] }));
    rig = await startMailRig({ clustersFile: join(dir, 'clusters.yaml'), maxTickets: 100 });
    ({ client, smtp, store, outboxDir, processMailJob } = rig);
  });
  after(() => rig.stop());

  test('under 300 KB with the runbook attached; the first screen within 40 lines', async () => {
    const tickets = wholeCluster(cluster);
    assert.equal(tickets.length, 6 * 8 + 6 * 2);
    for (const t of tickets) await store.update(t.id, () => t);
    const own = tickets[0]!;
    const jobId = jobIds.mail(own.id, own.revision);
    assert.equal(
      await processMailJob(jobId, { ticketId: own.id, clusterId: 'lab', revision: own.revision }, T0),
      'sent',
    );
    assert.equal(smtp.received.length, 1, 'one grouped mail');
    const mail = smtp.received[0]!;

    const raw = Buffer.byteLength(mail.raw);
    assert.ok(raw < MAX_RAW_BYTES, `the raw message holds ${raw} bytes`);
    const record = JSON.parse((await client.get(redisKeys.mailRecord(jobId)))!) as MailRecord;
    assert.ok(
      raw <= messageBytes(record.mail),
      `MAIL_MAX_BYTES counts at least what goes on the wire (${raw} <= ${messageBytes(record.mail)})`,
    );
    assert.deepEqual(ticketIdsOf(mail).sort(), tickets.map((t) => t.id).sort(), 'every ticket in the body');

    assert.deepEqual(mail.parsed.attachments.map((a) => [a.filename, a.contentType]), [
      ['lab-2026-11-20-runbook.html', 'text/html'],
      ['lab-2026-11-20-runbook.md', 'text/markdown'],
    ]);
    const [page, markdown] = mail.parsed.attachments.map((a) => a.content.toString('utf8'));
    assert.match(page!, /^<!DOCTYPE html>/);
    assert.match(page!, /set cert regen CallManager/, 'the runbook has the steps');
    assert.match(markdown!, /set cert regen CallManager/);
    for (const t of tickets) assert.ok(page!.includes(t.id) && markdown!.includes(t.id), `${t.id} in both attachments`);
    const text = String(mail.parsed.text);
    assert.doesNotMatch(text, /set cert regen/, 'no plan in the text part');
    assert.doesNotMatch(String(mail.parsed.html), /set cert regen/, 'nor in the HTML part');

    const screen = text.slice(0, text.indexOf('\nMail group'));
    const lines = screen.split('\n').length - 1;
    console.log(`--- first screen (${lines} lines, raw message ${raw} bytes) ---\n${screen}\n---`);
    assert.ok(lines <= 40, `${lines} lines`);
    assert.match(screen, /^New: Lab cluster: 60 certificates /);
    assert.match(
      screen,
      /^tomcat\s+2026-11-30 11:00 CET \(10:00 UTC\)\s+10 days\s+CUCM01, CUCM02, CUCM03, \+3\s+open$/m,
    );
    assert.match(screen, /^Next deadline: 2026-11-30 11:00 CET \(10:00 UTC\), in 10 days: /m);
    assert.match(screen, /^Order of work /m);
    assert.match(screen, /^Maintenance window: Sat 22:00-02:00 Europe\/Berlin$/m);
    assert.match(screen, /^ {4}curl -sS -X POST .*\/ack'$/m);

    // The outbox writes the same message: a mail without recipients goes there.
    await createOutboxTransport(outboxDir, pino({ level: 'silent' })).send(record.mail);
    const [eml] = readdirSync(outboxDir).filter((f) => f.endsWith('.eml'));
    const stored = await simpleParser(readFileSync(join(outboxDir, eml!)));
    assert.deepEqual(
      stored.attachments.map((a) => a.filename),
      ['lab-2026-11-20-runbook.html', 'lab-2026-11-20-runbook.md'],
    );
    assert.equal(stored.attachments[0]!.content.toString('utf8'), page);
  });
});
