// Issue 9, defect 2: Redis away and the disk full. The service stays up, the loss is counted, /readyz says not ready,
// and everything works again once space and Redis return. The spool file pointed at /dev/full is a full disk
// (every write answers ENOSPC), without needing a mount.
import assert from 'node:assert/strict';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { sendUdp } from '../support/send-udp.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 86_400_000;

describe('a full disk while Redis is away', () => {
  let redis: TestRedis;
  let service: TestService;
  before(async () => {
    redis = await startTestRedis();
    service = await startTestService({ REDIS_URL: redis.url });
  });
  after(async () => {
    await service.stop();
    await redis.stop();
  });

  test('events are counted as lost, the process stays up, /readyz is not ready; all recovers when space returns', async () => {
    const spoolFile = join(service.dataDir, 'spool', 'events.jsonl');
    const probeFile = join(service.dataDir, 'spool', 'probe.tmp');
    symlinkSync('/dev/full', spoolFile);
    symlinkSync('/dev/full', probeFile);
    await redis.stop();
    const now = Date.now();
    for (let i = 0; i < 3; i += 1) {
      await sendUdp(service.ports.udp!, [
        certAlarmLine({
          node: 'CUCM01',
          unit: 'tomcat',
          certificate: `full${i}.der`,
          alarm: 'CertValidfor7days',
          at: new Date(now + i),
          expires: new Date(now + 3 * DAY),
        }),
      ]);
    }
    await waitFor(
      'losses counted',
      async () => (await service.metric('certwatch_spool_overflow_total', { reason: 'spool-full' })) === 3 || null,
      20_000,
    );
    const notReady = await service.api<{ checks: Record<string, boolean> }>('/readyz');
    assert.equal(notReady.status, 503);
    assert.equal(notReady.body.checks.spool, false);
    assert.equal(await service.metric('certwatch_unhandled_rejections_total'), 0);

    // Space returns, then Redis.
    rmSync(spoolFile);
    // The spool's own space probe removes its probe file after each failed write: it may be gone already.
    rmSync(probeFile, { force: true });
    await redis.start();
    await waitFor('ready again', async () => (await service.api('/readyz')).status === 200 || null, 30_000);
    await sendUdp(service.ports.udp!, [
      certAlarmLine({
        node: 'CUCM01',
        unit: 'tomcat',
        certificate: 'after.der',
        alarm: 'CertValidfor7days',
        at: new Date(now + 10),
        expires: new Date(now + 3 * DAY),
      }),
    ]);
    await waitFor(
      'ticket after recovery',
      async () => {
        const { body } = await service.api<{ items: { certificate: string }[] }>('/api/v1/expiries');
        return body.items.some((i) => i.certificate === 'after.der') || null;
      },
      30_000,
    );
  });
});
