// ingest, worker and api as three processes on one shared Redis: an alarm sent to the ingest process becomes a
// ticket visible through the api process and a mail sent by the worker process. Every role serves health and metrics.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startCertwatchProcess, type CertwatchProcess } from '../support/certwatch-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

describe('roles as separate processes', () => {
  let redis: TestRedis;
  let smtp: SmtpSink;
  const processes: CertwatchProcess[] = [];

  before(async () => {
    redis = await startTestRedis();
    smtp = await startSmtpSink();
  });
  after(async () => {
    for (const p of processes) await p.stop();
    await smtp.close();
    await redis.stop();
  });

  test('ingest -> worker -> api over a shared Redis', async () => {
    const env = (name: string) => ({
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      MAIL_TO: 'ops@example.net',
      MAIL_GROUP_WINDOW_MS: '100',
      DATA_DIR: mkdtempSync(join(tmpdir(), `cw-${name}-`)),
    });
    const [ingest, worker, api] = await Promise.all([
      startCertwatchProcess(env('ingest'), ['ingest']),
      startCertwatchProcess(env('worker'), ['worker']),
      startCertwatchProcess(env('api'), ['api']),
    ]);
    processes.push(ingest!, worker!, api!);
    for (const p of processes) {
      assert.equal((await p.api('/healthz')).status, 200);
      assert.match(
        String((await p.api<string>('/metrics')).body),
        /certwatch_messages_received_total|process_cpu_user_seconds_total/,
      );
    }
    assert.equal((await worker!.api('/api/v1/expiries')).status, 404, 'the worker role serves no API');

    const now = Date.now();
    await ingest!.sendUdp([
      certAlarmLine({
        node: 'ROLENODE',
        unit: 'ipsec',
        certificate: 'ipsec.der',
        alarm: 'CertValidfor7days',
        at: new Date(now),
        expires: new Date(now + 4 * 86_400_000),
      }),
    ]);
    await waitFor(
      'ticket through the api process',
      async () =>
        (await api!.api<{ items: { node: string }[] }>('/api/v1/expiries')).body.items.some(
          (i) => i.node === 'ROLENODE',
        ),
      20_000,
    );
    await waitFor(
      'mail from the worker process',
      () => smtp.received.some((m) => (m.parsed.text ?? '').includes('ROLENODE')),
      20_000,
    );
  });
});
