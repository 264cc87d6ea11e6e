// Issue 9, defect 6: the embedded redis-server killed under a running service is noticed and started again; /readyz
// says not ready meanwhile, alarms sent after it are ticketed, and SIGTERM-style stop does not hang.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestService } from '../support/in-process.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 86_400_000;

test('a killed embedded Redis is restarted on the same data; the service recovers by itself', async () => {
  const service = await startTestService({ MAIL_GROUP_WINDOW_MS: '100' });
  try {
    const pidFile = join(service.dataDir, 'redis', 'redis.pid');
    const firstPid = Number(readFileSync(pidFile, 'utf8'));
    process.kill(firstPid, 'SIGKILL');
    await waitFor(
      'not ready while Redis is down',
      async () => (await service.api('/readyz')).status === 503 || null,
      10_000,
    );
    await waitFor('ready again', async () => (await service.api('/readyz')).status === 200 || null, 30_000);
    const secondPid = Number(readFileSync(pidFile, 'utf8'));
    assert.notEqual(secondPid, firstPid, 'a new redis-server');

    const now = Date.now();
    const socket = createSocket('udp4');
    const line = certAlarmLine({
      node: 'RESTARTED01',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: new Date(now),
      expires: new Date(now + 3 * DAY),
    });
    await new Promise<void>((r) => socket.send(Buffer.from(line), service.ports.udp!, '127.0.0.1', () => r()));
    socket.close();
    await waitFor('ticket after the restart', async () => {
      const { body } = await service.api<{ items: { node: string }[] }>('/api/v1/expiries');
      return body.items.some((i) => i.node === 'RESTARTED01') || null;
    }, 30_000);
  } finally {
    const started = Date.now();
    await service.stop();
    assert.ok(Date.now() - started < 20_000, 'stop does not hang');
  }
});
