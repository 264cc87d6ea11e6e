// The chaos suite's books (pure): from what was observed (the events Redis holds as accepted, the tickets the API
// lists, the mails the SMTP sink received, the composed-mail records) to one row of figures. Nothing is assumed: an
// alarm counts as accepted only when its event is found, as ticketed only when a ticket carries it, as delivered only
// when a received mail names its ticket.

/** An accepted certificate event, as found in the events queue (or still in the disk spool). */
export interface AcceptedAlarm {
  eventId: string;
  node: string;
  unit: string;
  certificate: string;
}

/** A ticket as GET /api/v1/expiries lists it. */
export interface ListedTicket {
  id: string;
  node: string;
  nodes: string[];
  unit: string;
  certificate: string;
  occurrences: number;
}

/** A mail the sink received: one SMTP transaction. */
export interface DeliveredMail {
  messageId: string;
  /** The ticket ids the mail is about (X-Certwatch-Ticket, or a grouped mail's Ticket: rows). */
  ticketIds: string[];
  receivers: string[];
}

/** A composed mail as the worker stored it before sending: which revision of which ticket it carries. */
export interface ComposedRecord {
  messageId: string;
  members: { ticketId: string; revision: number }[];
}

export interface Observations {
  accepted: AcceptedAlarm[];
  tickets: ListedTicket[];
  mails: DeliveredMail[];
  records: ComposedRecord[];
  /** Who every ticket's mail must reach (MAIL_TO). */
  receivers: string[];
}

export interface Books {
  accepted: number;
  /** Accepted alarms whose ticket exists. */
  ticketed: number;
  /** Mails received (SMTP transactions). */
  delivered: number;
  /** Deliveries of a ticket revision to a receiver beyond the first. */
  duplicates: number;
  /** Of those, copies under the very Message-ID already delivered (a resend a receiver can recognise). */
  sameIdResends: number;
  /** Accepted alarms without a ticket, or whose ticket never reached every receiver. */
  lost: number;
  /** Deliveries whose ticket revision could not be told (no record, no revision in the Message-ID). */
  unknownRevisions: number;
  /** Sum of the occurrences of the tickets that carry accepted alarms (a flood of repeats: one ticket, many). */
  occurrences: number;
}

const lower = (s: string) => s.toLowerCase();

/** The ticket that carries an alarm: same certificate and unit, and the alarm's node among the ticket's nodes. */
export function ticketFor(alarm: AcceptedAlarm, byCertificate: ReadonlyMap<string, readonly ListedTicket[]>): ListedTicket | undefined {
  const candidates = byCertificate.get(lower(alarm.certificate)) ?? [];
  return candidates.find((t) => lower(t.unit) === lower(alarm.unit) && [t.node, ...t.nodes].some((n) => lower(n) === lower(alarm.node)));
}

/** `<ticket-id.rN.install-id@domain>`: a one-ticket Message-ID names its revision. */
function revisionInMessageId(messageId: string, ticketId: string): number | null {
  const match = /^<?(.+)\.r(\d+)(?:\.[a-z0-9]+)?@[^>]*>?$/.exec(messageId);
  return match && match[1] === ticketId ? Number(match[2]) : null;
}

export function keepBooks(seen: Observations): Books {
  const byCertificate = new Map<string, ListedTicket[]>();
  for (const t of seen.tickets) byCertificate.set(lower(t.certificate), [...(byCertificate.get(lower(t.certificate)) ?? []), t]);
  const revisionOf = new Map<string, number>(); // `${messageId} ${ticketId}` -> revision
  for (const r of seen.records) for (const m of r.members) revisionOf.set(`${r.messageId} ${m.ticketId}`, m.revision);

  // (ticket, revision, receiver) -> the Message-IDs it arrived under, one entry per delivery.
  const deliveries = new Map<string, string[]>();
  const reached = new Set<string>(); // `${ticketId} ${receiver}`
  let unknownRevisions = 0;
  for (const mail of seen.mails) {
    for (const ticketId of mail.ticketIds) {
      let revision: number | string | null = revisionOf.get(`${mail.messageId} ${ticketId}`) ?? revisionInMessageId(mail.messageId, ticketId);
      if (revision === null) {
        unknownRevisions += 1;
        revision = `unknown:${mail.messageId}`;
      }
      for (const receiver of mail.receivers) {
        reached.add(`${ticketId} ${lower(receiver)}`);
        const key = `${ticketId} ${revision} ${lower(receiver)}`;
        deliveries.set(key, [...(deliveries.get(key) ?? []), mail.messageId]);
      }
    }
  }
  let duplicates = 0;
  let sameIdResends = 0;
  for (const ids of deliveries.values()) {
    duplicates += ids.length - 1;
    sameIdResends += ids.length - new Set(ids).size;
  }

  let ticketed = 0;
  let lost = 0;
  const carrying = new Set<ListedTicket>();
  for (const alarm of seen.accepted) {
    const ticket = ticketFor(alarm, byCertificate);
    if (ticket) {
      ticketed += 1;
      carrying.add(ticket);
    }
    if (!ticket || !seen.receivers.every((r) => reached.has(`${ticket.id} ${lower(r)}`))) lost += 1;
  }
  const occurrences = [...carrying].reduce((sum, t) => sum + t.occurrences, 0);
  return { accepted: seen.accepted.length, ticketed, delivered: seen.mails.length, duplicates, sameIdResends, lost, unknownRevisions, occurrences };
}
