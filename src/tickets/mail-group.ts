// Which tickets went out together in one mail, read from the tickets' own mail records: every member of a mail
// records the same Message-ID with its own revision, so a mail's group id (its X-Certwatch-Group: a hash over the
// members' ticket ids and revisions) resolves to its tickets without a record of its own.
import type { Ticket } from './ticket.js';

/** How a mail's group id is made from its members (mailGroupId in src/notify/compose-mail.ts). */
export type GroupIdOf = (ticketIds: readonly string[], revisions: readonly number[]) => string;

/** The tickets of the mail whose group id is `groupId`, in the order given; empty when no mail has that id. */
export function ticketsOfMailGroup(tickets: readonly Ticket[], groupId: string, groupIdOf: GroupIdOf): Ticket[] {
  const mails = new Map<string, { ticket: Ticket; revision: number }[]>();
  for (const ticket of tickets) {
    for (const m of ticket.mailed) {
      const members = mails.get(m.messageId) ?? [];
      members.push({ ticket, revision: m.revision });
      mails.set(m.messageId, members);
    }
  }
  for (const members of mails.values()) {
    if (
      groupIdOf(
        members.map((m) => m.ticket.id),
        members.map((m) => m.revision),
      ) === groupId
    )
      return members.map((m) => m.ticket);
  }
  return [];
}
