// Applies the certificates one discovery run read to their tickets: key, decide (discovered-certificate.ts), store
// (compare-and-set), and add the mail job for a pending mail, the same job an alarm-opened ticket gets. Safe to run
// twice with the same certificates: the second run finds the same facts recorded and changes nothing.
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { DiscoveredCertificate } from '../discovery/facts-schema.js';
import type { Metrics } from '../observability/metrics.js';
import type { MailProducer } from '../queue/mail-producer.js';
import type { ClusterSnoozes } from './cluster-snoozes.js';
import {
  decideOnDiscovered,
  discoveredTicketKey,
  type DiscoveredAction,
  type DiscoveredReason,
} from './discovered-certificate.js';
import type { Policy } from './policy.js';
import { unmailedRevision } from './record-mail.js';
import type { TicketStore } from './ticket-store.js';

export interface ApplyDiscoveredDeps {
  store: TicketStore;
  /** The inventory: node names for certificates read at an address. */
  clusters: ClusterDirectory;
  clusterSnoozes: ClusterSnoozes;
  mail: MailProducer;
  policy: Policy;
  metrics: Metrics;
  logger: Logger;
}

/** What one certificate did: which ticket (null: no key), and the decision's action and reason. */
export interface AppliedCertificate {
  node: string | null;
  unit: string | null;
  serial: string;
  notAfter: string;
  ticketId: string | null;
  action: DiscoveredAction;
  reason: DiscoveredReason;
}

/**
 * Decides on each certificate in the order given (one after the other: the same certificate read by two sources in
 * one run records both), at `now` (the run's time). Returns one entry per certificate.
 */
export async function applyDiscoveredCertificates(
  deps: ApplyDiscoveredDeps,
  clusterId: string,
  certificates: readonly DiscoveredCertificate[],
  now: Date,
): Promise<AppliedCertificate[]> {
  const { store, clusters, clusterSnoozes, mail, policy, metrics, logger } = deps;
  const nodes = clusters.get(clusterId)?.nodes ?? [];
  const clusterSnooze = (await clusterSnoozes.of([clusterId])).get(clusterId) ?? null;
  const applied: AppliedCertificate[] = [];
  for (const cert of certificates) {
    const summary = { node: cert.node, unit: cert.unit, serial: cert.serial, notAfter: cert.notAfter };
    const key = discoveredTicketKey(clusterId, cert, nodes);
    if ('none' in key) {
      applied.push({ ...summary, ticketId: null, action: 'none', reason: key.none });
      continue;
    }
    let action: DiscoveredAction = 'none';
    let reason: DiscoveredReason = 'same-facts';
    const { ticket } = await store.update(key.ticketId, (current) => {
      const decision = decideOnDiscovered(current, cert, { clusterId, nodes, policy, now, clusterSnooze });
      ({ action, reason } = decision);
      return decision.action === 'none' ? null : decision.ticket;
    });
    // The store follows a re-homed id: the ticket it answers with is where the decision landed.
    const ticketId = ticket?.id ?? key.ticketId;
    applied.push({ ...summary, ticketId, action, reason });
    // Also when nothing changed: an earlier run may have stored the ticket and stopped before adding its mail job.
    if (ticket && unmailedRevision(ticket)) await mail.schedule(ticket);
    if (action === 'none') continue;
    metrics.ticketDecisions.inc({ reason });
    logger.info(
      {
        event: 'TicketDiscovered',
        ticketId,
        cluster: clusterId,
        action,
        reason,
        source: cert.source.kind,
        status: ticket?.status,
      },
      `ticket ${ticketId}: ${reason} (discovered via ${cert.source.kind})`,
    );
  }
  return applied;
}
