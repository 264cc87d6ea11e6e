// Views of a ticket for others: the API's pending-expiry item (and its order) and the plan engine's target.
import type { ExpiryPrecision } from '../domain/certificate-event.js';
import type { PlanTarget } from '../domain/plan-target.js';
import type { Ticket, TicketStatus, TicketUrgency } from './ticket.js';

export interface ExpiryItem {
  id: string;
  cluster: string;
  node: string;
  nodes: string[];
  unit: string;
  certificate: string;
  certType: string;
  alarm: string;
  urgency: TicketUrgency;
  /** Best estimate; for window precision the earliest possible expiry (what to plan against). */
  expiresAt: string | null;
  expiresAtPrecision: ExpiryPrecision;
  /** Latest possible expiry (equal to expiresAt unless precision is window). */
  expiresLatest: string;
  status: TicketStatus;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  linkedTicketId: string | null;
}

export function expiryItem(t: Ticket): ExpiryItem {
  return {
    id: t.id,
    cluster: t.clusterId,
    node: t.node,
    nodes: [...t.nodes],
    unit: t.unit,
    certificate: t.certificate,
    certType: t.certType,
    alarm: t.alarm,
    urgency: t.urgency,
    expiresAt: t.expiry.at ?? t.expiry.earliest ?? null,
    expiresAtPrecision: t.expiry.precision,
    expiresLatest: t.expiry.latest,
    status: t.status,
    occurrences: t.occurrences,
    firstSeenAt: t.firstSeenAt,
    lastSeenAt: t.lastSeenAt,
    linkedTicketId: t.linkedTicketId,
  };
}

/** Sort by expiry ascending, unknown (null or unparseable) last, then by id for a stable order. */
export function compareExpiryItems(a: Pick<ExpiryItem, 'expiresAt' | 'id'>, b: Pick<ExpiryItem, 'expiresAt' | 'id'>): number {
  const ta = a.expiresAt === null ? Number.NaN : Date.parse(a.expiresAt);
  const tb = b.expiresAt === null ? Number.NaN : Date.parse(b.expiresAt);
  const ka = Number.isNaN(ta) ? Number.POSITIVE_INFINITY : ta;
  const kb = Number.isNaN(tb) ? Number.POSITIVE_INFINITY : tb;
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The plan engine's input for a ticket ('later' urgency is passed on as 'unknown': nothing urgent known). */
export function planTargetFor(t: Ticket): PlanTarget {
  return {
    ticketId: t.id,
    unit: t.unit,
    certificate: t.certificate,
    kind: t.kind,
    nodes: [...t.nodes],
    expiresAt: t.expiry.at ?? t.expiry.earliest,
    expiresAtPrecision: t.expiry.precision,
    urgency: t.urgency === 'later' ? 'unknown' : t.urgency,
  };
}
