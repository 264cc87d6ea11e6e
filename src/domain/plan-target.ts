// What the plan engine is asked to plan for: one certificate (from a ticket, or asked for by hand).
import type { ExpiryPrecision, Urgency } from './certificate-event.js';

export interface ExpiryWindow {
  earliest: string;
  latest: string;
}

export interface PlanTarget {
  /** Ticket id, when the target comes from a ticket. */
  ticketId?: string;
  /** Store as spelled, e.g. tomcat, CallManager-ECDSA, CAPF-trust. */
  unit: string;
  /** Certificate file name as reported (e.g. tomcat.der, CUCM01.der); may be unknown for planned renewals. */
  certificate: string | null;
  /** own: the node's own certificate; trust: an entry of a *-trust store. */
  kind: 'own' | 'trust';
  /** Nodes that reported it (own: the one node; trust: every node that reported the entry). */
  nodes: string[];
  /**
   * Best known expiry (ISO) and how precise it is; null when unknown. For a `window` the best estimate is the latest
   * possible instant: the certificate has certainly expired by then (the same reading as the ticket's urgency).
   */
  expiresAt: string | null;
  expiresAtPrecision: ExpiryPrecision | null;
  /** The bounds (ISO) when only a window is known, so a plan can say so; null otherwise. */
  expiresWindow: ExpiryWindow | null;
  urgency: Urgency;
}
