// Lifecycle decision for an incoming certificate event (pure: ticket, event, now, policy -> next ticket + reason).
import type { CertificateEvent } from '../domain/certificate-event.js';
import { freshBookkeeping, SYSTEM_ACTOR, type Ticket, type TicketStatus } from './ticket.js';
import type { Policy } from './policy.js';
import {
  cloneTicket, record, resolvedAt, scheduleMail, statusBeforeQuiet, type Decision, type EventReason,
} from './decision.js';
import { expiryFromEvent, isRenewedExpiry, mergeExpiry } from './expiry-merge.js';
import { isTrustUnit, normalizeNodeName } from './ticket-key.js';
import type { Sightings } from './sightings.js';
import { clusterSnoozeReaches, type ClusterSnooze } from './snooze.js';
import { TICKET_URGENCY_RANK, maxUrgency, ticketUrgency, urgencyAt } from './urgency.js';

export interface EventContext {
  clusterId: string;
  /** ticketIdFor(event, clusterId). */
  ticketId: string;
  now: Date;
  policy: Policy;
  /**
   * For a trust ticket: linkedOwnTicketId(...) of the cluster. Sets the link of a new ticket, and of an existing one
   * that has none yet (opened before its node was in the inventory, or by a version that never linked); an existing
   * link is kept.
   */
  linkedTicketId?: string | null;
  /** Repeats folded into this event (absent: the event alone). `event` is the last of them. */
  sightings?: Sightings;
  /** The snooze of the ticket's cluster (cluster-snoozes.ts), if one is stored: a ticket opened while it lasts takes
   * it at once, so its opening mail says so and no reminder slips out before the next tick. Absent: none. */
  clusterSnooze?: ClusterSnooze | null;
}

/** The same alarm again (false when the ticket has seen no alarm yet: opened from discovery). */
function sameAlarm(a: CertificateEvent | null, b: CertificateEvent): boolean {
  if (a === null) return false;
  return a.alarm === b.alarm && a.alarmAt === b.alarmAt && normalizeNodeName(a.node) === normalizeNodeName(b.node);
}

/** The later instant; `a` is null on a ticket no alarm reached yet. */
function laterIso(a: string | null, b: string): string {
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
}

function openTicket(event: CertificateEvent, ctx: EventContext): Decision<EventReason> {
  const now = ctx.now.toISOString();
  const expiry = expiryFromEvent(event.expiry);
  const trust = event.trustStore || isTrustUnit(event.unit);
  const t: Ticket = {
    id: ctx.ticketId,
    clusterId: ctx.clusterId,
    kind: trust ? 'trust' : 'own',
    node: event.node,
    nodes: [event.node],
    unit: event.unit,
    certificate: event.certificate,
    certType: event.certType,
    linkedTicketId: trust ? (ctx.linkedTicketId ?? null) : null,
    status: 'open',
    urgency: ticketUrgency(expiry, event.alarmUrgency, ctx.now),
    alarm: event.alarm,
    latestEvent: event,
    expiry,
    firstSeenAt: now,
    lastSeenAt: now,
    lastAlarmAt: event.alarmAt,
    occurrences: 1,
    ...freshBookkeeping(),
    discovered: null,
    history: [
      {
        at: now,
        from: null,
        to: 'open',
        reason: 'first-alarm',
        by: SYSTEM_ACTOR,
        detail: `${event.alarm} from ${event.node}`,
      },
    ],
  };
  const cluster = ctx.clusterSnooze;
  if (cluster && clusterSnoozeReaches(t, cluster, ctx.now)) {
    t.snoozedUntil = cluster.until;
    record(
      t,
      t.status,
      'cluster-snooze-applied',
      cluster.by,
      ctx.now,
      `cluster ${cluster.clusterId} snoozed until ${cluster.until}`,
      cluster.note,
    );
  }
  // The opening mail goes out during a snooze too (a new certificate is news), marked as opened during it.
  scheduleMail(t, 'opened', 'first-alarm', ctx.policy, ctx.now);
  return { ticket: t, reason: 'first-alarm' };
}

/**
 * Decides what an event does to its ticket:
 * - no ticket: open it and mail ('first-alarm');
 * - the same alarm again (same node and alarm time, e.g. via two routing paths): nothing ('duplicate-alarm');
 * - resolved ticket: a late alarm raised before the resolution is ignored ('stale-alarm'), one whose expiry is more
 *   than 7 days away too ('resolved-not-expiring'); otherwise reopen and mail ('reopened');
 * - an exact expiry more than a day later than the known one: the certificate was renewed, resolve
 *   ('renewed-exact-expiry');
 * - urgency rose (from the best known expiry, else the alarm names): mail, even if acknowledged ('escalated');
 * - quiet ticket: back to its status before quiet, without mail unless urgency rose ('quiet-alarm-returned');
 * - otherwise count it: 'trust-node-added', 'expiry-improved' or 'repeat-same-urgency', no mail.
 */
export function decideOnEvent(
  existing: Ticket | null,
  event: CertificateEvent,
  ctx: EventContext,
): Decision<EventReason> {
  const sightings = ctx.sightings;
  if (existing === null) {
    return withSightings(openTicket(event, ctx), sightings ? sightings.count - 1 : 0, sightings?.latestAlarmAt);
  }
  const t = cloneTicket(existing);
  if (t.kind === 'trust' && t.linkedTicketId === null) t.linkedTicketId = ctx.linkedTicketId ?? null;

  // Folded repeats: the first is compared with the ticket's latest alarm, the rest were compared among themselves.
  const counted = sightings === undefined
    ? (sameAlarm(existing.latestEvent, event) ? 0 : 1)
    : sightings.count - (sameAlarm(existing.latestEvent, { ...event, alarmAt: sightings.firstAlarmAt }) ? 1 : 0);
  if (counted === 0) return { ticket: t, reason: 'duplicate-alarm' };
  return withSightings(decideOnSighting(existing, t, event, ctx), counted - 1, sightings?.latestAlarmAt);
}

/**
 * Counts the further sightings of a fold, decided one by one, on top of the first one's decision: after the first,
 * each is a plain repeat (same alarm, same expiry) that only counts, except after a renewal (then they are stale).
 */
function withSightings(
  decision: Decision<EventReason>,
  further: number,
  latestAlarmAt?: string,
): Decision<EventReason> {
  if (further <= 0 || !REPEATS_COUNT_AFTER.has(decision.reason)) return decision;
  decision.ticket.occurrences += further;
  if (latestAlarmAt !== undefined) decision.ticket.lastAlarmAt = laterIso(decision.ticket.lastAlarmAt, latestAlarmAt);
  return decision;
}

/** Decisions after which a further sighting is a plain repeat that counts (after a renewal it is a stale alarm). */
const REPEATS_COUNT_AFTER: ReadonlySet<EventReason> = new Set<EventReason>([
  'first-alarm',
  'reopened',
  'escalated',
  'quiet-alarm-returned',
  'trust-node-added',
  'expiry-improved',
  'repeat-same-urgency',
]);

function decideOnSighting(
  existing: Ticket,
  t: Ticket,
  event: CertificateEvent,
  ctx: EventContext,
): Decision<EventReason> {
  const { now, policy } = ctx;

  if (existing.status === 'resolved') {
    const resolved = resolvedAt(existing);
    if (resolved !== null && Date.parse(event.alarmAt) <= Date.parse(resolved)) {
      return { ticket: t, reason: 'stale-alarm' };
    }
    if (urgencyAt(event.expiry, now) === 'later') return { ticket: t, reason: 'resolved-not-expiring' };
  }

  // Count the sighting.
  t.occurrences += 1;
  t.lastSeenAt = now.toISOString();
  t.lastAlarmAt = laterIso(t.lastAlarmAt, event.alarmAt);
  t.alarm = event.alarm;
  t.latestEvent = event;
  let nodeAdded = false;
  if (!t.nodes.some((n) => normalizeNodeName(n) === normalizeNodeName(event.node))) {
    t.nodes.push(event.node);
    nodeAdded = true;
  }

  if (existing.status !== 'resolved' && isRenewedExpiry(existing.expiry, event.expiry)) {
    t.expiry = expiryFromEvent(event.expiry);
    t.urgency = urgencyAt(t.expiry, now);
    t.pendingMail = null;
    record(
      t,
      'resolved',
      'renewed-exact-expiry',
      SYSTEM_ACTOR,
      now,
      `exact expiry ${event.expiry.at} from ${event.node}`,
    );
    return { ticket: t, reason: 'renewed-exact-expiry' };
  }

  const merged = mergeExpiry(existing.expiry, event.expiry);
  t.expiry = merged.expiry;
  const expiryImproved = merged.reason === 'better-precision' || merged.reason === 'window-narrowed';
  // Without a dated expiry the highest alarm urgency seen so far stands (a later CertValidfor7days for an already
  // expired certificate must not lower it).
  const alarmSeen = maxUrgency(existing.urgency, event.alarmUrgency);
  const urgency = ticketUrgency(t.expiry, alarmSeen, now);
  const rose = TICKET_URGENCY_RANK[urgency] > TICKET_URGENCY_RANK[existing.urgency];
  t.urgency = urgency;

  if (existing.status === 'resolved') {
    t.remindersSent = []; // a new cycle: the ladder starts again
    record(t, 'open', 'reopened', SYSTEM_ACTOR, now, `${event.alarm} from ${event.node}`);
    scheduleMail(t, 'reopened', 'reopened', policy, now);
    return { ticket: t, reason: 'reopened' };
  }

  let status: TicketStatus = existing.status;
  if (existing.status === 'quiet') {
    status = statusBeforeQuiet(existing);
    // The alarm is back, so the renewal question is moot: drop a confirmation mail that has not gone out yet.
    if (t.pendingMail?.kind === 'quiet-confirm') t.pendingMail = null;
  }

  if (rose) {
    record(
      t,
      status,
      'escalated',
      SYSTEM_ACTOR,
      now,
      `${existing.urgency} -> ${urgency} (${event.alarm} from ${event.node})`,
    );
    scheduleMail(t, 'escalated', 'escalated', policy, now);
    return { ticket: t, reason: 'escalated' };
  }
  if (existing.status === 'quiet') {
    record(t, status, 'quiet-alarm-returned', SYSTEM_ACTOR, now, `${event.alarm} from ${event.node}`);
    return { ticket: t, reason: 'quiet-alarm-returned' };
  }
  if (nodeAdded) {
    record(t, status, 'trust-node-added', SYSTEM_ACTOR, now, event.node);
    return { ticket: t, reason: 'trust-node-added' };
  }
  if (expiryImproved) {
    record(
      t,
      status,
      'expiry-improved',
      SYSTEM_ACTOR,
      now,
      `${t.expiry.precision}: ${t.expiry.at ?? `${t.expiry.earliest} .. ${t.expiry.latest}`}`,
    );
    return { ticket: t, reason: 'expiry-improved' };
  }
  return { ticket: t, reason: 'repeat-same-urgency' };
}
