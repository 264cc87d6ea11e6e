// The worker's discovery schedule on a real Redis against a simulated CUCM on loopback: a cluster whose run throws is
// logged and kept in the run log as a failed run while the next cluster still runs; the loop runs a due cluster
// once, not again before its interval, and two loops on one Redis (two worker processes) do not run it twice.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createDiscoverNow, type DiscoverNow } from '../../src/discovery/discover-now.js';
import { createDiscoveryRunLog } from '../../src/discovery/run-log.js';
import { createDiscoveryStore } from '../../src/discovery/store.js';
import { createTakeIn, type TakeIn } from '../../src/discovery/take-in.js';
import { unknownCluster } from '../../src/domain/cluster.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { discoverDue, startDiscoverySchedule } from '../../src/worker/discovery-schedule.js';
import { hasOpenssl } from '../support/openssl-certificate.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startSimulatedCucm, tokenless125, type RunningCucm, type Scenario } from '../support/simulated-cucm.js';
import { waitFor } from '../support/wait-for.js';

/** A cluster of the inventory whose discovery block reads the simulated CUCM's ITL (one probe: quick and countable). */
function clusterAt(id: string, scenario: Scenario, cucm: RunningCucm): ClusterState {
  return {
    ...unknownCluster(id, id),
    discovery: {
      enabled: true, seeds: scenario.seeds.slice(0, 1), probes: ['itl'], interval: '1d',
      ports: { ...cucm.ports, callManager: [...cucm.ports.callManager] },
    },
  };
}

/** A logger whose lines the test reads. */
function capturingLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

describe(
  'the discovery schedule (real Redis, simulated CUCM)',
  { skip: hasOpenssl() ? false : 'no openssl binary' },
  () => {
    let redis: TestRedis;
    let scenario: Scenario;
    let cucm: RunningCucm;
    const clients: Redis[] = [];
    before(async () => {
      scenario = tokenless125();
      [cucm, redis] = await Promise.all([startSimulatedCucm(scenario), startTestRedis()]);
    });
    after(async () => {
      for (const client of clients) client.disconnect();
      await Promise.all([cucm?.close(), redis?.stop()]);
    });

    /** One worker process's discovery parts, on its own Redis connection; `takeIn` may be wrapped to fail. */
    function worker(inventory: ClusterState[], wrapTakeIn: (real: TakeIn) => TakeIn = (real) => real) {
      const client = new Redis(redis.url);
      clients.push(client);
      const directory = { all: () => inventory, get: (id: string) => inventory.find((c) => c.id === id) };
      const store = createDiscoveryStore(client, directory);
      // Certificates go to no ticket here: the schedule, not the ticket stage, is under test.
      const { logger, lines } = capturingLogger();
      const takeIn = wrapTakeIn(createTakeIn(store, async () => [], logger));
      const runs = createDiscoveryRunLog(client);
      const discoverNow = createDiscoverNow({
        clusters: directory,
        takeIn,
        runs,
        metrics: createMetrics(),
        logger,
        now: () => new Date(),
      });
      return { store, runs, logger, lines, discoverNow, directory };
    }

  test('a cluster whose run throws is logged and kept as a failed run; the cluster after it still runs', async () => {
    const inventory = [clusterAt('breaks', scenario, cucm), clusterAt('works', scenario, cucm)];
    const w = worker(inventory, (real) => (clusterId, facts, now) =>
      (clusterId === 'breaks' ? Promise.reject(new Error('take-in failed: Redis away')) : real(clusterId, facts, now)));

      const first = await discoverDue({
        clusters: w.directory,
        runs: w.runs,
        discoverNow: w.discoverNow,
        logger: w.logger,
        now: () => new Date(),
      });
      assert.deepEqual(first, { ran: ['works'], failed: ['breaks'] });

    const failed = await w.runs.last('breaks');
    assert.equal(failed?.error, 'take-in failed: Redis away');
    assert.equal(failed?.trigger, 'schedule');
    const logged = w.lines.find((l) => l.event === 'DiscoveryRunFailed');
    assert.equal(logged?.clusterId, 'breaks');

      const worked = await w.runs.last('works');
      assert.equal(worked?.error, undefined);
      assert.deepEqual(
        worked?.probes.map((p) => p.outcome),
        ['ok'],
      );
      assert.ok(
        (await w.store.discoveredState('works')).certificates.length > 0,
        "the ITL's certificates are kept for the cluster after the failing one",
      );

      // The failed run counts as a run: neither cluster is due again before its interval.
      assert.deepEqual(
        await discoverDue({
          clusters: w.directory,
          runs: w.runs,
          discoverNow: w.discoverNow,
          logger: w.logger,
          now: () => new Date(),
        }),
        { ran: [], failed: [] },
      );
    });

    test('a process that saw the cluster due before another process ran it does not run it again (asked again under the lock)', async () => {
      const inventory = [clusterAt('raced', scenario, cucm)];
      const [slow, fast] = [worker(inventory), worker(inventory)];
      // The slow process looks at the run log first and finds the cluster due (never run) ...
      assert.equal(await slow.runs.last('raced'), null);
      // ... the fast one runs it meanwhile ...
      assert.deepEqual(
        await discoverDue({
          clusters: fast.directory,
          runs: fast.runs,
          discoverNow: fast.discoverNow,
          logger: fast.logger,
          now: () => new Date(),
        }),
        { ran: ['raced'], failed: [] },
      );
      const ran = await fast.runs.last('raced');
      const connections = cucm.connections.get(scenario.seeds[0] ?? '') ?? 0;
      // ... and the slow one, taking the lock only now, asks the schedule's question again with the last run.
      const stillDue = (last: unknown) => last === null;
      const outcome = await slow.discoverNow('raced', 'schedule', stillDue);
      assert.deepEqual(outcome, { ran: false, reason: 'already-running' });
      assert.equal(cucm.connections.get(scenario.seeds[0] ?? '') ?? 0, connections, 'no probe was sent');
      assert.deepEqual(await slow.runs.last('raced'), ran);
    });

    test('the loop runs a due cluster once, not again before its interval, and two loops on one Redis run it once', async () => {
      const inventory = [clusterAt('looped', scenario, cucm)];
      const processes = [worker(inventory), worker(inventory)];
      let runs = 0;
      const counted =
        (discoverNow: DiscoverNow): DiscoverNow =>
        async (...args) => {
          const outcome = await discoverNow(...args);
          if (outcome.ran) runs += 1;
          return outcome;
        };
      const connectionsBefore = cucm.connections.get(scenario.seeds[0] ?? '') ?? 0;
      const stops = processes.map((p) =>
        startDiscoverySchedule({
          clusters: p.directory,
          runs: p.runs,
          discoverNow: counted(p.discoverNow),
          logger: p.logger,
          now: () => new Date(),
          checkMs: 20,
        }),
      );
      try {
        const first = await waitFor('the scheduled run in the run log', () => processes[0]?.runs.last('looped'));
        assert.equal(first.trigger, 'schedule');
        assert.deepEqual(
          first.probes.map((p) => p.outcome),
          ['ok'],
        );
        // Both loops keep checking (every 20 ms) long after the run: the cluster is not due for a day.
        const checks = (p: (typeof processes)[number]) => p.lines.filter((l) => l.event === 'DiscoveryRan').length;
        await new Promise((resolve) => setTimeout(resolve, 600));
        assert.equal(runs, 1, 'one run across both loops');
        assert.equal(checks(processes[0]!) + checks(processes[1]!), 1);
        assert.equal((await processes[1]?.runs.last('looped'))?.at, first.at, 'the run log still holds the first run');
        assert.equal(
          (cucm.connections.get(scenario.seeds[0] ?? '') ?? 0) - connectionsBefore,
          1,
          'the TFTP server was asked once',
        );
      } finally {
        await Promise.all(stops.map((stop) => stop()));
      }
    });
  },
);
