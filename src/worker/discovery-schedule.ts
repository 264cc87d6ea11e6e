// The discovery schedule (worker role): every minute, each cluster whose discovery block is enabled and whose last
// run is older than its interval (discovery/schedule.ts, jittered) is discovered, one cluster at a time so probes
// never pile up. The last run is read from Redis: a restart neither skips a run nor repeats one, and the run lock
// keeps two worker processes from probing the same cluster together.
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { DiscoverNow } from '../discovery/discover-now.js';
import { intervalMs } from '../discovery/probe/index.js';
import type { DiscoveryRunLog } from '../discovery/run-log.js';
import { discoveryDue } from '../discovery/schedule.js';

export interface DiscoveryScheduleDeps {
  clusters: Pick<ClusterDirectory, 'all'>;
  runs: Pick<DiscoveryRunLog, 'last'>;
  discoverNow: DiscoverNow;
  logger: Logger;
  now: () => Date;
  /** How often due clusters are looked for. */
  checkMs: number;
}

/** Discovers every cluster due now, one after the other; returns the ids it ran. */
export async function discoverDue(deps: Omit<DiscoveryScheduleDeps, 'checkMs'>): Promise<string[]> {
  const ran: string[] = [];
  for (const cluster of deps.clusters.all()) {
    if (!cluster.discovery?.enabled) continue;
    const last = await deps.runs.last(cluster.id);
    const due = discoveryDue(cluster.id, intervalMs(cluster.discovery.interval), last ? new Date(last.at) : null, deps.now());
    if (!due.due) continue;
    const outcome = await deps.discoverNow(cluster.id, 'schedule');
    if (outcome.ran) ran.push(cluster.id);
  }
  return ran;
}

export function startDiscoverySchedule(deps: DiscoveryScheduleDeps): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // The next check is set when this one ends: a long run delays the next check instead of stacking checks up.
  const check = (): void => {
    running = discoverDue(deps).then(() => undefined, (error: unknown) => {
      // Redis away, say: the next check tries again; a probe's own failure never lands here (it is a run outcome).
      deps.logger.warn({ event: 'DiscoveryScheduleFailed', err: error }, 'discovery schedule check failed; the next check retries');
    }).then(() => {
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
