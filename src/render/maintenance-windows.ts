// The inventory's weekly maintenance windows as a person reads them: `Tue 22:00 for 4h (Europe/Berlin)`.
import type { ClusterState } from '../domain/cluster.js';

/** The windows, then the free text beside them; null when the inventory has neither. */
export function maintenanceWindowsText(
  cluster: Pick<ClusterState, 'maintenanceWindow' | 'maintenanceWindows'>,
  clusterZone: string,
): string | null {
  const windows = (cluster.maintenanceWindows ?? []).map(
    (w) => `${w.weekday} ${w.start} for ${w.duration} (${w.timeZone ?? clusterZone})`,
  );
  const all = [...windows, ...(cluster.maintenanceWindow ? [cluster.maintenanceWindow] : [])];
  return all.length ? all.join('; ') : null;
}
