// Turns one accepted event into a ticket decision: map to a cluster, key the ticket, decide, store, and make sure the
// mail job for a pending mail exists. Safe to run twice for the same event (stalled job, spool replay).
import type { Logger } from 'pino';
import type { AcceptedEvent } from '../accept/accepted-event.js';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { Metrics } from '../observability/metrics.js';
import { matchCluster, unassignedClusterFor } from '../tickets/cluster-match.js';
import { decideOnEvent } from '../tickets/decide.js';
import type { Policy } from '../tickets/policy.js';
import { ticketIdFor } from '../tickets/ticket-key.js';
import { rememberAppliedEvent, wasApplied, type StoredTicket, type TicketStore } from '../tickets/ticket-store.js';
import type { MailProducer } from '../queue/mail-producer.js';

export interface EventProcessorDeps {
  store: TicketStore;
  clusters: ClusterDirectory;
  mail: MailProducer;
  policy: Policy;
  metrics: Metrics;
  logger: Logger;
}

export type EventProcessingResult = { ticketId: string; reason: string; duplicate: boolean };

export function createEventProcessor(deps: EventProcessorDeps) {
  const { store, clusters, mail, policy, metrics, logger } = deps;
  return async function processEvent(accepted: AcceptedEvent): Promise<EventProcessingResult> {
    const { event } = accepted;
    const match = matchCluster(event, accepted.sourceAddress, clusters.all());
    if (!clusters.get(match.clusterId)) {
      await clusters.rememberUnassigned(unassignedClusterFor(match.clusterId, accepted.sourceAddress));
    }
    const ticketId = ticketIdFor(event, match.clusterId);
    // Decide at the time the event arrived, not when a (possibly spooled) job runs.
    const now = new Date(accepted.receivedAt);
    const outcome = await store.update(ticketId, (current) => {
      if (wasApplied(current, accepted.id)) return { ticket: null, result: { reason: 'duplicate-event', ticket: current, duplicate: true } };
      const decision = decideOnEvent(current, event, { clusterId: match.clusterId, ticketId, now, policy });
      const ticket: StoredTicket = rememberAppliedEvent({ ...current, ...decision.ticket }, accepted.id);
      return { ticket, result: { reason: decision.reason, ticket, duplicate: false } };
    });
    metrics.ticketDecisions.inc({ reason: outcome.reason });
    // Also on a duplicate: the first run may have stored the ticket and died before adding the mail job.
    if (outcome.ticket?.pendingMail) await mail.schedule(outcome.ticket);
    logger.info(
      { event: 'TicketDecided', ticketId, cluster: match.clusterId, clusterMatch: match.reason, reason: outcome.reason, status: outcome.ticket?.status, eventId: accepted.id },
      `ticket ${ticketId}: ${outcome.reason}`,
    );
    return { ticketId, reason: outcome.reason, duplicate: outcome.duplicate };
  };
}
