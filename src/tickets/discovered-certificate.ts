// What a certificate read by discovery does to its ticket (pure: cluster, certificate, ticket, ladder, now -> next
// ticket + named reason). The ticket is the one an alarm about the same certificate keys to (ownTicketIdFor), so
// alarms and discoveries add to one record whichever came first.
import type { DiscoveredCertificate, DiscoveredUnit, FactSource } from '../discovery/facts-schema.js';
import { certificateFileOf } from '../discovery/units.js';
import type { ClusterState } from '../domain/cluster.js';
import { cloneTicket, record, resolvedAt, scheduleMail, statusBeforeQuiet } from './decision.js';
import { expiryReference } from './expiry-merge.js';
import type { Policy } from './policy.js';
import { clusterSnoozeReaches, type ClusterSnooze } from './snooze.js';
import { listedNodeName, ownTicketIdFor } from './ticket-key.js';
import {
  freshBookkeeping,
  SYSTEM_ACTOR,
  type DiscoveredEvidence,
  type Ticket,
  type TicketExpiry,
  type TicketStatus,
} from './ticket.js';
import { DAY_MS, TICKET_URGENCY_RANK, urgencyAt } from './urgency.js';

/** What happens to the ticket; `reason` says why. */
export type DiscoveredAction = 'open' | 'update' | 'resolve-renewed' | 'none';

export type DiscoveredReason =
  // open (mail, as for a first alarm)
  | 'discovered-in-ladder' // no ticket; the certificate is within the ladder's first step, or expired
  | 'reopened-in-ladder' // a resolved ticket's unit holds a certificate that entered the ladder since: a new cycle
  // update
  | 'escalated' // the exact not-after makes the ticket more urgent: mail, even if acknowledged (as an alarm would)
  | 'quiet-refuted' // a quiet ticket's certificate is still in place: not renewed, back to its status before quiet
  | 'expiry-exact' // the exact not-after replaces what the alarms left (precision exact, source discovery)
  | 'evidence-added' // same not-after, another source read it (or its serial is recorded for the first time)
  // resolve-renewed
  | 'renewed' // a new serial with a later not-after on the same node and unit: resolved, stronger than quiet
  // none
  | 'not-a-unit' // no unit of the cluster (an eToken SAST, a trust entry): nothing to renew here
  | 'node-unknown' // the source does not say which node holds it: no ticket key
  | 'not-in-ladder' // no ticket, and the not-after lies beyond the ladder's first step
  | 'already-resolved' // the ticket is resolved, and the certificate read was in the ladder then already
  | 'same-facts' // serial, not-after and source are recorded already
  | 'older-certificate'; // a serial other than the recorded one, not later (a stale copy, e.g. an ITL not rebuilt yet)

export interface DiscoveredDecision {
  action: DiscoveredAction;
  reason: DiscoveredReason;
  /** The ticket's id; null when the certificate has no key (not-a-unit, node-unknown). */
  ticketId: string | null;
  /** The next ticket (a new object) for open/update/resolve-renewed; the existing one (or null) for none. */
  ticket: Ticket | null;
}

export interface DiscoveryContext {
  clusterId: string;
  /** The cluster's inventory nodes: a certificate read at a node's address (or FQDN) keys to that node's name, as the
   * alarm's NodeID would. Absent or empty: the name as read. */
  nodes?: ClusterState['nodes'];
  /** The ladder (its first step is the lead time) and the mail scheduling that goes with it. */
  policy: Policy;
  now: Date;
  /** The snooze of the ticket's cluster, if one is stored: a ticket opened during it takes it (as decideOnEvent). */
  clusterSnooze?: ClusterSnooze | null;
}

export type DiscoveredKey =
  | { ticketId: string; node: string; unit: DiscoveredUnit; certificate: string }
  | { none: 'not-a-unit' | 'node-unknown' };

/**
 * The key of the ticket an alarm about this certificate opens: node as the inventory names it, the unit, and the file
 * name CUCM uses (`<unit>.pem` when the source names none; the key ignores .pem/.der, so `tomcat.der` in an alarm
 * meets `tomcat.pem` here).
 */
export function discoveredTicketKey(
  clusterId: string,
  cert: DiscoveredCertificate,
  nodes: ClusterState['nodes'] = [],
): DiscoveredKey {
  if (cert.unit === null) return { none: 'not-a-unit' };
  if (cert.node === null || cert.node.trim() === '') return { none: 'node-unknown' };
  const node = listedNodeName(cert.node, nodes) ?? cert.node.trim();
  const certificate = cert.certificate ?? certificateFileOf(cert.unit);
  return { ticketId: ownTicketIdFor(clusterId, node, cert.unit, certificate), node, unit: cert.unit, certificate };
}

/** The ladder's first step is the lead time: a certificate nearer its not-after than that (or past it) is tracked. */
export function isInLadder(notAfter: string, policy: Policy, now: Date): boolean {
  const leadDays = Math.max(0, ...policy.reminderDays);
  return Date.parse(notAfter) - now.getTime() <= leadDays * DAY_MS;
}

function sourceText(source: FactSource): string {
  return `${source.kind} (${source.detail})`;
}

function discoveredExpiry(cert: DiscoveredCertificate): TicketExpiry {
  const at = cert.notAfter;
  return {
    at,
    earliest: at,
    latest: at,
    precision: 'exact',
    source: 'discovery',
    note: `read from the certificate: ${sourceText(cert.source)}`,
  };
}

function freshEvidence(cert: DiscoveredCertificate, now: Date): DiscoveredEvidence {
  return {
    serial: cert.serial,
    notAfter: cert.notAfter,
    sources: [{ ...cert.source }],
    firstReadAt: now.toISOString(),
  };
}

/** The history detail: "discovered via <source> at <time>", and what was read. */
function discoveredDetail(cert: DiscoveredCertificate, now: Date): string {
  return `discovered via ${sourceText(cert.source)} at ${now.toISOString()}: serial ${cert.serial}, not-after ${cert.notAfter}`;
}

/** Sources kept per certificate (the latest): a detail that changes from run to run (a record's position in a rebuilt
 * ITL) must not grow the ticket without bound. */
const SOURCES_KEPT = 16;

function sameSource(a: FactSource, b: FactSource): boolean {
  return a.kind === b.kind && a.detail === b.detail;
}

/**
 * Decides what a discovered certificate does to its ticket (`existing`: the ticket at discoveredTicketKey, or null):
 * - no unit or no node: nothing ('not-a-unit', 'node-unknown');
 * - no ticket: open it with the exact expiry and mail, when the certificate is within the ladder's first step or
 *   expired ('discovered-in-ladder'); else nothing yet ('not-in-ladder');
 * - resolved ticket: a certificate within the ladder that was still beyond it when the ticket was resolved (the one
 *   renewed then) opens a new cycle, ladder from the start ('reopened-in-ladder'); else nothing ('already-resolved');
 * - a later not-after (more than a day, as for alarms) with another serial: renewed, resolved with the evidence
 *   ('renewed'); another serial that is not later is a stale copy: nothing ('older-certificate');
 * - the same certificate: the exact expiry and where it was read are recorded; the reason is the strongest change:
 *   'escalated' (mail), 'quiet-refuted', 'expiry-exact', 'evidence-added'; nothing new: 'same-facts'.
 * Reminders then follow from the tick at each ladder step before the exact not-after.
 */
export function decideOnDiscovered(
  existing: Ticket | null,
  cert: DiscoveredCertificate,
  ctx: DiscoveryContext,
): DiscoveredDecision {
  const key = discoveredTicketKey(ctx.clusterId, cert, ctx.nodes);
  if ('none' in key) return { action: 'none', reason: key.none, ticketId: null, ticket: existing };
  const none = (reason: DiscoveredReason): DiscoveredDecision => ({
    action: 'none',
    reason,
    ticketId: key.ticketId,
    ticket: existing,
  });
  const inLadder = isInLadder(cert.notAfter, ctx.policy, ctx.now);
  if (existing === null) return inLadder ? openDiscovered(key, cert, ctx) : none('not-in-ladder');

  if (existing.status === 'resolved') {
    // A certificate that was not yet in the ladder when the ticket was resolved cannot be what the resolution was
    // about (the certificate renewed then, entering the ladder years later): a new cycle.
    const resolved = resolvedAt(existing);
    const newCycle = inLadder && resolved !== null && !isInLadder(cert.notAfter, ctx.policy, new Date(resolved));
    return newCycle ? reopenDiscovered(existing, key.ticketId, cert, ctx) : none('already-resolved');
  }
  const later = Date.parse(cert.notAfter) > expiryReference(existing.expiry) + DAY_MS;
  const recorded = existing.discovered;
  if (later && cert.serial !== recorded?.serial) return resolveRenewed(existing, key.ticketId, cert, ctx);
  if (recorded !== null && cert.serial !== recorded.serial) return none('older-certificate');
  return updateDiscovered(existing, key.ticketId, cert, ctx) ?? none('same-facts');
}

function openDiscovered(
  key: Extract<DiscoveredKey, { ticketId: string }>,
  cert: DiscoveredCertificate,
  ctx: DiscoveryContext,
): DiscoveredDecision {
  const { now, policy } = ctx;
  const expiry = discoveredExpiry(cert);
  const t: Ticket = {
    id: key.ticketId,
    clusterId: ctx.clusterId,
    kind: 'own',
    node: key.node,
    nodes: [key.node],
    unit: key.unit,
    certificate: key.certificate,
    certType: 'own-cert',
    linkedTicketId: null,
    status: 'open',
    urgency: urgencyAt(expiry, now),
    alarm: null,
    latestEvent: null,
    expiry,
    firstSeenAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    lastAlarmAt: null,
    occurrences: 0,
    ...freshBookkeeping(),
    history: [
      {
        at: now.toISOString(),
        from: null,
        to: 'open',
        reason: 'discovered-in-ladder',
        by: SYSTEM_ACTOR,
        detail: discoveredDetail(cert, now),
      },
    ],
    discovered: freshEvidence(cert, now),
  };
  const cluster = ctx.clusterSnooze;
  if (cluster && clusterSnoozeReaches(t, cluster, now)) {
    t.snoozedUntil = cluster.until;
    record(
      t,
      t.status,
      'cluster-snooze-applied',
      cluster.by,
      now,
      `cluster ${cluster.clusterId} snoozed until ${cluster.until}`,
      cluster.note,
    );
  }
  // The same opening mail (and plan) as a first alarm; the ladder steps already past are covered by it.
  scheduleMail(t, 'opened', 'discovered-in-ladder', policy, now);
  return { action: 'open', reason: 'discovered-in-ladder', ticketId: key.ticketId, ticket: t };
}

function reopenDiscovered(
  existing: Ticket,
  ticketId: string,
  cert: DiscoveredCertificate,
  ctx: DiscoveryContext,
): DiscoveredDecision {
  const { now, policy } = ctx;
  const t = cloneTicket(existing);
  t.expiry = discoveredExpiry(cert);
  t.urgency = urgencyAt(t.expiry, now);
  t.discovered = freshEvidence(cert, now);
  t.remindersSent = []; // a new certificate, a new cycle: the ladder starts again
  record(t, 'open', 'reopened-in-ladder', SYSTEM_ACTOR, now, discoveredDetail(cert, now));
  // An opening mail, not 'reopened' (whose text says the alarm came back): this is the next certificate of the unit.
  scheduleMail(t, 'opened', 'reopened-in-ladder', policy, now);
  return { action: 'open', reason: 'reopened-in-ladder', ticketId, ticket: t };
}

function resolveRenewed(
  existing: Ticket,
  ticketId: string,
  cert: DiscoveredCertificate,
  ctx: DiscoveryContext,
): DiscoveredDecision {
  const { now } = ctx;
  const t = cloneTicket(existing);
  const previous =
    existing.discovered === null
      ? (existing.expiry.at ?? existing.expiry.latest)
      : `serial ${existing.discovered.serial}, not-after ${existing.discovered.notAfter}`;
  t.expiry = discoveredExpiry(cert);
  t.urgency = urgencyAt(t.expiry, now);
  t.discovered = freshEvidence(cert, now);
  t.pendingMail = null;
  record(t, 'resolved', 'renewed', SYSTEM_ACTOR, now, `${discoveredDetail(cert, now)}; replaces ${previous}`);
  return { action: 'resolve-renewed', reason: 'renewed', ticketId, ticket: t };
}

/** The same certificate read again: records what is new, or null when nothing is. */
function updateDiscovered(
  existing: Ticket,
  ticketId: string,
  cert: DiscoveredCertificate,
  ctx: DiscoveryContext,
): DiscoveredDecision | null {
  const { now, policy } = ctx;
  const t = cloneTicket(existing);
  const recorded = existing.discovered;
  let evidenceAdded = false;
  if (recorded === null) {
    t.discovered = freshEvidence(cert, now);
    evidenceAdded = true;
  } else if (!recorded.sources.some((s) => sameSource(s, cert.source))) {
    t.discovered = {
      ...recorded,
      sources: [...recorded.sources.map((s) => ({ ...s })), { ...cert.source }].slice(-SOURCES_KEPT),
    };
    evidenceAdded = true;
  }
  // An admin who confirmed this very date keeps the credit; any other expiry gives way to the certificate's own.
  const expiryChanged =
    existing.expiry.precision !== 'exact' || Date.parse(existing.expiry.at ?? '') !== Date.parse(cert.notAfter);
  if (expiryChanged) t.expiry = discoveredExpiry(cert);
  const urgency = urgencyAt(t.expiry, now);
  const rose = TICKET_URGENCY_RANK[urgency] > TICKET_URGENCY_RANK[existing.urgency];
  t.urgency = urgency;

  let status: TicketStatus = existing.status;
  if (existing.status === 'quiet') {
    status = statusBeforeQuiet(existing);
    // The certificate is still the old one: the renewal question is moot.
    if (t.pendingMail?.kind === 'quiet-confirm') t.pendingMail = null;
  }
  const detail = discoveredDetail(cert, now);
  if (rose) {
    record(t, status, 'escalated', SYSTEM_ACTOR, now, `${existing.urgency} -> ${urgency}; ${detail}`);
    scheduleMail(t, 'escalated', 'escalated', policy, now);
    return { action: 'update', reason: 'escalated', ticketId, ticket: t };
  }
  const reason: DiscoveredReason | null = existing.status === 'quiet' ? 'quiet-refuted'
    : expiryChanged ? 'expiry-exact'
      : evidenceAdded ? 'evidence-added' : null;
  if (reason === null) return null;
  record(t, status, reason, SYSTEM_ACTOR, now, detail);
  return { action: 'update', reason, ticketId, ticket: t };
}
