// Trust-store copies ride on their node's own ticket: a copy of a node certificate is renewed by renewing that
// certificate (the copy follows), so while the own ticket is being worked on, the copy is named in the own ticket's
// mails instead of mailing on its own. Pure: decided from the two tickets.
import type { Ticket, TicketStatus } from './ticket.js';

/**
 * How a ticket's pending mail is delivered:
 * - 'not-a-copy': no linked own ticket; it mails on its own;
 * - 'covered-by-own-ticket': a copy whose own ticket exists and is being worked on; the copy's revisions go out with
 *   the own ticket's next mail (which lists it), never in a mail of their own;
 * - 'own-ticket-missing': the linked own ticket does not exist (never alarmed, or gone); the copy mails on its own;
 * - 'own-ticket-closed': the own ticket is resolved or quiet (renewal done or suspected: it sends no reminders), yet
 *   the copy still alarms; the copy mails on its own, so nothing it reports is lost.
 */
export type CopyDelivery = 'not-a-copy' | 'covered-by-own-ticket' | 'own-ticket-missing' | 'own-ticket-closed';

/** The own ticket's statuses that still mail (reminders or escalations): a copy rides on those. */
const COVERING_STATUSES: ReadonlySet<TicketStatus> = new Set<TicketStatus>(['open', 'notified', 'acknowledged']);

/** `own`: the ticket `copy.linkedTicketId` names, or null when there is none. */
export function copyDelivery(
  copy: Pick<Ticket, 'linkedTicketId'>,
  own: Pick<Ticket, 'id' | 'status'> | null,
): CopyDelivery {
  if (copy.linkedTicketId === null) return 'not-a-copy';
  if (own === null || own.id !== copy.linkedTicketId) return 'own-ticket-missing';
  return COVERING_STATUSES.has(own.status) ? 'covered-by-own-ticket' : 'own-ticket-closed';
}

/** The open copies that ride on `own` (listed in its mail), from the cluster's tickets, in the order given. */
export function copiesRidingOn(own: Ticket, tickets: readonly Ticket[]): Ticket[] {
  return tickets.filter(
    (t) => t.status !== 'resolved' && t.linkedTicketId === own.id && copyDelivery(t, own) === 'covered-by-own-ticket',
  );
}

/** What one mail of a cluster carries: the tickets it is about, and the copies riding on them. */
export interface MailSelection {
  /** The tickets the mail is about (in the order given, at most `maxTickets`). */
  tickets: Ticket[];
  /** Copies whose pending revisions go out with this mail: each rides on one of `tickets`. */
  riders: Ticket[];
  /** Per own ticket of the mail, every open copy riding on it (pending or not): the mail lists them all. */
  copies: Map<string, Ticket[]>;
  /** Pending tickets left for a later mail by `maxTickets` (covered copies waiting for their own ticket not
   * counted). */
  capped: number;
}

/**
 * Splits a cluster's tickets with a pending revision (`pending`, first the one the mail job is for) into the tickets a
 * mail is about and the copies that ride on them. A covered copy (copyDelivery) never leads a mail: it goes out with
 * its own ticket's mail when that one is in this mail, and otherwise waits for the own ticket's next mail (a copy's
 * own mail job then skips: 'covered-by-own-ticket'). `clusterTickets`: every ticket of the cluster, to find own
 * tickets and every copy a mail lists.
 */
export function selectMail(
  pending: readonly Ticket[],
  clusterTickets: readonly Ticket[],
  maxTickets: number,
): MailSelection {
  const byId = new Map(clusterTickets.map((t) => [t.id, t]));
  const covered = (t: Ticket) =>
    t.linkedTicketId !== null && copyDelivery(t, byId.get(t.linkedTicketId) ?? null) === 'covered-by-own-ticket';
  const leading = pending.filter((t) => !covered(t));
  const tickets = leading.slice(0, maxTickets);
  const inMail = new Set(tickets.map((t) => t.id));
  const riders = pending.filter((t) => covered(t) && inMail.has(t.linkedTicketId!));
  const copies = new Map<string, Ticket[]>();
  for (const own of tickets) {
    const riding = copiesRidingOn(own, clusterTickets);
    if (riding.length > 0) copies.set(own.id, riding);
  }
  return { tickets, riders, copies, capped: leading.length - tickets.length };
}
