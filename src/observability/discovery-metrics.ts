// Sets the certificate gauges from what is stored, when /metrics is read: every process serving /metrics shows the
// same kept truth (not what it alone happened to record), and a replaced certificate's series is gone at the next
// scrape. Read first, then set: a Redis that does not answer leaves the last values standing.
// What is read is what the gauges need and no more: every cluster's kept facts without the merge with the inventory
// (two round trips whatever the number of clusters), and the gauge rows the ticket store keeps for open alarm tickets
// (one hash, scanned a thousand rows a step): no ticket document is read, however many tickets are open.
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { DiscoveryStore, KeptOfCluster } from '../discovery/store.js';
import type { TicketNotAfterRow, TicketStore } from '../tickets/ticket-store.js';
import type { Metrics } from './metrics.js';
import { notAfterSeries } from './not-after-series.js';

export interface CertificateGaugeSources {
  discovery: Pick<DiscoveryStore, 'keptOfAll'>;
  tickets: Pick<TicketStore, 'notAfterRows'>;
  clusters: Pick<ClusterDirectory, 'get'>;
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

export async function refreshDiscoveryMetrics(
  metrics: Metrics,
  sources: CertificateGaugeSources,
  logger: Logger,
): Promise<void> {
  let kept: KeptOfCluster[];
  let alarmRows: TicketNotAfterRow[];
  try {
    [kept, alarmRows] = await Promise.all([sources.discovery.keptOfAll(), sources.tickets.notAfterRows()]);
  } catch (error) {
    logger.warn(
      { event: 'DiscoveryMetricsStale', err: (error as Error).message },
      'certificate gauges not refreshed: Redis did not answer',
    );
    return;
  }
  metrics.certificateNotAfter.reset();
  metrics.discoveryLastSuccess.reset();
  for (const { labels, value } of notAfterSeries(kept, alarmRows, (id) => sources.clusters.get(id)?.nodes ?? [])) {
    metrics.certificateNotAfter.set(labels, value);
  }
  for (const { clusterId, lastSuccess } of kept) {
    for (const { source, at } of lastSuccess) {
      metrics.discoveryLastSuccess.set({ cluster: clusterId, source }, seconds(at));
    }
  }
}
