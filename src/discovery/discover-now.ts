// One discovery of one cluster, however it was asked for (the worker's schedule, POST /clusters/:id/discover, the CLI
// through that route): under the cluster's run lock, the probes of its discovery block run (probe/), what they read
// is taken in (take-in.ts: kept, merged, tickets), and the run is logged with every probe's outcome and counted.
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { Metrics } from '../observability/metrics.js';
import { runDiscovery, type DiscoverDeps } from './probe/index.js';
import type { DiscoveryRunLog, DiscoveryRunRecord } from './run-log.js';
import type { TakeIn, TakenIn } from './take-in.js';

/** `already-running`: another run holds the cluster's lock, or (given `stillDue`) ran it while this one waited. */
export type DiscoverNowOutcome =
  | { ran: true; run: DiscoveryRunRecord; taken: TakenIn }
  | { ran: false; reason: 'unknown-cluster' | 'no-discovery-block' | 'disabled' | 'already-running' };

export interface DiscoverNowDeps {
  clusters: Pick<ClusterDirectory, 'get'>;
  takeIn: TakeIn;
  runs: DiscoveryRunLog;
  metrics: Metrics;
  logger: Logger;
  now: () => Date;
  /** Probe limits (defaults in probe/discover-cluster.ts). */
  probe?: DiscoverDeps;
}

/** Longer than any run can take (probes are bounded by their time limits): a crashed run's lock lapses by then. */
const LOCK_MS = 10 * 60_000;

/**
 * `stillDue` (the schedule's) is asked again under the lock with the last run: another process may have run the
 * cluster between this one's look at the run log and its taking of the lock.
 */
export type DiscoverNow = (
  clusterId: string, trigger: DiscoveryRunRecord['trigger'], stillDue?: (last: DiscoveryRunRecord | null) => boolean,
) => Promise<DiscoverNowOutcome>;

export function createDiscoverNow(deps: DiscoverNowDeps): DiscoverNow {
  const { clusters, takeIn, runs, metrics, logger } = deps;
  return async (clusterId, trigger, stillDue) => {
    const cluster = clusters.get(clusterId);
    if (!cluster) return { ran: false, reason: 'unknown-cluster' };
    if (!cluster.discovery) return { ran: false, reason: 'no-discovery-block' };
    if (!cluster.discovery.enabled) return { ran: false, reason: 'disabled' };
    const release = await runs.lock(clusterId, LOCK_MS);
    if (!release) return { ran: false, reason: 'already-running' };
    try {
      if (stillDue && !stillDue(await runs.last(clusterId))) return { ran: false, reason: 'already-running' };
      const started = deps.now();
      const result = await runDiscovery(cluster, { ...deps.probe, now: () => started });
      if (!result.ran) return { ran: false, reason: result.reason };
      const { facts, probes } = result.result;
      const taken = await takeIn(clusterId, facts, started);
      const run: DiscoveryRunRecord = {
        at: started.toISOString(),
        ms: deps.now().getTime() - started.getTime(),
        trigger,
        probes: probes.map(({ probe, host, port, outcome, detail, ms }) => ({
          probe,
          host,
          port,
          outcome,
          detail,
          ms: Math.round(ms),
        })),
        learned: { certificates: facts.certificates.length, state: facts.state.length, unread: facts.unread.length },
      };
      await runs.record(clusterId, run);
      for (const p of probes) metrics.discoveryProbes.inc({ probe: p.probe, outcome: p.outcome });
      const failed = probes.filter((p) => p.outcome !== 'ok');
      logger.info(
        {
          event: 'DiscoveryRan',
          clusterId,
          trigger,
          probes: probes.length,
          failed: failed.length,
          failures: [...new Set(failed.map((p) => p.outcome))],
          certificates: facts.certificates.length,
          state: facts.state.length,
          conflicts: taken.discovered.conflicts.length,
          tickets: taken.tickets.filter((t) => t.action !== 'none').length,
        },
        `discovery of ${clusterId}: ${probes.length - failed.length} of ${probes.length} probes answered`,
      );
      return { ran: true, run, taken };
    } finally {
      await release();
    }
  };
}
