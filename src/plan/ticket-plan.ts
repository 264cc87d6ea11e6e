// The plan for a set of tickets: the narrow interface between tickets and the plan engine. One ticket the engine
// cannot plan must not cost the others their plan: it is set aside, named in the plan's notices and reported.
import type { ClusterState } from '../domain/cluster.js';
import type { PlanTarget } from '../domain/plan-target.js';
import type { Ticket } from '../tickets/ticket.js';
import { buildPlan, type PlanOptions } from './build-plan.js';
import { renderPlan } from './render/render-plan.js';
import type { Plan } from './types.js';

export function ticketToTarget(ticket: Ticket): PlanTarget {
  return {
    ticketId: ticket.id,
    unit: ticket.unit,
    certificate: ticket.certificate,
    kind: ticket.kind,
    nodes: ticket.nodes.length > 0 ? ticket.nodes : [ticket.node],
    // A window's best estimate is its latest instant (its earliest is often 20 years back: "expired 7308 days ago").
    expiresAt: ticket.expiry.at ?? ticket.expiry.latest,
    expiresAtPrecision: ticket.expiry.precision,
    expiresWindow:
      ticket.expiry.precision === 'window' ? { earliest: ticket.expiry.earliest, latest: ticket.expiry.latest } : null,
    urgency: ticket.urgency === 'later' ? 'unknown' : ticket.urgency,
  };
}

export interface UnplannedTicket {
  ticketId: string;
  unit: string;
  error: string;
}

export interface RenderedPlan {
  plan: Plan;
  text: string;
  html: string;
  markdown: string;
  /** Tickets the engine failed on: left out of the plan, named in its notices. */
  unplanned: UnplannedTicket[];
}

function attempt(
  cluster: ClusterState,
  tickets: readonly Ticket[],
  now: Date,
  options: PlanOptions,
  unplanned: readonly UnplannedTicket[],
): RenderedPlan {
  const plan = buildPlan({ cluster, targets: tickets.map(ticketToTarget), now, options });
  for (const u of unplanned) {
    plan.notices.push(
      `No plan could be built for ticket ${u.ticketId} (unit "${u.unit}"): ${u.error}. Renew it by hand and report this to the certwatch maintainers.`,
    );
  }
  return {
    plan,
    text: renderPlan(plan, 'text'),
    html: renderPlan(plan, 'html'),
    markdown: renderPlan(plan, 'markdown'),
    unplanned: [...unplanned],
  };
}

export function planForTickets(
  cluster: ClusterState,
  tickets: readonly Ticket[],
  now: Date,
  options: PlanOptions = {},
): RenderedPlan {
  try {
    return attempt(cluster, tickets, now, options, []);
  } catch {
    // Find the tickets that fail alone; plan the rest together.
    const unplanned: UnplannedTicket[] = [];
    const plannable = tickets.filter((ticket) => {
      try {
        attempt(cluster, [ticket], now, options, []);
        return true;
      } catch (error) {
        unplanned.push({ ticketId: ticket.id, unit: ticket.unit, error: (error as Error).message });
        return false;
      }
    });
    try {
      return attempt(cluster, plannable, now, options, unplanned);
    } catch (error) {
      // Only a combination fails: say so for every ticket rather than guess which one.
      const all = tickets.map((t) => ({
        ticketId: t.id,
        unit: t.unit,
        error: `planned together with the others: ${(error as Error).message}`,
      }));
      return attempt(cluster, [], now, options, all);
    }
  }
}
