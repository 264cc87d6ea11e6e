// Builds the renewal plan for tickets: the narrow interface between tickets and the plan engine.
import type { ClusterState } from '../domain/cluster.js';
import type { PlanTarget } from '../domain/plan-target.js';
import { buildPlan, renderPlanHtml, renderPlanMarkdown, renderPlanText, type Plan } from '../plan/index.js';
import type { Ticket } from '../tickets/ticket.js';

export function ticketToTarget(ticket: Ticket): PlanTarget {
  return {
    ticketId: ticket.id,
    unit: ticket.unit,
    certificate: ticket.certificate,
    kind: ticket.kind,
    nodes: ticket.nodes.length > 0 ? ticket.nodes : [ticket.node],
    expiresAt: ticket.expiry.at ?? ticket.expiry.earliest,
    expiresAtPrecision: ticket.expiry.precision,
    urgency: ticket.urgency === 'later' ? 'unknown' : ticket.urgency,
  };
}

export interface RenderedPlan {
  plan: Plan;
  text: string;
  html: string;
  markdown: string;
}

export function planForTickets(cluster: ClusterState, tickets: Ticket[], now: Date): RenderedPlan {
  const plan = buildPlan({ cluster, targets: tickets.map(ticketToTarget), now });
  return { plan, text: renderPlanText(plan), html: renderPlanHtml(plan), markdown: renderPlanMarkdown(plan) };
}
