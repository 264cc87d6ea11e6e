// Sets the discovery gauges from what the discovery store keeps, when /metrics is read: every process serving
// /metrics shows the same kept truth (not what it alone happened to record), and a replaced certificate's series is
// gone at the next scrape. Read first, then set: a Redis that does not answer leaves the last values standing.
import type { Logger } from 'pino';
import { currentCertificates } from '../discovery/current-certificates.js';
import type { DiscoveredState, DiscoveryStore } from '../discovery/store.js';
import type { Metrics } from './metrics.js';

const seconds = (iso: string) => Date.parse(iso) / 1000;

export async function refreshDiscoveryMetrics(metrics: Metrics, store: DiscoveryStore, logger: Logger): Promise<void> {
  let states: DiscoveredState[];
  try {
    states = await Promise.all((await store.clusterIds()).map((id) => store.discoveredState(id)));
  } catch (error) {
    logger.warn({ event: 'DiscoveryMetricsStale', err: (error as Error).message }, 'discovery gauges not refreshed: the discovery store did not answer');
    return;
  }
  metrics.certificateNotAfter.reset();
  metrics.discoveryLastSuccess.reset();
  for (const state of states) {
    for (const c of currentCertificates(state.certificates)) {
      metrics.certificateNotAfter.set({ cluster: state.clusterId, node: c.node ?? 'unknown', unit: c.unit, certificate: c.certificate }, seconds(c.notAfter));
    }
    for (const { source, at } of state.lastSuccess) metrics.discoveryLastSuccess.set({ cluster: state.clusterId, source }, seconds(at));
  }
}
