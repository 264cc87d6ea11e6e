// What happens to anything discovery learns, whichever way it came (a scheduled or requested probe run, pasted
// output, a posted ITL/CTL file): the facts are kept for the cluster (store.ts: shown, merged with the inventory,
// conflicts never applied), and the certificates read go to their tickets (tickets/apply-discovered.ts, given here so
// this stage does not reach into the ticket stage). One path, so pasted output and probes end the same way.
import type { Logger } from 'pino';
import type { DiscoveredFacts } from './facts-schema.js';
import { hasLoneCtl, settleLoneCtl } from './posted-ctl.js';
import { MAX_UNITLESS_CERTIFICATES, type DiscoveryStore, type Recorded } from './store.js';

/** One certificate's ticket outcome, as the ticket stage reports it (action and named reason). */
export interface TicketOutcome {
  node: string | null;
  unit: string | null;
  serial: string;
  notAfter: string;
  ticketId: string | null;
  action: string;
  reason: string;
}

export type ApplyCertificates = (
  clusterId: string,
  certificates: DiscoveredFacts['certificates'],
  now: Date,
) => Promise<TicketOutcome[]>;

export interface TakenIn extends Recorded {
  tickets: TicketOutcome[];
}

export type TakeIn = (clusterId: string, facts: DiscoveredFacts, now: Date) => Promise<TakenIn>;

export function createTakeIn(
  discovery: Pick<DiscoveryStore, 'recordDiscovery' | 'discoveredState'>,
  applyCertificates: ApplyCertificates,
  logger: Logger,
): TakeIn {
  return async (clusterId, read, now) => {
    // A CTL without its ITL is weighed against the certificates the cluster is known to hold (posted-ctl.ts).
    const facts = hasLoneCtl(read)
      ? settleLoneCtl(read, (await discovery.discoveredState(clusterId)).certificates)
      : read;
    // Kept first: a ticket opened from a certificate can then be shown with the state it was read with.
    const recorded = await discovery.recordDiscovery(clusterId, facts, now);
    if (recorded.notKept > 0) {
      logger.warn(
        { event: 'DiscoveryNotKept', clusterId, notKept: recorded.notKept, max: MAX_UNITLESS_CERTIFICATES },
        `${recorded.notKept} certificates of no unit (eTokens, trust entries) not kept for ${clusterId}: it holds the most kept per cluster`,
      );
    }
    const tickets = facts.certificates.length > 0 ? await applyCertificates(clusterId, facts.certificates, now) : [];
    return { ...recorded, tickets };
  };
}
