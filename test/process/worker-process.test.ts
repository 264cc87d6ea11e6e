// Issue 11: with every role in one service, the worker runs in its own process, so a worker busy with its own work
// (ticket decisions, plans, mails) does not stop the ingest side: UDP datagrams sent at a steady rate meanwhile are
// all read, and a certificate alarm sent meanwhile is accepted (persisted in Redis) at once. Real Redis (the embedded
// redis-server), real UDP. The worker is made busy by real work: a burst of certificate alarms, each naming a new
// certificate, leaves it a backlog of event jobs (and the mails they cause) that lasts seconds.
// Also: the worker process is restarted when it dies, and stopped with the service.
// Runs alone (scripts/run-tests.mjs): it measures the worker's share of the CPU beside a UDP stream.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { certAlarmLine, noiseLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { sendUdp } from '../support/send-udp.js';
import { waitFor } from '../support/wait-for.js';

/** Alarms of the burst that gives the worker its backlog. */
const BURST = 800;
/** How long datagrams are sent while the worker works through it. */
const WINDOW_MS = 2_500;
const DAY = 86_400_000;

/** Pids of this process's children that run the worker entry. */
function workerPids(): number[] {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
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
  const alarm = (certificate: string, seq: number, node = 'CUCM01') =>
    certAlarmLine({
      node,
      unit: 'tomcat',
      certificate,
      alarm: 'CertValidfor7days',
      at: new Date(),
      expires: new Date(Date.now() + 7 * DAY),
      seq,
    });
  /** CPU time (user + system, ms) the process has used so far. */
  const cpuMs = (pid: number) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const decisions = () => service.metric('certwatch_ticket_decisions_total');
  const accepted = () => service.metric('certwatch_event_accept_seconds_count', { stored: 'redis' });
  const acceptedWithin = (seconds: string) =>
    service.metric('certwatch_event_accept_seconds_bucket', { stored: 'redis', le: seconds });

  before(async () => {
    service = await startTestService({ CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
  });
  after(() => service?.stop());

  test('datagrams at a steady rate are all read and an alarm is accepted at once while the worker works through a backlog', async () => {
    const udp = service.ports.udp!;
    const [workerPid] = workerPids();
    assert.ok(workerPid, 'a worker process runs');
    const nodes = ['CUCM01', 'CUCM02', 'CUCM03'];
    const burst = Array.from({ length: BURST }, (_, i) => alarm(`burst-${i}.pem`, i, nodes[i % 3]!));
    for (let i = 0; i < burst.length; i += 100) await sendUdp(udp, burst.slice(i, i + 100));
    await waitFor('the burst accepted', async () => (await accepted()) === BURST, 20_000);

    const receivedBefore = await service.metric('certwatch_messages_received_total', { transport: 'udp' });
    const decidedAtStart = await decisions();
    const acceptedWithinBefore = await acceptedWithin('0.25');
    const workerCpuAtStart = cpuMs(workerPid);
    const started = Date.now();
    let sent = 0;
    let secondSent = false;
    let receivedMidway = 0;
    // 1,000 datagrams a second in 20 ms bursts; the second alarm half way.
    while (Date.now() - started < WINDOW_MS) {
      const lines = Array.from({ length: 20 }, (_, i) => noiseLine('CUCM02', new Date(), sent + i));
      if (!secondSent && Date.now() - started >= 1_000) {
        lines.push(alarm('second.pem', BURST + 1));
        secondSent = true;
        receivedMidway =
          (await service.metric('certwatch_messages_received_total', { transport: 'udp' })) - receivedBefore;
      }
      await sendUdp(udp, lines);
      sent += lines.length;
      await sleep(20);
    }
    const workerCpu = cpuMs(workerPid) - workerCpuAtStart;
    const decidedAtEnd = await decisions();
    await waitFor('the second alarm accepted', async () => (await accepted()) === BURST + 1, 2_000);
    assert.ok(
      decidedAtStart < BURST,
      `the worker had a backlog when the window began (${decidedAtStart} of ${BURST} events applied)`,
    );
    assert.ok(
      workerCpu >= 300,
      `the worker worked during the window (${workerCpu} ms of CPU in ${WINDOW_MS} ms; ${decidedAtEnd - decidedAtStart} events applied)`,
    );
    assert.equal(
      (await acceptedWithin('0.25')) - acceptedWithinBefore,
      1,
      'the second alarm accepted (persisted) within 250 ms of receipt',
    );
    assert.ok(receivedMidway > 500, `datagrams were read while the worker was busy (${receivedMidway} half way)`);
    await waitFor(
      'every datagram read',
      async () =>
        (await service.metric('certwatch_messages_received_total', { transport: 'udp' })) - receivedBefore === sent,
      3_000,
    ).catch(async () =>
      assert.fail(
        `read ${(await service.metric('certwatch_messages_received_total', { transport: 'udp' })) - receivedBefore} of ${sent}`,
      ),
    );
    await waitFor(
      'every event applied, once the backlog is done',
      async () => (await decisions()) === BURST + 1,
      120_000,
      500,
    );
  });

  test('a worker process that dies is started again', async () => {
    const [pid] = workerPids();
    assert.ok(pid, 'a worker process runs');
    process.kill(pid, 'SIGKILL');
    await waitFor(
      'a new worker process, ready',
      async () => {
        const pids = workerPids();
        return (
          pids.length === 1 &&
          pids[0] !== pid &&
          (await service.api<{ checks: { worker: boolean } }>('/readyz')).body.checks.worker
        );
      },
      20_000,
      200,
    );
    const decided = await decisions();
    await sendUdp(service.ports.udp!, [alarm('third.pem', BURST + 2)]);
    await waitFor('the new worker applies events', async () => (await decisions()) > decided, 20_000);
  });

  test('the worker process stops with the service', async () => {
    const [pid] = workerPids();
    assert.ok(pid);
    await service.stop();
    assert.deepEqual(workerPids(), [], 'no worker process left');
  });
});
