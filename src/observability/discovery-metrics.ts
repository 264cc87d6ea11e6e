// Sets the certificate gauges from what is stored, when /metrics is read: every process serving /metrics shows the
// same kept truth (not what it alone happened to record), and a replaced certificate's series is gone at the next
// scrape. Read first, then set: a Redis that does not answer leaves the last values standing.
// What is read is what the gauges need and no more: every cluster's kept facts without the merge with the inventory
// (two round trips whatever the number of clusters), and the open tickets through their index. No index holds just
// the tickets with an exact or inferred expiry, so the open ones are read (two round trips per thousand) and filtered
// here: open tickets are the few certificates near their end, not every ticket ever kept.
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { DiscoveryStore, KeptOfCluster } from '../discovery/store.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TicketStore } from '../tickets/ticket-store.js';
import type { Metrics } from './metrics.js';
import { notAfterSeries } from './not-after-series.js';

export interface CertificateGaugeSources {
  discovery: Pick<DiscoveryStore, 'keptOfAll'>;
  tickets: Pick<TicketStore, 'pageByExpiry'>;
  clusters: Pick<ClusterDirectory, 'get'>;
}

const PAGE = 1_000;

async function openTickets(tickets: CertificateGaugeSources['tickets']): Promise<Ticket[]> {
  const all: Ticket[] = [];
  for (let from: number | null = 0; from !== null;) {
    const page = await tickets.pageByExpiry({ of: 'open' }, { from, count: PAGE });
    all.push(...page.tickets);
    from = page.next;
  }
  return all;
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

export async function refreshDiscoveryMetrics(metrics: Metrics, sources: CertificateGaugeSources, logger: Logger): Promise<void> {
  let kept: KeptOfCluster[];
  let open: Ticket[];
  try {
    [kept, open] = await Promise.all([sources.discovery.keptOfAll(), openTickets(sources.tickets)]);
  } catch (error) {
    logger.warn({ event: 'DiscoveryMetricsStale', err: (error as Error).message }, 'certificate gauges not refreshed: Redis did not answer');
    return;
  }
  metrics.certificateNotAfter.reset();
  metrics.discoveryLastSuccess.reset();
  for (const { labels, value } of notAfterSeries(kept, open, (id) => sources.clusters.get(id)?.nodes ?? [])) metrics.certificateNotAfter.set(labels, value);
  for (const { clusterId, lastSuccess } of kept) {
    for (const { source, at } of lastSuccess) metrics.discoveryLastSuccess.set({ cluster: clusterId, source }, seconds(at));
  }
}
