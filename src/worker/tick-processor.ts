// The periodic tick: reminders on the ladder, daily reminders after expiry, quiet detection, silent nodes
// (node-silence-step.ts). Also re-adds the mail job of any ticket whose pending mail has no job (a safety net: the job
// may have been removed by hand).
// It reads only the tickets due (the store's tick index): after deciding on one, it stores when time can next change
// something for it (next-tick.ts); a ticket written in between is due at once.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { readTraffic, trafficField } from '../accept/traffic-tracker.js';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { Metrics } from '../observability/metrics.js';
import { createClusterSnoozes } from '../tickets/cluster-snoozes.js';
import { createNodeSilenceStore } from '../tickets/node-silence-store.js';
import { decideOnTick, quietWatchNode } from '../tickets/decide.js';
import { nextTickAt, policyFingerprint } from '../tickets/next-tick.js';
import type { Policy } from '../tickets/policy.js';
import { unmailedRevision } from '../tickets/record-mail.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TicketStore } from '../tickets/ticket-store.js';
import type { MailProducer } from '../queue/mail-producer.js';
import { checkNodeSilence } from './node-silence-step.js';

export interface TickProcessorDeps {
  redis: Redis;
  store: TicketStore;
  clusters: ClusterDirectory;
  mail: MailProducer;
  policy: Policy;
  metrics: Metrics;
  logger: Logger;
}

/** The traffic fields that tell when the watched node last sent anything: its name and the addresses listed for it. */
export function trafficFieldsFor(ticket: Ticket, clusters: ClusterDirectory): string[] {
  // The node whose alarm we expect to repeat (for a trust entry: the latest reporter).
  const watched = quietWatchNode(ticket);
  const fields = [trafficField(watched, 'node')];
  const node = clusters.get(ticket.clusterId)?.nodes.find((n) => n.name.toLowerCase() === watched.toLowerCase());
  for (const address of node?.addresses ?? []) fields.push(trafficField(address, 'address'));
  return fields;
}

function latestOf(fields: readonly string[], traffic: ReadonlyMap<string, number>): string | null {
  const latest = Math.max(0, ...fields.map((f) => traffic.get(f) ?? 0));
  return latest > 0 ? new Date(latest).toISOString() : null;
}

export function createTickProcessor(deps: TickProcessorDeps) {
  const { redis, store, clusters, mail, policy, metrics, logger } = deps;
  const clusterSnoozes = createClusterSnoozes(redis);
  const silences = createNodeSilenceStore(redis);
  // Checked once per process: a policy changed since the scores were computed makes every open ticket due once.
  let policyChecked = false;
  return async function processTick(now: Date): Promise<Record<string, number>> {
    const reasons: Record<string, number> = {};
    if (!policyChecked) {
      if (await store.tickPolicy(policyFingerprint(policy))) {
        logger.info({ event: 'TickPolicyChanged' }, 'the ticket policy changed: every open ticket is decided on again');
      }
      policyChecked = true;
    }
    // A slice at a time (many tickets are due after a burst of writes): memory stays bounded, and the awaits between
    // slices let whatever shares this event loop (ingest, when one process runs every role) take its turn.
    for await (const open of store.dueForTick(now)) {
      /** The tickets time changed nothing for, and when it next can: stored together after the slice. */
      const unchanged: { ticket: Ticket; at: number }[] = [];
      // Traffic is read per cluster, only the fields its tickets watch: never the whole record of every node heard.
      const fieldsOf = new Map(open.map((t) => [t.id, trafficFieldsFor(t, clusters)]));
      const fieldsByCluster = new Map<string, string[]>();
      for (const t of open) {
        const fields = fieldsByCluster.get(t.clusterId) ?? [];
        fields.push(...fieldsOf.get(t.id)!);
        fieldsByCluster.set(t.clusterId, fields);
      }
      const traffic = new Map<string, number>();
      for (const fields of fieldsByCluster.values()) {
        for (const [field, at] of await readTraffic(redis, fields)) traffic.set(field, at);
      }
      // Tickets opened after their cluster was snoozed take its snooze (decideOnTick).
      const snoozes = await clusterSnoozes.of([...fieldsByCluster.keys()]);
      for (const listed of open) {
        const nodeLastTrafficAt = latestOf(fieldsOf.get(listed.id)!, traffic);
        const clusterSnooze = snoozes.get(listed.clusterId) ?? null;
        let reason = '';
        /** The decided ticket, or null when time changed nothing (or the ticket is gone). */
        const decide = (current: Ticket | null): Ticket | null => {
          if (!current) {
            reason = 'gone';
            return null;
          }
          const decision = decideOnTick(current, { now, policy, nodeLastTrafficAt, clusterSnooze });
          reason = decision.reason;
          return JSON.stringify(decision.ticket) !== JSON.stringify(current) ? decision.ticket : null;
        };
        // Most ticks change nothing: decide on the listed copy and write (compare-and-set, re-deciding on the current
        // copy) only when something changes, so a quiet minute costs no further round trip per ticket.
        // A written ticket is due again at once (the store's write): the next tick scores it.
        let ticket: Ticket | null = listed;
        if (decide(listed)) {
          ({ ticket } = await store.update(listed.id, decide));
          metrics.ticketDecisions.inc({ reason });
          logger.info({ event: 'TicketTick', ticketId: listed.id, reason }, `ticket ${listed.id}: ${reason}`);
        } else {
          unchanged.push({ ticket: listed, at: nextTickAt(listed, policy, now) });
        }
        reasons[reason] = (reasons[reason] ?? 0) + 1;
        if (ticket && unmailedRevision(ticket)) await mail.schedule(ticket);
      }
      await store.scheduleTicks(unchanged);
    }
    const silenceChanges = await checkNodeSilence({ redis, clusters, silences, mail, policy, metrics, logger }, now);
    for (const [reason, n] of Object.entries(silenceChanges)) reasons[reason] = (reasons[reason] ?? 0) + n;
    return reasons;
  };
}
