// Issue 11: with every role in one service, the worker runs in its own process, so a worker that holds its CPU for
// seconds (plan building, mail composition) does not stop the ingest side: UDP datagrams sent at a steady rate meanwhile
// are all read, and a certificate alarm sent meanwhile is accepted (persisted in Redis) at once. Real Redis (the
// embedded redis-server), real UDP. The worker is made busy by the test-only hook CERTWATCH_TEST_BUSY_EVENT_MS
// (src/worker/start-worker.ts): each event job first holds the worker's event loop for that long.
// Also: the worker process is restarted when it dies, and stopped with the service.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { certAlarmLine, noiseLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { sendUdp } from '../support/send-udp.js';
import { waitFor } from '../support/wait-for.js';

const BUSY_MS = 5_000;
const DAY = 86_400_000;

interface ExpiryItem { certificate: string }

/** Pids of this process's children that run the worker entry. */
function workerPids(): number[] {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker-child');
    } catch {
      return false;
    }
  });
}

describe('the ingest loop beside a busy worker (all roles, embedded Redis, real UDP)', () => {
  let service: TestService;
  const alarm = (certificate: string, seq: number) => certAlarmLine({
    node: 'CUCM01', unit: 'tomcat', certificate, alarm: 'CertValidfor7days', at: new Date(), expires: new Date(Date.now() + 7 * DAY), seq,
  });
  const accepted = () => service.metric('certwatch_event_accept_seconds_count', { stored: 'redis' });
  const acceptedWithin = (seconds: string) => service.metric('certwatch_event_accept_seconds_bucket', { stored: 'redis', le: seconds });
  const tickets = async () => (await service.api<{ items: ExpiryItem[] }>('/api/v1/expiries')).body.items.map((i) => i.certificate).sort();

  before(async () => {
    service = await startTestService({ CLUSTERS_FILE: 'samples/clusters/lab.yaml', CERTWATCH_TEST_BUSY_EVENT_MS: String(BUSY_MS) });
  });
  after(() => service?.stop());

  test('datagrams at a steady rate are all read and an alarm is accepted at once while the worker holds its CPU', async () => {
    const udp = service.ports.udp!;
    const receivedBefore = await service.metric('certwatch_messages_received_total', { transport: 'udp' });
    await sendUdp(udp, [alarm('first.pem', 1)]);
    await waitFor('the first alarm accepted', async () => (await accepted()) === 1);
    await sleep(300); // the worker has taken its event job and holds its CPU for BUSY_MS

    const started = Date.now();
    let sent = 1;
    let secondSent = false;
    let receivedMidway = 0;
    // 1,000 datagrams a second in 20 ms bursts for 2.5 s; the second alarm half way.
    while (Date.now() - started < BUSY_MS - 2_500) {
      const lines = Array.from({ length: 20 }, (_, i) => noiseLine('CUCM02', new Date(), sent + i));
      if (!secondSent && Date.now() - started >= 1_000) {
        lines.push(alarm('second.pem', 2));
        secondSent = true;
        receivedMidway = await service.metric('certwatch_messages_received_total', { transport: 'udp' }) - receivedBefore;
      }
      await sendUdp(udp, lines);
      sent += lines.length;
      await sleep(20);
    }
    await waitFor('the second alarm accepted', async () => (await accepted()) === 2, 2_000);
    assert.deepEqual(await tickets(), [], 'the worker was still busy with the first event all along');
    assert.equal(await acceptedWithin('0.25'), 2, 'both alarms accepted (persisted) within 250 ms of receipt');
    assert.ok(receivedMidway > 500, `datagrams were read while the worker was busy (${receivedMidway} half way)`);
    await waitFor('every datagram read', async () => (await service.metric('certwatch_messages_received_total', { transport: 'udp' })) - receivedBefore === sent, 3_000)
      .catch(async () => assert.fail(`read ${(await service.metric('certwatch_messages_received_total', { transport: 'udp' })) - receivedBefore} of ${sent}`));
    await waitFor('both tickets, once the worker is free', async () => (await tickets()).length === 2, 3 * BUSY_MS);
    assert.deepEqual(await tickets(), ['first.pem', 'second.pem']);
  });

  test('a worker process that dies is started again', async () => {
    const [pid] = workerPids();
    assert.ok(pid, 'a worker process runs');
    process.kill(pid, 'SIGKILL');
    await waitFor('a new worker process, ready', async () => {
      const pids = workerPids();
      return pids.length === 1 && pids[0] !== pid && (await service.api<{ checks: { worker: boolean } }>('/readyz')).body.checks.worker;
    }, 20_000, 200);
    await sendUdp(service.ports.udp!, [alarm('third.pem', 3)]);
    await waitFor('the new worker applies events', async () => (await tickets()).includes('third.pem'), 3 * BUSY_MS);
  });

  test('the worker process stops with the service', async () => {
    const [pid] = workerPids();
    assert.ok(pid);
    await service.stop();
    assert.deepEqual(workerPids(), [], 'no worker process left');
  });
});
