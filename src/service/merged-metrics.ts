// /metrics of a service whose worker runs in its own process: one exposition, the worker's series added to the
// service's (counters and histograms summed; certwatch's gauges are each set by one role only). The worker's process_*
// and nodejs_* series and its build info are left out: they would be summed with the service's into nonsense; the
// process figures on /metrics are the service's (the ingest side), exposed as the service's registry has them (the
// aggregator would omit some, e.g. process_start_time_seconds).
import { AggregatorRegistry, Registry } from 'prom-client';
import type { MetricsJson } from './worker-messages.js';

const OWN_TO_EACH_PROCESS = /^(process_|nodejs_|certwatch_build_info$)/;

export class MergedRegistry extends Registry {
  constructor(private readonly service: Registry, private readonly worker: () => Promise<MetricsJson>) {
    super();
  }

  override async metrics(): Promise<string> {
    // Read before the JSON below: each collect resets the event loop delay histogram (nodejs_eventloop_lag_*), so a
    // second read would expose the few microseconds since the first instead of the whole interval.
    const ownNames = this.service
      .getMetricsAsArray()
      .map((metric) => metric.name)
      .filter((name) => OWN_TO_EACH_PROCESS.test(name));
    const processOwn = await Promise.all(ownNames.map((name) => this.service.getSingleMetricAsString(name)));
    const [own, worker] = await Promise.all([this.service.getMetricsAsJSON(), this.worker()]);
    const shared = (metrics: MetricsJson) => metrics.filter((metric) => !OWN_TO_EACH_PROCESS.test(metric.name));
    const merged = await AggregatorRegistry.aggregate([shared(own), shared(worker)]).metrics();
    return `${merged}${processOwn.map((text) => `${text}\n`).join('')}`;
  }
}
