// When a cluster's discovery runs next (issue 12: interval per cluster, default daily, jittered). Pure: the schedule
// loop (worker role) asks it with the time of the cluster's last run, kept in Redis, so a restart neither skips a
// run nor repeats one. A failed run counts as a run: probes that fail are shown and retried at the next interval,
// never in a tight loop.

/** At most this share of the interval is taken off a cluster's period, so clusters added together drift apart. */
export const JITTER_SHARE = 0.1;

export type DiscoveryDue =
  | { due: true; reason: 'never-run' | 'interval-elapsed' }
  | { due: false; reason: 'not-yet'; nextAt: Date };

/** A stable number in [0, 1) from the cluster id (FNV-1a): the same cluster always gets the same offset. */
export function jitterFraction(clusterId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < clusterId.length; i++) {
    hash ^= clusterId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

export function discoveryDue(clusterId: string, intervalMs: number, lastRunAt: Date | null, now: Date): DiscoveryDue {
  if (lastRunAt === null) return { due: true, reason: 'never-run' };
  const nextAt = new Date(
    lastRunAt.getTime() + intervalMs - Math.floor(intervalMs * JITTER_SHARE * jitterFraction(clusterId)),
  );
  return now >= nextAt ? { due: true, reason: 'interval-elapsed' } : { due: false, reason: 'not-yet', nextAt };
}
