// The discovery schedule (worker role): every minute, each cluster whose discovery block is enabled and whose last
// run is older than its interval (discovery/schedule.ts, jittered) is discovered, one cluster at a time so probes
// never pile up. The last run is read from Redis: a restart neither skips a run nor repeats one, and the run lock
// keeps two worker processes from probing the same cluster together. A cluster whose run throws is logged and written
// to the run log as a failed run (so it waits its interval like any run), and the clusters after it still run.
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { DiscoverNow } from '../discovery/discover-now.js';
import { intervalMs } from '../discovery/probe/index.js';
import type { DiscoveryRunLog, DiscoveryRunRecord } from '../discovery/run-log.js';
import { discoveryDue } from '../discovery/schedule.js';

export interface DiscoveryScheduleDeps {
  clusters: Pick<ClusterDirectory, 'all'>;
  runs: Pick<DiscoveryRunLog, 'last' | 'record'>;
  discoverNow: DiscoverNow;
  logger: Logger;
  now: () => Date;
  /** How often due clusters are looked for. */
  checkMs: number;
}

export interface DueRuns {
  /** Clusters discovered. */
  ran: string[];
  /** Clusters whose run threw (logged, and kept in the run log as a failed run). */
  failed: string[];
}

/** A run that threw, as the run log keeps it: no probe outcome is known, nothing was learned. */
function failedRun(at: Date, now: Date, error: unknown): DiscoveryRunRecord {
  return {
    at: at.toISOString(), ms: now.getTime() - at.getTime(), trigger: 'schedule', probes: [],
    learned: { certificates: 0, state: 0, unread: 0 }, error: error instanceof Error ? error.message : String(error),
  };
}

/** Discovers every cluster due now, one after the other; one cluster's failure does not keep the next from running. */
export async function discoverDue(deps: Omit<DiscoveryScheduleDeps, 'checkMs'>): Promise<DueRuns> {
  const result: DueRuns = { ran: [], failed: [] };
  for (const cluster of deps.clusters.all()) {
    if (!cluster.discovery?.enabled) continue;
    const every = intervalMs(cluster.discovery.interval);
    const isDue = (last: DiscoveryRunRecord | null) =>
      discoveryDue(cluster.id, every, last ? new Date(last.at) : null, deps.now()).due;
    if (!isDue(await deps.runs.last(cluster.id))) continue;
    const started = deps.now();
    try {
      const outcome = await deps.discoverNow(cluster.id, 'schedule', isDue);
      if (outcome.ran) result.ran.push(cluster.id);
    } catch (error) {
      result.failed.push(cluster.id);
      deps.logger.warn(
        { event: 'DiscoveryRunFailed', clusterId: cluster.id, err: error },
        `discovery of ${cluster.id} failed; retried at its next interval`,
      );
      // Written so the failure is shown (GET /clusters/:id) and not retried every check; if Redis is away this throws
      // too, and the whole check is retried at the next one.
      await deps.runs.record(cluster.id, failedRun(started, deps.now(), error));
    }
  }
  return result;
}

export function startDiscoverySchedule(deps: DiscoveryScheduleDeps): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // The next check is set when this one ends: a long run delays the next check instead of stacking checks up.
  const check = (): void => {
    running = discoverDue(deps)
      .then(
        () => undefined,
        (error: unknown) => {
          // Redis away, say: the next check tries again; a probe's own failure never lands here (it is a run outcome).
          deps.logger.warn(
            { event: 'DiscoveryScheduleFailed', err: error },
            'discovery schedule check failed; the next check retries',
          );
        },
      )
      .then(() => {
        if (stopped) return;
        timer = setTimeout(check, deps.checkMs);
        timer.unref();
      });
  };
  check();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
