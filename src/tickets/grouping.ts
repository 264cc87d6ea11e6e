// Mail grouping (pure): pending mails of one cluster that fall due within a short window go out as one mail.
import type { MailKind, Ticket } from './ticket.js';
import { shortHash, slug } from './slug.js';

export interface DueMail {
  ticket: Ticket;
  /** When the mail fell due (usually ticket.pendingMail.dueAt). */
  dueAt: string;
}

export interface MailGroupMember {
  ticketId: string;
  revision: number;
  kind: MailKind;
}

export interface MailGroup {
  /** Deterministic from the (ticketId, revision) pairs, no ':'; usable as a BullMQ job id. */
  id: string;
  clusterId: string;
  /** Ordered by due time, then ticket id. */
  tickets: Ticket[];
  members: MailGroupMember[];
  /** The kind that leads the mail (see KIND_PRIORITY). */
  kind: MailKind;
  /** Window start (first member's due time) and when the group is complete and may be sent. */
  firstDueAt: string;
  sendAt: string;
}

export interface Grouping {
  /** Groups whose window has closed: send now. */
  ready: MailGroup[];
  /** Groups still collecting; check again at sendAt. */
  waiting: MailGroup[];
}

/** Which kind names a grouped mail: what asks most of the reader first. */
const KIND_PRIORITY: MailKind[] = ['escalated', 'reopened', 'opened', 'expired-daily', 'reminder', 'quiet-confirm'];

export function leadingKind(kinds: readonly MailKind[]): MailKind {
  return KIND_PRIORITY.find((k) => kinds.includes(k)) ?? kinds[0] ?? 'opened';
}

/** Group id: `grp.<cluster>.<n>.<hash of sorted ticketId@revision>`. */
export function groupIdFor(clusterId: string, members: readonly { ticketId: string; revision: number }[]): string {
  const pairs = members.map((m) => `${m.ticketId}@${m.revision}`).sort();
  return `grp.${slug(clusterId)}.${members.length}.${shortHash([clusterId, ...pairs], 16)}`;
}

/**
 * Splits pending mails into groups: per cluster, in due order, a group starts at its first mail's due time and takes
 * every mail due within `groupWindowMs` after it; it is ready once that window has passed at `now`.
 * Tickets without a pending mail are skipped; a ticket appears in at most one group (its latest pending revision).
 */
export function groupDueMails(pending: readonly DueMail[], now: Date, groupWindowMs: number): Grouping {
  const latest = new Map<string, DueMail>();
  for (const p of pending) {
    if (p.ticket.pendingMail === null) continue;
    const seen = latest.get(p.ticket.id);
    if (!seen || (seen.ticket.pendingMail?.revision ?? 0) < p.ticket.pendingMail.revision) latest.set(p.ticket.id, p);
  }
  const byCluster = new Map<string, DueMail[]>();
  for (const p of latest.values()) {
    const list = byCluster.get(p.ticket.clusterId) ?? [];
    list.push(p);
    byCluster.set(p.ticket.clusterId, list);
  }
  const ready: MailGroup[] = [];
  const waiting: MailGroup[] = [];
  for (const clusterId of [...byCluster.keys()].sort()) {
    const list = (byCluster.get(clusterId) ?? []).sort(
      (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || (a.ticket.id < b.ticket.id ? -1 : a.ticket.id > b.ticket.id ? 1 : 0),
    );
    let i = 0;
    while (i < list.length) {
      const start = Date.parse(list[i]!.dueAt);
      const chunk: DueMail[] = [];
      while (i < list.length && Date.parse(list[i]!.dueAt) <= start + groupWindowMs) chunk.push(list[i++]!);
      const members = chunk.map((p) => ({ ticketId: p.ticket.id, revision: p.ticket.pendingMail!.revision, kind: p.ticket.pendingMail!.kind }));
      const group: MailGroup = {
        id: groupIdFor(clusterId, members),
        clusterId,
        tickets: chunk.map((p) => p.ticket),
        members,
        kind: leadingKind(members.map((m) => m.kind)),
        firstDueAt: new Date(start).toISOString(),
        sendAt: new Date(start + groupWindowMs).toISOString(),
      };
      (now.getTime() >= start + groupWindowMs ? ready : waiting).push(group);
    }
  }
  return { ready, waiting };
}
