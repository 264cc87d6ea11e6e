// Stored data written by earlier versions: today's certwatch starts on the data directory of each (test/fixtures,
// README there) with the embedded Redis, and finds every ticket intact. A ticket written back is today's version.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisKeys } from '../../src/redis/keys.js';
import { notAfterSeries } from '../../src/observability/not-after-series.js';
import { notAfterRowOf } from '../../src/tickets/not-after-row.js';
import { readStoredTicket, TICKET_SCHEMA_VERSION } from '../../src/tickets/ticket-migrations.js';
import { parseExposition } from '../support/metrics.js';
import { startTestService, type TestService } from '../support/in-process.js';

interface ExpiryItem { id: string; status: string; cluster: string }
interface HistoryEntry { from: string | null; to: string; reason: string; by: string }

const ACKED = 'unassigned-127-0-0-1.cucm-sub1.callmanager-ecdsa.callmanager-ecdsa.85746e4a';

describe('a data directory written before stored shapes had a version (stored-data-v0)', () => {
  let dataDir: string;
  let service: TestService;
  let redis: Redis;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cw-v0-'));
    execFileSync('tar', ['-xzf', 'test/fixtures/stored-data-v0.tar.gz', '-C', dataDir]);
    // No REDIS_URL: the embedded Redis loads the fixture's AOF from DATA_DIR/redis.
    service = await startTestService({ DATA_DIR: dataDir, CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
    redis = new Redis({ path: join(dataDir, 'redis', 'redis.sock') });
  });
  after(async () => {
    redis.disconnect();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('all 45 tickets are listed', async () => {
    const { status, body } = await service.api<{ items: ExpiryItem[]; count: number }>('/api/v1/expiries');
    assert.equal(status, 200);
    assert.equal(body.count, 45);
    assert.equal(new Set(body.items.map((i) => i.id)).size, 45);
    assert.ok(body.items.some((i) => i.cluster === 'lab'), 'tickets of the file cluster');
    assert.ok(body.items.some((i) => i.cluster === 'unassigned-127-0-0-1'), 'and of the unassigned one');
  });

  test('the acknowledged ticket is still acknowledged, with its history', async () => {
    const { status, body } = await service.api<{
      ticket: { status: string; history: HistoryEntry[]; mailed: unknown[] };
    }>(`/api/v1/tickets/${ACKED}`);
    assert.equal(status, 200);
    assert.equal(body.ticket.status, 'acknowledged');
    assert.equal(body.ticket.mailed.length, 1);
    // Later entries may follow (time passes: an escalation), never replace these.
    assert.deepEqual(body.ticket.history.slice(0, 3).map((h) => [h.from, h.to, h.reason, h.by]), [
      [null, 'open', 'first-alarm', 'certwatch'],
      ['open', 'notified', 'mail-sent', 'certwatch'],
      ['notified', 'acknowledged', 'acknowledged', 'api'],
    ]);
  });

  test('the not-after series of its open alarm tickets are on /metrics: their gauge rows were built at start', async () => {
    const rows = [];
    for (const key of await redis.keys(redisKeys.ticket('*'))) {
      const ticket = readStoredTicket(key, (await redis.get(key))!);
      const r = notAfterRowOf(ticket);
      if ('row' in r) rows.push({ ticketId: ticket.id, row: r.row });
    }
    const expected = notAfterSeries([], rows, () => []).map((s) => [s.labels, s.value]);
    assert.ok(expected.length > 0, 'the fixture has open tickets of cluster lab with an exact or inferred expiry');
    const { body } = await service.api<string>('/metrics');
    const scraped = parseExposition(String(body))
      .filter((s) => s.name === 'certwatch_certificate_not_after_timestamp_seconds')
      .map((s) => [s.labels, s.value]);
    const order = (list: unknown[][]) => list.map((item) => JSON.stringify(item)).sort();
    assert.deepEqual(order(scraped), order(expected));
  });

  test('a ticket read and written back carries the current schemaVersion and keeps its duplicate guard', async () => {
    const { body } = await service.api<{ items: ExpiryItem[] }>('/api/v1/expiries?status=notified');
    const target = body.items[0];
    assert.ok(target, 'a notified ticket to acknowledge');
    const before = JSON.parse((await redis.get(redisKeys.ticket(target.id)))!) as {
      schemaVersion?: number;
      appliedEventIds?: string[];
    };
    const ack = await service.api<{ reason: string }>(`/api/v1/tickets/${target.id}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(ack.status, 200);
    assert.equal(ack.body.reason, 'acknowledged');
    const stored = JSON.parse((await redis.get(redisKeys.ticket(target.id)))!) as {
      schemaVersion?: number;
      status: string;
      appliedEventIds?: string[];
    };
    assert.equal(stored.schemaVersion, TICKET_SCHEMA_VERSION);
    assert.equal(stored.schemaVersion, 1);
    assert.equal(stored.status, 'acknowledged');
    assert.ok((before.appliedEventIds ?? []).length > 0, 'the fixture ticket had applied events');
    assert.deepEqual(stored.appliedEventIds, before.appliedEventIds);
  });
});
