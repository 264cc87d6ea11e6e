// Discovery's parts put together once, for the API (evidence, POST .../discover) and the worker (the schedule): the
// facts store, the take-in that keeps facts and hands certificates to their tickets, the run log and one-run-now.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import { createDiscoverNow, type DiscoverNow } from '../discovery/discover-now.js';
import { createDiscoveryRunLog, type DiscoveryRunLog } from '../discovery/run-log.js';
import { createDiscoveryStore, type DiscoveryStore } from '../discovery/store.js';
import { createTakeIn, type TakeIn } from '../discovery/take-in.js';
import type { Metrics } from '../observability/metrics.js';
import type { MailProducer } from '../queue/mail-producer.js';
import { applyDiscoveredCertificates } from '../tickets/apply-discovered.js';
import { createClusterSnoozes } from '../tickets/cluster-snoozes.js';
import type { Policy } from '../tickets/policy.js';
import type { TicketStore } from '../tickets/ticket-store.js';

export interface Discovery {
  store: DiscoveryStore;
  takeIn: TakeIn;
  runs: DiscoveryRunLog;
  discoverNow: DiscoverNow;
}

export interface DiscoveryWiringDeps {
  redis: Redis;
  tickets: TicketStore;
  clusters: ClusterDirectory;
  mail: MailProducer;
  policy: Policy;
  metrics: Metrics;
  logger: Logger;
}

export function wireDiscovery(deps: DiscoveryWiringDeps): Discovery {
  const { redis, clusters, metrics, logger } = deps;
  const store = createDiscoveryStore(redis, clusters);
  const ticketDeps = {
    store: deps.tickets,
    clusters,
    clusterSnoozes: createClusterSnoozes(redis),
    mail: deps.mail,
    policy: deps.policy,
    metrics,
    logger,
  };
  const takeIn = createTakeIn(
    store,
    (clusterId, certificates, now) => applyDiscoveredCertificates(ticketDeps, clusterId, certificates, now),
    logger,
  );
  const runs = createDiscoveryRunLog(redis);
  const discoverNow = createDiscoverNow({ clusters, takeIn, runs, metrics, logger, now: () => new Date() });
  return { store, takeIn, runs, discoverNow };
}
