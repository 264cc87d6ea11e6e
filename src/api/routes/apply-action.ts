// One ticket action applied to the stored ticket: decided on the current copy (compare-and-set, re-decided on a
// concurrent write), the mail it asks for scheduled, the decision logged.
import type { FastifyBaseLogger } from 'fastify';
import { decideOnAction, unmailedRevision, type ActionDecision, type TicketAction } from '../../tickets/decide.js';
import type { Ticket } from '../../tickets/ticket.js';
import type { ApiDeps } from './api-routes.js';

/** null: there is no such ticket. The ticket is the stored one (changed, or as it was when the decision is not
 * done). */
export async function applyAction(
  deps: Pick<ApiDeps, 'store' | 'mail' | 'policy'>,
  log: FastifyBaseLogger,
  id: string,
  action: TicketAction,
  by: string,
  now: Date,
): Promise<{ decision: ActionDecision; ticket: Ticket } | null> {
  // The decision of the run that was stored (update re-runs the change on a concurrent write).
  let decision = null as ActionDecision | null;
  const { ticket } = await deps.store.update(id, (current) => {
    decision = current && decideOnAction(current, action, by, now, deps.policy);
    return decision?.outcome === 'done' ? decision.ticket : null;
  });
  if (!ticket || !decision) return null;
  const { reason, outcome } = decision as ActionDecision;
  if (outcome !== 'refused' && unmailedRevision(ticket)) await deps.mail.schedule(ticket);
  log.info(
    { event: 'TicketAction', ticketId: id, action: action.type, reason, by },
    `ticket ${id}: ${reason} by ${by}`,
  );
  return { decision, ticket };
}
