// Turns one accepted event into a ticket decision: map to a cluster, key the ticket, decide, store, and make sure the
// mail job for a pending mail exists. Safe to run twice for the same event (stalled job, spool replay).
import type { Logger } from 'pino';
import type { AcceptedEvent } from '../accept/accepted-event.js';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { Metrics } from '../observability/metrics.js';
import type { ClusterSnoozes } from '../tickets/cluster-snoozes.js';
import { matchCluster, unassignedClusterFor } from '../tickets/cluster-match.js';
import { decideOnEvent } from '../tickets/decide.js';
import type { Policy } from '../tickets/policy.js';
import { unmailedRevision } from '../tickets/record-mail.js';
import { linkedOwnTicketId, ticketIdFor } from '../tickets/ticket-key.js';
import type { TicketStore } from '../tickets/ticket-store.js';
import type { MailProducer } from '../queue/mail-producer.js';

export interface EventProcessorDeps {
  store: TicketStore;
  /** Snoozes of whole clusters: a ticket opened during one takes it (decideOnEvent). */
  clusterSnoozes: ClusterSnoozes;
  clusters: ClusterDirectory;
  mail: MailProducer;
  policy: Policy;
  metrics: Metrics;
  logger: Logger;
}

export type EventProcessingResult = { ticketId: string; reason: string; duplicate: boolean };

export function createEventProcessor(deps: EventProcessorDeps) {
  const { store, clusters, clusterSnoozes, mail, policy, metrics, logger } = deps;
  return async function processEvent(accepted: AcceptedEvent): Promise<EventProcessingResult> {
    const { event } = accepted;
    const match = matchCluster(event, accepted.sourceAddress, clusters.all());
    if (!clusters.get(match.clusterId)) {
      await clusters.rememberUnassigned(unassignedClusterFor(match.clusterId, accepted.sourceAddress));
    }
    const ticketId = ticketIdFor(event, match.clusterId);
    // A trust entry named after a node of the cluster is a copy of that node's own certificate.
    const cluster = clusters.get(match.clusterId);
    const linkedTicketId = cluster ? linkedOwnTicketId(match.clusterId, event.unit, event.certificate, cluster) : null;
    // Decide at the time the event arrived, not when a (possibly spooled) job runs.
    const now = new Date(accepted.receivedAt);
    const clusterSnooze = (await clusterSnoozes.of([match.clusterId])).get(match.clusterId) ?? null;
    let reason: string = 'duplicate-event';
    const { ticket, outcome } = await store.update(
      ticketId,
      (current) => {
        const decision = decideOnEvent(current, event, {
          clusterId: match.clusterId,
          ticketId,
          now,
          policy,
          linkedTicketId,
          clusterSnooze,
          ...(accepted.sightings ? { sightings: accepted.sightings } : {}),
        });
        reason = decision.reason;
        return decision.ticket;
      },
      { eventId: accepted.id },
    );
    if (outcome === 'duplicate-event') reason = outcome;
    metrics.ticketDecisions.inc({ reason });
    // Also on a duplicate: the first run may have stored the ticket and died before adding the mail job.
    if (ticket && unmailedRevision(ticket)) await mail.schedule(ticket);
    logger.info(
      {
        event: 'TicketDecided',
        ticketId,
        cluster: match.clusterId,
        clusterMatch: match.reason,
        reason,
        status: ticket?.status,
        eventId: accepted.id,
      },
      `ticket ${ticketId}: ${reason}`,
    );
    return { ticketId, reason, duplicate: outcome === 'duplicate-event' };
  };
}
