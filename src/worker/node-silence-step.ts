// The tick's node-silence step: per inventory node of every known cluster, when it was last heard (the ingest's node
// traffic, by name or by a listed address) -> the last-message gauge, and the node-silence decision stored and mailed.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { readTraffic, trafficField } from '../accept/traffic-tracker.js';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import type { Metrics } from '../observability/metrics.js';
import type { MailProducer } from '../queue/mail-producer.js';
import { isUnassignedClusterId } from '../tickets/cluster-match.js';
import { decideNodeSilence, nodeSilenceId, unmailedSilenceRevision } from '../tickets/node-silence.js';
import type { NodeSilenceStore } from '../tickets/node-silence-store.js';
import type { Policy } from '../tickets/policy.js';

export interface NodeSilenceStepDeps {
  redis: Redis;
  clusters: ClusterDirectory;
  silences: NodeSilenceStore;
  policy: Policy;
  /** Each opening and resolution is mailed to the cluster's recipients (node-silence-mail.ts). */
  mail: Pick<MailProducer, 'scheduleNodeSilence'>;
  metrics: Metrics;
  logger: Logger;
}

/** Runs the step at `now`; returns how many tickets each change reason opened or resolved (none: empty). */
export async function checkNodeSilence(deps: NodeSilenceStepDeps, now: Date): Promise<Record<string, number>> {
  const { redis, clusters, silences, mail, policy, metrics, logger } = deps;
  // Unassigned clusters are named by senders: only the inventory's nodes are watched (and labelled).
  const nodes = clusters
    .all()
    .filter((c) => !isUnassignedClusterId(c.id))
    .flatMap((c) =>
      c.nodes.map((n) => ({
        clusterId: c.id,
        node: n.name,
        fields: [trafficField(n.name, 'node'), ...n.addresses.map((a) => trafficField(a, 'address'))],
      })),
    );
  const traffic = await readTraffic(
    redis,
    nodes.flatMap((n) => n.fields),
  );
  const existing = await silences.all();
  const changes: Record<string, number> = {};
  // Set afresh each tick: a node removed from the inventory loses its series.
  metrics.nodeLastMessage.reset();
  for (const { clusterId, node, fields } of nodes) {
    const latest = Math.max(0, ...fields.map((f) => traffic.get(f) ?? 0));
    const lastHeardMs = latest > 0 ? latest : null;
    if (lastHeardMs !== null) metrics.nodeLastMessage.set({ cluster: clusterId, node }, lastHeardMs / 1000);
    const id = nodeSilenceId(clusterId, node);
    const heard = { clusterId, node, lastHeardMs };
    const decision = decideNodeSilence(existing.get(id) ?? null, heard, now, policy.nodeSilenceAfterMs);
    if (decision.action === 'none' || decision.ticket === null) continue;
    // Decided again on the stored ticket (a mail job may have recorded its mail since it was read).
    const stored = await silences.update(id, (current) => {
      const again = decideNodeSilence(current, heard, now, policy.nodeSilenceAfterMs);
      return again.action === decision.action ? again.ticket : null;
    });
    if (stored !== null) existing.set(id, stored);
    changes[decision.reason] = (changes[decision.reason] ?? 0) + 1;
    metrics.ticketDecisions.inc({ reason: decision.reason });
    const event = decision.action === 'open' ? 'NodeSilent' : 'NodeHeardAgain';
    const log = {
      event,
      ticketId: decision.ticket.id,
      cluster: clusterId,
      node,
      silentSince: decision.ticket.silentSince,
    };
    if (decision.action === 'open') {
      logger.warn(log, `node ${node} of cluster ${clusterId}: nothing heard since ${decision.ticket.silentSince}`);
    }
    else logger.info(log, `node ${node} of cluster ${clusterId} is heard again`);
  }
  // Every unmailed revision's job (added again harmlessly: one job id per revision), so a crash between a decision and
  // its job leaves no mail behind.
  for (const ticket of existing.values())
    if (unmailedSilenceRevision(ticket) !== null) await mail.scheduleNodeSilence(ticket);
  return changes;
}
