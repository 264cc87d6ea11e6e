// The ticket lifecycle decisions in one import: event, tick, API action, discovered certificate, and the worker's mail
// record.
export { decideOnEvent, type EventContext } from './decide-event.js';
export { decideOnTick, quietDueAt, quietWatchNode, type TickContext } from './decide-tick.js';
export { decideOnAction, snoozeEnd, type ActionDecision, type TicketAction } from './decide-action.js';
export {
  decideOnDiscovered,
  discoveredTicketKey,
  type DiscoveredAction,
  type DiscoveredDecision,
  type DiscoveredReason,
  type DiscoveryContext,
} from './discovered-certificate.js';
export { recordMailSent, unmailedRevision, wasMailed, type MailRecordReason } from './record-mail.js';
export type { ActionAlready, ActionDone, ActionRefusal, Decision, EventReason, TickReason } from './decision.js';
export { urgencyAt, ticketUrgency, TICKET_URGENCY_RANK } from './urgency.js';
