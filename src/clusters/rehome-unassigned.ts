// What happens to the tickets of `unassigned-*` clusters when the inventory changes: those whose node now belongs to a
// known cluster move there (or merge into the ticket already there), and their pending mail is scheduled under the
// new id, so it goes out with the real cluster's plan. Run after every change of the inventory (file or PUT).
import type { Logger } from 'pino';
import type { ClusterState } from '../domain/cluster.js';
import type { MailProducer } from '../queue/mail-producer.js';
import { isUnassignedClusterId } from '../tickets/cluster-match.js';
import { unmailedRevision } from '../tickets/record-mail.js';
import { decideRehome, rehomedTicket } from '../tickets/rehome.js';
import type { Ticket } from '../tickets/ticket.js';
import type { RehomeStoreOutcome, TicketStore } from '../tickets/ticket-store.js';

export type RehomeSummary = Record<RehomeStoreOutcome, number>;

export interface RehomerDeps {
  store: TicketStore;
  mail: MailProducer;
  logger: Logger;
  now: () => Date;
}

/**
 * Safe to run twice, and from several processes at once: a moved ticket is no longer in its cluster's index, and a
 * ticket moved by
 * another run between the listing and the move answers 'already-moved'. Runs in one process are queued one after the
 * other. Each move is one atomic step in the store; a crash between a move and its mail.schedule leaves a pending
 * mail without a job, which the tick's safety net schedules (tick-processor.ts).
 */
export function createRehomer(deps: RehomerDeps): (clusters: readonly ClusterState[]) => Promise<RehomeSummary> {
  const { store, mail, logger } = deps;
  let running: Promise<unknown> = Promise.resolve();

  async function rehome(clusters: readonly ClusterState[]): Promise<RehomeSummary> {
    const summary: RehomeSummary = { moved: 0, merged: 0, 'already-moved': 0 };
    // Only the tickets of unassigned clusters can move: those clusters' indexes are read, not every ticket.
    const unassigned = [...await store.clustersHoldingTickets()].filter((id) => isUnassignedClusterId(id)).sort();
    const candidates: Ticket[] = [];
    for (const clusterId of unassigned) candidates.push(...await store.ofCluster(clusterId));
    for (const listed of candidates) {
      const decision = decideRehome(listed, clusters);
      if (decision.reason !== 'rehome') continue;
      const { target } = decision;
      const now = deps.now();
      const { ticket, outcome } = await store.rehome(
        listed.id,
        target.ticketId,
        (from, into) => rehomedTicket(from, into, target, now),
        now,
      );
      summary[outcome] += 1;
      if (ticket && unmailedRevision(ticket)) await mail.schedule(ticket);
      logger.info(
        {
          event: 'TicketRehomed',
          from: listed.id,
          ticketId: target.ticketId,
          cluster: target.clusterId,
          clusterMatch: target.match,
          outcome,
        },
        `ticket ${listed.id}: ${outcome} to ${target.ticketId}`,
      );
    }
    return summary;
  }

  return (clusters) => {
    const run = running.then(() => rehome(clusters));
    running = run.catch(() => undefined);
    return run;
  };
}
