// A planned renewal's targets dated by what the service knows of the cluster (issue 12): discovery's current
// certificates (exact, read from the certificate itself) and the cluster's open tickets (exact, inferred or a window,
// as the alarm gave it). Without dates the deadline rule (build/deadline-order.ts) cannot act on a planned plan.
// A planned target covers every node of its unit (or the one node asked for), so its date is the earliest of those
// nodes' certificates: the step renews them all, and the first to expire sets its deadline.
// A node holds one certificate per own unit, so (node, unit) is one certificate: where discovery and a ticket both
// know it, discovery's reading wins, as for the not-after metric (observability/not-after-series.ts), even when the
// ticket's date is earlier (an alarm about the certificate the renewal already replaced). Certificate file names are
// not compared: an alarm's CallManager.der and discovery's CallManager.pem are the one certificate of the unit.
// Trust stores get no date: a planned trust store is the whole store, not one entry; its entries' tickets plan
// themselves.
import type { CurrentCertificate } from '../discovery/current-certificates.js';
import type { ClusterState } from '../domain/cluster.js';
import type { ExpiryPrecision, Urgency } from '../domain/certificate-event.js';
import type { PlanTarget } from '../domain/plan-target.js';
import { isOpen } from '../tickets/ticket-indexes.js';
import { listedNodeName, normalizeNodeName } from '../tickets/ticket-key.js';
import type { Ticket } from '../tickets/ticket.js';
import { urgencyAt } from '../tickets/urgency.js';
import { zonedDateTime } from '../render/zoned-date.js';
import { unitKeyOf, type UnitKey } from './rules/units.js';
import { ticketToTarget } from './ticket-plan.js';

/** What the service knows of one cluster's certificates. */
export interface KnownExpiries {
  /** Discovery's certificate per unit and node (discovery/current-certificates.ts), nodes named with `nodes` below. */
  certificates: readonly CurrentCertificate[];
  /** The cluster's tickets; resolved ones are left out here. */
  tickets: readonly Ticket[];
}

/** Where a target's date came from: the reading or the ticket that gave the earliest expiry of its nodes (the node as
 * the inventory names it). */
export type ExpiryOrigin =
  | { from: 'discovery'; node: string | null; learnedAt: string }
  | { from: 'ticket'; node: string; ticketId: string; precision: ExpiryPrecision };

export interface DatedTarget {
  target: PlanTarget;
  /** Null when nothing is known of the target's certificates (the target is as asked for, undated). */
  origin: ExpiryOrigin | null;
}

type Dating = Pick<PlanTarget, 'expiresAt' | 'expiresAtPrecision' | 'expiresWindow' | 'urgency'> & {
  origin: ExpiryOrigin;
};

/** 'later' (more than a week away: nothing to act on yet) reads as 'unknown' on a target, as ticketToTarget reads
 * it. */
const targetUrgency = (u: ReturnType<typeof urgencyAt>): Urgency => (u === 'later' ? 'unknown' : u);

/** How the notice names a node: as the inventory does, however the source spelled it. */
type Shown = (node: string) => string;

function fromDiscovery(c: CurrentCertificate, now: Date, shown: Shown): Dating {
  return {
    expiresAt: c.notAfter, expiresAtPrecision: 'exact', expiresWindow: null,
    urgency: targetUrgency(urgencyAt({ at: c.notAfter, latest: c.notAfter }, now)),
    origin: { from: 'discovery', node: c.node === null ? null : shown(c.node), learnedAt: c.learnedAt },
  };
}

function fromTicket(t: Ticket, shown: Shown): Dating {
  const { expiresAt, expiresAtPrecision, expiresWindow, urgency } = ticketToTarget(t);
  return {
    expiresAt,
    expiresAtPrecision,
    expiresWindow,
    urgency,
    origin: { from: 'ticket', node: shown(t.node), ticketId: t.id, precision: t.expiry.precision },
  };
}

/** The certificates of `unit` that the service knows: discovery's readings, and the open tickets of the nodes that
 * discovery has not read. */
function knownOf(
  unit: UnitKey,
  known: KnownExpiries,
  nodeKey: (name: string) => string,
  shown: Shown,
  now: Date,
): { node: string | null; dating: Dating }[] {
  const read = known.certificates
    .filter((c) => unitKeyOf(c.unit) === unit)
    .map((c) => ({ node: c.node, dating: fromDiscovery(c, now, shown) }));
  // A certificate whose source named no node (CAPF from `show cert own`) stands for no node: every ticket still counts.
  const readNodes = new Set(read.flatMap((r) => (r.node === null ? [] : [r.node])));
  const alarmed = known.tickets
    .filter((t) => isOpen(t) && t.kind === 'own' && unitKeyOf(t.unit) === unit && !readNodes.has(nodeKey(t.node)))
    .map((t) => ({ node: nodeKey(t.node), dating: fromTicket(t, shown) }));
  return [...read, ...alarmed];
}

/**
 * The target dated by the earliest expiry the service knows among its nodes (every node of the unit, or the one it was
 * narrowed to); as asked for when nothing is known. `nodes`: the cluster's nodes, which name a node however a source
 * spelled it (the same list discovery's certificates were named with).
 */
export function withKnownExpiry(
  target: PlanTarget,
  known: KnownExpiries,
  nodes: ClusterState['nodes'],
  now: Date,
): DatedTarget {
  const unit = unitKeyOf(target.unit);
  if (target.kind !== 'own' || unit === null) return { target, origin: null };
  const shown = (name: string) => listedNodeName(name, nodes) ?? name;
  const nodeKey = (name: string) => normalizeNodeName(shown(name));
  const wanted = new Set(target.nodes.map(nodeKey));
  const candidates = knownOf(unit, known, nodeKey, shown, now)
    // A narrowed target counts only its node; a certificate of no named node cannot be said to be that node's.
    .filter((k) => wanted.size === 0 || (k.node !== null && wanted.has(k.node)))
    .filter((k) => k.dating.expiresAt !== null && !Number.isNaN(Date.parse(k.dating.expiresAt)))
    // Certificates made together expire together: the first node by name then says it, the same on every call.
    .sort(
      (a, b) =>
        Date.parse(a.dating.expiresAt!) - Date.parse(b.dating.expiresAt!) || (a.node ?? '').localeCompare(b.node ?? ''),
    );
  const first = candidates[0];
  if (!first) return { target, origin: null };
  const { origin, ...dating } = first.dating;
  return { target: { ...target, ...dating }, origin };
}

/** Dates as a person reads them: in the cluster's time zone with UTC beside it. */
function originText(d: DatedTarget, zone: string): string {
  const o = d.origin!;
  const on = o.node === null ? '' : ` on ${o.node}`;
  const what =
    o.from === 'discovery'
      ? `discovery, read ${zonedDateTime(o.learnedAt, zone)}`
      : `ticket ${o.ticketId}, ${o.precision === 'window' ? "a window's latest day" : o.precision}`;
  return `${d.target.unit} ${zonedDateTime(d.target.expiresAt!, zone)}${on} (${what})`;
}

/** One notice saying where each date came from, and which targets have none (they keep their default place). */
export function knownExpiriesNotice(dated: readonly DatedTarget[], zone: string): string {
  const withDate = dated.filter((d) => d.origin !== null);
  const without = dated.filter((d) => d.origin === null).map((d) => d.target.unit);
  const none =
    without.length === 0
      ? ''
      : `No expiry known for ${without.join(', ')}: ${without.length === 1 ? 'it keeps its' : 'they keep their'} place in the default order.`;
  if (withDate.length === 0) {
    return `Expiry dates: none known (no discovery reading or open ticket of ${dated.length === 1 ? 'this unit' : 'these units'}): the steps keep the default order.`;
  }
  return `Expiry dates (the earliest of each unit's nodes): ${withDate.map((d) => originText(d, zone)).join('; ')}.${none ? ` ${none}` : ''}`;
}

/** What a plan built from the inventory alone (`certwatch plan`) says of its dates. */
export const OFFLINE_EXPIRIES_NOTICE =
  'Expiry dates are not known offline: the steps keep the default order; GET /api/v1/plan orders and dates them by the expiries the service knows (discovery, open tickets).';
