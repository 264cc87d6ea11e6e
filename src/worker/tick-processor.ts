// The periodic tick: reminders on the ladder, daily reminders after expiry, quiet detection. Also re-adds the mail job
// of any ticket whose pending mail has no job (a safety net: the job may have been removed by hand).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { trafficField } from '../accept/traffic-tracker.js';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { Metrics } from '../observability/metrics.js';
import { redisKeys } from '../redis/keys.js';
import { decideOnTick, quietWatchNode } from '../tickets/decide.js';
import type { Policy } from '../tickets/policy.js';
import { unmailedRevision } from '../tickets/record-mail.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TicketStore } from '../tickets/ticket-store.js';
import type { MailProducer } from '../queue/mail-producer.js';

export interface TickProcessorDeps {
  redis: Redis;
  store: TicketStore;
  clusters: ClusterDirectory;
  mail: MailProducer;
  policy: Policy;
  metrics: Metrics;
  logger: Logger;
}

/** Latest traffic from the watched node: by node name, or from any address the inventory lists for it. */
export function lastTrafficFor(ticket: Ticket, traffic: Record<string, string>, clusters: ClusterDirectory): string | null {
  // The node whose alarm we expect to repeat (for a trust entry: the latest reporter).
  const watched = quietWatchNode(ticket);
  const fields = [trafficField(watched, 'node')];
  const node = clusters.get(ticket.clusterId)?.nodes.find((n) => n.name.toLowerCase() === watched.toLowerCase());
  for (const address of node?.addresses ?? []) fields.push(trafficField(address, 'address'));
  const latest = Math.max(...fields.map((f) => Number(traffic[f] ?? 0)));
  return latest > 0 ? new Date(latest).toISOString() : null;
}

export function createTickProcessor(deps: TickProcessorDeps) {
  const { redis, store, clusters, mail, policy, metrics, logger } = deps;
  return async function processTick(now: Date): Promise<Record<string, number>> {
    const traffic = await redis.hgetall(redisKeys.nodeTraffic());
    const reasons: Record<string, number> = {};
    for (const listed of await store.list()) {
      if (listed.status === 'resolved') continue;
      const nodeLastTrafficAt = lastTrafficFor(listed, traffic, clusters);
      let reason = '';
      /** The decided ticket, or null when time changed nothing (or the ticket is gone). */
      const decide = (current: Ticket | null): Ticket | null => {
        if (!current) {
          reason = 'gone';
          return null;
        }
        const decision = decideOnTick(current, { now, policy, nodeLastTrafficAt });
        reason = decision.reason;
        return JSON.stringify(decision.ticket) !== JSON.stringify(current) ? decision.ticket : null;
      };
      // Most ticks change nothing: decide on the listed copy and write (compare-and-set, re-deciding on the current
      // copy) only when something changes, so a quiet minute costs no further round trip per ticket.
      let ticket: Ticket | null = listed;
      if (decide(listed)) {
        ({ ticket } = await store.update(listed.id, decide));
        metrics.ticketDecisions.inc({ reason });
        logger.info({ event: 'TicketTick', ticketId: listed.id, reason }, `ticket ${listed.id}: ${reason}`);
      }
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      if (ticket && unmailedRevision(ticket)) await mail.schedule(ticket);
    }
    return reasons;
  };
}
