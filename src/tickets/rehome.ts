// Re-homing (pure): a ticket of an `unassigned-*` cluster whose node now belongs to a known cluster moves to the id it
// would have had if that cluster had been known from the start, or merges into the ticket already there.
import type { ClusterState } from '../domain/cluster.js';
import { isUnassignedClusterId, matchCluster, sourceOfUnassigned, type ClusterMatchReason } from './cluster-match.js';
import { cloneTicket, record } from './decision.js';
import { PRECISION_RANK } from './expiry-merge.js';
import { isTrustUnit, linkedOwnTicketId, ownTicketIdFor, trustTicketIdFor } from './ticket-key.js';
import { SYSTEM_ACTOR, type HistoryEntry, type Ticket, type TicketStatus } from './ticket.js';
import { maxUrgency, ticketUrgency } from './urgency.js';

/** Where a ticket goes and why. */
export interface RehomeTarget {
  clusterId: string;
  ticketId: string;
  /** For a trust entry that is a copy of a node certificate of the new cluster: that node's own ticket id. */
  linkedTicketId: string | null;
  match: ClusterMatchReason;
  /** The node (as the ticket knows it) that belongs to the new cluster. */
  node: string;
}

/**
 * Whether a ticket moves:
 * - 'known-cluster': its cluster is a real one, nothing to do;
 * - 'resolved': a resolved ticket stays where it is (a new alarm opens a new ticket in the right cluster anyway);
 * - 'still-unassigned': none of its nodes (nor its source) belongs to a known cluster;
 * - 'rehome': it moves to `target`.
 */
export type RehomeDecision =
  | { reason: 'known-cluster' | 'resolved' | 'still-unassigned' }
  | { reason: 'rehome'; target: RehomeTarget };

function targetId(ticket: Pick<Ticket, 'node' | 'unit' | 'certificate'>, clusterId: string): string {
  // The same rule as ticketIdFor: the unit name decides between a node's own certificate and a trust entry.
  return isTrustUnit(ticket.unit)
    ? trustTicketIdFor(clusterId, ticket.unit, ticket.certificate)
    : ownTicketIdFor(clusterId, ticket.node, ticket.unit, ticket.certificate);
}

/**
 * Decides the move with the same matching the event processor uses (matchCluster): node, host, the source the
 * unassigned cluster was named after, ClusterID. A trust entry is tried node by node in reporting order; the first
 * node that matches decides (an entry reported through one source by nodes of several clusters cannot be split).
 */
export function decideRehome(ticket: Ticket, clusters: readonly ClusterState[]): RehomeDecision {
  if (!isUnassignedClusterId(ticket.clusterId)) return { reason: 'known-cluster' };
  if (ticket.status === 'resolved') return { reason: 'resolved' };
  const known = clusters.filter((c) => !isUnassignedClusterId(c.id));
  const source = sourceOfUnassigned(ticket.clusterId, known);
  for (const node of ticket.kind === 'trust' ? ticket.nodes : [ticket.node]) {
    const match = matchCluster(
      { node, host: ticket.latestEvent?.host ?? null, clusterId: ticket.latestEvent?.clusterId ?? null },
      source,
      known,
    );
    if (isUnassignedClusterId(match.clusterId)) continue;
    const cluster = known.find((c) => c.id === match.clusterId)!;
    return {
      reason: 'rehome',
      target: {
        clusterId: match.clusterId,
        ticketId: targetId(ticket, match.clusterId),
        linkedTicketId: linkedOwnTicketId(match.clusterId, ticket.unit, ticket.certificate, cluster),
        match: match.reason,
        node,
      },
    };
  }
  return { reason: 'still-unassigned' };
}

/** 'moved': the ticket took its new id; 'merged': a ticket for the same certificate was there, it absorbed this one. */
export type RehomeOutcome = 'moved' | 'merged';

/** What the old id points at (stored under redisKeys.ticketMoved). */
export interface TicketMove {
  to: string;
  at: string;
  reason: RehomeOutcome;
}

function why(from: Ticket, target: RehomeTarget): string {
  return `from ${from.id}: node ${target.node} is in cluster ${target.clusterId} (${target.match})`;
}

function earlierIso(a: string, b: string): string {
  return Date.parse(b) < Date.parse(a) ? b : a;
}
function laterIso(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The ticket under its new id, history saying so; thread, mails and pending mail travel with it unchanged. */
function moved(from: Ticket, target: RehomeTarget, now: Date): Ticket {
  const t = cloneTicket(from);
  t.id = target.ticketId;
  t.clusterId = target.clusterId;
  if (t.kind === 'trust') t.linkedTicketId ??= target.linkedTicketId;
  record(t, t.status, 'rehomed', SYSTEM_ACTOR, now, why(from, target));
  return t;
}

/** How far along the mail conversation a status is: a merged ticket never steps back (an ack stays an ack). */
const STATUS_PROGRESS: Partial<Record<TicketStatus, number>> = { open: 0, notified: 1, acknowledged: 2 };

/**
 * `into` (the ticket of the known cluster) absorbs `from`: sightings, nodes, the better expiry, the higher urgency, an
 * acknowledgement, and `from`'s history (marked with its old id). Mail: `into` keeps its own revisions and thread; it
 * takes `from`'s thread when it has none, so the conversation continues. When a mail about this certificate already
 * went out from `from`, a pending 'opened' of `into` becomes a 'reminder': there is one first mail per certificate.
 * The revision jumps past `from`'s: a mail `from` composed before the move and recorded later (the store follows the
 * move) carries a lower revision and cannot mark `into`'s pending mail as sent.
 */
function merged(into: Ticket, from: Ticket, target: RehomeTarget, now: Date): Ticket {
  const t = cloneTicket(into);
  t.occurrences += from.occurrences;
  for (const node of from.nodes) if (!t.nodes.some((n) => n.toLowerCase() === node.toLowerCase())) t.nodes.push(node);
  t.firstSeenAt = earlierIso(t.firstSeenAt, from.firstSeenAt);
  t.lastSeenAt = laterIso(t.lastSeenAt, from.lastSeenAt);
  if (
    from.lastAlarmAt !== null &&
    (t.lastAlarmAt === null || Date.parse(from.lastAlarmAt) > Date.parse(t.lastAlarmAt))
  ) {
    t.lastAlarmAt = from.lastAlarmAt;
    t.latestEvent = from.latestEvent;
    t.alarm = from.alarm;
  }
  const fromBetter =
    into.expiry.source !== 'admin' &&
    (from.expiry.source === 'admin' || PRECISION_RANK[from.expiry.precision] > PRECISION_RANK[into.expiry.precision]);
  if (fromBetter) t.expiry = { ...from.expiry };
  if (t.status !== 'resolved') t.urgency = ticketUrgency(t.expiry, maxUrgency(into.urgency, from.urgency), now);
  t.remindersSent = [...new Set([...t.remindersSent, ...from.remindersSent])].sort((a, b) => b - a);
  if (from.lastMailDecidedAt !== null) {
    t.lastMailDecidedAt =
      t.lastMailDecidedAt === null ? from.lastMailDecidedAt : laterIso(t.lastMailDecidedAt, from.lastMailDecidedAt);
  }
  if (t.threadMessageId === null && from.threadMessageId !== null) {
    t.threadMessageId = from.threadMessageId;
    t.threadSubject = from.threadSubject;
  }
  t.revision = Math.max(into.revision, from.revision);
  if (t.pendingMail !== null) {
    t.pendingMail.revision = t.revision;
    if (t.pendingMail.kind === 'opened' && from.mailed.length > 0) t.pendingMail.kind = 'reminder';
  }
  const fromHistory: HistoryEntry[] = from.history.map((h) => ({
    ...h,
    detail: h.detail === undefined ? `on ${from.id}` : `${h.detail} (on ${from.id})`,
  }));
  // Stable sort by time: the two records read as one, each entry marked with where it happened.
  t.history = [...t.history, ...fromHistory].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const progressFrom = STATUS_PROGRESS[from.status];
  const progressInto = STATUS_PROGRESS[t.status];
  const status =
    progressFrom !== undefined && progressInto !== undefined && progressFrom > progressInto ? from.status : t.status;
  record(t, status, 'rehomed-merged', SYSTEM_ACTOR, now, `${why(from, target)}; ${from.occurrences} sightings added`);
  return t;
}

/** The ticket that ends up at `target.ticketId`: `from` moved there, or `into` (already there) with `from` merged
 * in. */
export function rehomedTicket(
  from: Ticket,
  into: Ticket | null,
  target: RehomeTarget,
  now: Date,
): { ticket: Ticket; outcome: RehomeOutcome } {
  return into === null
    ? { ticket: moved(from, target, now), outcome: 'moved' }
    : { ticket: merged(into, from, target, now), outcome: 'merged' };
}
