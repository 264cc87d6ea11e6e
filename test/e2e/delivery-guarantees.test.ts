// Nothing lost, nothing duplicated: SIGTERM between alarm and mail, kill -9 after accept, Redis down, SMTP refusing.
// Real child processes, a real redis-server and a real SMTP server; pause points instead of sleeps.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX } from '../../src/redis/keys.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startCertwatchProcess } from '../support/certwatch-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { waitForMailQueueIdle } from '../support/mail-queue.js';
import { heavySkip } from '../support/heavy.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 86_400_000;

function alarm(node: string, certificate: string) {
  const now = Date.now();
  return certAlarmLine({
    node,
    unit: 'tomcat',
    certificate,
    alarm: 'CertValidfor7days',
    at: new Date(now),
    expires: new Date(now + 5 * DAY),
  });
}

interface Expiries { items: { id: string; certificate: string; node: string }[] }

describe('delivery guarantees', { skip: heavySkip }, () => {
  let redis: TestRedis;
  let smtp: SmtpSink;
  let client: Redis;
  let mailQueue: Queue;

  before(async () => {
    redis = await startTestRedis();
    smtp = await startSmtpSink();
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    client.on('error', () => undefined);
    mailQueue = new Queue(QUEUES.mail, { connection: client, prefix: BULL_PREFIX });
    mailQueue.on('error', () => undefined);
  });
  after(async () => {
    await mailQueue.close();
    client.disconnect();
    await smtp.close();
    await redis.stop();
  });

  const mailIdle = () => waitForMailQueueIdle(mailQueue);


  const mailsFor = (certificate: string) => smtp.received.filter((m) => (m.parsed.text ?? '').includes(certificate));

  test('SIGTERM between alarm and mail, then restart: exactly one mail', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-term-'));
    // A long grouping window is the pause point: the ticket exists, its mail job waits.
    const env = {
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      MAIL_TO: 'ops@example.net',
      DATA_DIR: dataDir,
      MAIL_GROUP_WINDOW_MS: '4000',
    };
    const first = await startCertwatchProcess(env);
    await first.sendUdp([alarm('SIGTERMNODE', 'sigterm-case.der')]);
    await waitFor('ticket', async () =>
      (await first.api<Expiries>('/api/v1/expiries')).body.items.some((i) => i.certificate === 'sigterm-case.der'),
    );
    assert.equal(await first.stop(), 0, 'graceful exit code');
    assert.equal(mailsFor('sigterm-case.der').length, 0, 'not mailed before the window closed');

    const second = await startCertwatchProcess(env);
    try {
      await waitFor('the mail after restart', () => mailsFor('sigterm-case.der').length >= 1, 30_000);
      await mailIdle();
      assert.equal(mailsFor('sigterm-case.der').length, 1);
    } finally {
      await second.stop();
    }
  });

  test('kill -9 right after the alarm was accepted: nothing lost (embedded Redis, stale child cleaned up)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-k9-'));
    const env = { DATA_DIR: dataDir, SMTP_URL: smtp.url, MAIL_TO: 'ops@example.net', MAIL_GROUP_WINDOW_MS: '200' };
    // Pause point: an ingest-only process accepts (persists) but never processes.
    const ingest = await startCertwatchProcess(env, ['ingest']);
    await ingest.sendUdp([alarm('KILLNODE', 'kill9-case.der')]);
    const embedded = await waitFor(
      'embedded redis url',
      () => ingest.logs.find((l) => l.event === 'EmbeddedRedisStarted') as { path?: string; url?: string } | undefined,
    );
    const probe = embedded.path ? new Redis({ path: embedded.path }) : new Redis(embedded.url!);
    try {
      const events = new Queue(QUEUES.events, { connection: probe, prefix: BULL_PREFIX });
      await waitFor(
        'event accepted into Redis',
        async () => ((await events.getJobCounts('waiting')).waiting ?? 0) >= 1,
      );
      await events.close();
    } finally {
      probe.disconnect();
    }
    await ingest.kill9();
    const pid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
    assert.ok(existsSync(`/proc/${pid}`), 'the embedded redis outlived its parent, as after a crash');

    const full = await startCertwatchProcess(env);
    try {
      assert.ok(full.logs.some((l) => l.event === 'EmbeddedRedisStale'), 'the stale redis was recognised and stopped');
      await waitFor('mail for the accepted alarm', () => mailsFor('kill9-case.der').length >= 1, 30_000);
      const { body } = await full.api<Expiries>('/api/v1/expiries');
      assert.ok(body.items.some((i) => i.certificate === 'kill9-case.der'));
      assert.equal(mailsFor('kill9-case.der').length, 1);
    } finally {
      await full.stop();
    }
  });

  test('kill -9 during the SMTP transaction: the mail is sent again only with the same Message-ID', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-inflight-'));
    const env = {
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      MAIL_TO: 'ops@example.net',
      DATA_DIR: dataDir,
      MAIL_GROUP_WINDOW_MS: '100',
      MAIL_LOCK_MS: '2000',
    };
    const first = await startCertwatchProcess(env);
    smtp.stalling = true;
    try {
      await first.sendUdp([alarm('INFLIGHTNODE', 'in-flight.der')]);
      await waitFor(
        'the message to be in flight',
        () => smtp.stalled.some((m) => (m.parsed.text ?? '').includes('in-flight.der')),
        20_000,
      );
      await first.kill9();
    } finally {
      smtp.stalling = false;
    }
    const inFlightId = smtp.stalled.find((m) => (m.parsed.text ?? '').includes('in-flight.der'))!.parsed.messageId;
    const second = await startCertwatchProcess(env);
    try {
      // BullMQ hands the interrupted job to the new worker once its lock has expired (stalled-job check).
      await waitFor('the mail to be sent again', () => mailsFor('in-flight.der').length >= 1, 120_000, 200);
      await mailIdle();
      const sent = mailsFor('in-flight.der');
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.parsed.messageId, inFlightId, 'the same Message-ID: a receiving system can drop the copy');
    } finally {
      await second.stop();
    }
  });

  test('Redis down: alarms are spooled to disk and processed when it returns', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-spool-'));
    const env = {
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      MAIL_TO: 'ops@example.net',
      DATA_DIR: dataDir,
      MAIL_GROUP_WINDOW_MS: '200',
    };
    const service = await startCertwatchProcess(env);
    try {
      assert.equal((await service.api('/readyz')).status, 200);
      await redis.stop();
      const notReady = await service.api<{ checks: { redis: boolean } }>('/readyz');
      assert.equal(notReady.status, 503, '/readyz answers at once, not ready');
      assert.equal(notReady.body.checks.redis, false);
      const expiries = await service.api<{ message: string }>('/api/v1/expiries');
      assert.equal(expiries.status, 503, 'the API answers instead of hanging');
      assert.match(expiries.body.message, /Redis/);
      await service.sendUdp([alarm('SPOOLNODE', 'spool-case.der')]);
      await waitFor('event spooled', () => service.logs.some((l) => l.event === 'EventSpooled'), 20_000);
      const spoolFiles = readdirSync(join(dataDir, 'spool'));
      assert.ok(spoolFiles.some((f) => f.startsWith('events')), 'a spool file exists');
      await redis.start();
      await waitFor('mail after Redis returned', () => mailsFor('spool-case.der').length >= 1, 40_000);
      await mailIdle();
      assert.equal(mailsFor('spool-case.der').length, 1);
      assert.ok(service.logs.some((l) => l.event === 'SpoolReplayed'));
    } finally {
      await service.stop();
    }
  });

  test('Redis unreachable at start: the service starts, spools, and catches up when Redis comes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-nored-'));
    await redis.stop();
    const env = {
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      MAIL_TO: 'ops@example.net',
      DATA_DIR: dataDir,
      MAIL_GROUP_WINDOW_MS: '200',
    };
    const service = await startCertwatchProcess(env, ['ingest']);
    try {
      assert.ok(service.logs.some((l) => l.event === 'RedisNotReachableAtStart'));
      await service.sendUdp([alarm('NOREDISNODE', 'no-redis-at-start.der')]);
      await waitFor('event spooled', () => service.logs.some((l) => l.event === 'EventSpooled'), 20_000);
      await redis.start();
      const events = new Queue(QUEUES.events, { connection: client, prefix: BULL_PREFIX });
      try {
        await waitFor(
          'spooled event in Redis',
          async () => ((await events.getJobCounts('waiting')).waiting ?? 0) >= 1,
          30_000,
        );
      } finally {
        await events.close();
      }
    } finally {
      await service.stop();
    }
  });

  test('SMTP refusing for a while: the mail goes out once when it comes back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-smtp-'));
    const env = {
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      MAIL_TO: 'ops@example.net',
      DATA_DIR: dataDir,
      MAIL_GROUP_WINDOW_MS: '100',
      MAIL_RETRY_BASE_MS: '100',
    };
    const service = await startCertwatchProcess(env);
    try {
      smtp.refusing = true;
      const refusedBefore = smtp.refusedCount;
      await service.sendUdp([alarm('SMTPNODE', 'smtp-outage.der')]);
      await waitFor('two refused attempts', () => smtp.refusedCount >= refusedBefore + 2, 20_000);
      assert.equal(mailsFor('smtp-outage.der').length, 0);
      smtp.refusing = false;
      await waitFor('mail after SMTP recovered', () => mailsFor('smtp-outage.der').length >= 1, 30_000);
      await mailIdle();
      assert.equal(mailsFor('smtp-outage.der').length, 1);
    } finally {
      smtp.refusing = false;
      await service.stop();
    }
  });
});
