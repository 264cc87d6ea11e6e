// What the plan engine is asked to plan for: one certificate (from a ticket, or asked for by hand).
import type { ExpiryPrecision, Urgency } from './certificate-event.js';

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
  /** Best known expiry (ISO) and how precise it is; null when unknown. */
  expiresAt: string | null;
  expiresAtPrecision: ExpiryPrecision | null;
  urgency: Urgency;
}
