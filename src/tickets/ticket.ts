// The Ticket: one certificate's record (own certificate of a node, or one trust-store entry), JSON-serialisable.
import type { CertificateEvent, ExpiryPrecision, Urgency } from '../domain/certificate-event.js';
import type { FactSource } from '../discovery/facts-schema.js';

export type TicketKind = 'own' | 'trust';

/** open -> notified (first mail sent) -> acknowledged (API) -> quiet (renewal suspected) -> resolved. */
export type TicketStatus = 'open' | 'notified' | 'acknowledged' | 'quiet' | 'resolved';

/**
 * The shared Urgency plus 'later': an expiry known to be more than 7 days away (an admin-confirmed or exact date).
 * 'later' ranks like 'unknown' (nothing to escalate); see urgency.ts.
 */
export type TicketUrgency = Urgency | 'later';

export type MailKind = 'opened' | 'escalated' | 'reminder' | 'quiet-confirm' | 'reopened' | 'expired-daily';

export interface TicketExpiry {
  /** Best estimate (ISO, UTC); null when only the window is known. */
  at: string | null;
  earliest: string;
  latest: string;
  precision: ExpiryPrecision;
  /** alarm: from an alarm's Expiration text; admin: confirmed through the API; discovery: read from the certificate
   * itself (ITL/CTL file, TLS handshake, pasted `show` output; discovered-certificate.ts). */
  source: 'alarm' | 'admin' | 'discovery';
  /** How the value was obtained (the parser's note, or who confirmed it). */
  note: string;
}

export interface PendingMail {
  revision: number;
  kind: MailKind;
  /** The decision reason that asked for the mail. */
  reason: string;
  /** When the mail became due (the decision's `now`); grouping counts its window from here. */
  dueAt: string;
  /** Set when the mail was decided while the ticket was snoozed (the snooze's end): only escalations and other
   * changes mail during a snooze, never reminders, and the mail can say it breaks the snooze. Absent otherwise. */
  duringSnoozeUntil?: string;
}

export interface MailedRecord {
  revision: number;
  messageId: string;
  at: string;
  /** The pending mail's duringSnoozeUntil, kept with what was sent. */
  duringSnoozeUntil?: string;
  /** The mail's group id (src/notify/mail-groups.ts keeps its members and runbook). Absent on mails recorded before
   * groups were kept; an older certwatch copies it through, so no migration step. */
  groupId?: string;
}

export interface HistoryEntry {
  at: string;
  /** null for the entry that created the ticket. */
  from: TicketStatus | null;
  to: TicketStatus;
  reason: string;
  /** 'certwatch' for automatic decisions, else the API user. */
  by: string;
  /** What certwatch adds (an alarm, a Message-ID, an expiry change). */
  detail?: string;
  /** What the user wrote with an API action (its note, and its reason such as a change number). Optional: tickets
   * stored before it existed read unchanged, and an older certwatch copies it through, so no migration step. */
  note?: string;
}

/** What discovery read of the ticket's certificate (discovered-certificate.ts): the certificate as last read, and every
 * place it was read. */
export interface DiscoveredEvidence {
  serial: string;
  notAfter: string;
  /** Each source that read this serial (kind and detail), in the order first read, the latest 16; a renewal starts
   * the list anew. */
  sources: FactSource[];
  /** When discovery first read this serial. */
  firstReadAt: string;
}

export interface Ticket {
  /** Deterministic, readable, no ':' (see ticket-key.ts). */
  id: string;
  clusterId: string;
  kind: TicketKind;
  /** Own: the node holding the certificate. Trust: the node of the first report. */
  node: string;
  /** Every node that reported the certificate (own: just `node`). */
  nodes: string[];
  /** Store as spelled in the first alarm, e.g. tomcat, CallManager-ECDSA, tomcat-trust. */
  unit: string;
  /** Certificate file name as reported, e.g. tomcat.der, CUCM01.der. */
  certificate: string;
  /** Type as sent (a trust entry may say own-cert). */
  certType: string;
  /** Trust entry that is a copy of a node certificate of the same cluster: that node's own ticket id. */
  linkedTicketId: string | null;
  status: TicketStatus;
  urgency: TicketUrgency;
  /** Latest alarm name; null while no alarm reached the ticket (opened from discovery). */
  alarm: string | null;
  /** Null while no alarm reached the ticket (opened from discovery). */
  latestEvent: CertificateEvent | null;
  expiry: TicketExpiry;
  firstSeenAt: string;
  lastSeenAt: string;
  /** alarmAt of the latest alarm (node time), used by the quiet rule; null while no alarm reached the ticket (the quiet
   * rule then waits: no alarm was expected to repeat). */
  lastAlarmAt: string | null;
  /** Alarm sightings (0 for a ticket opened from discovery until an alarm comes). */
  occurrences: number;
  /** Bumped on every mail-worthy change; one mail per revision. */
  revision: number;
  pendingMail: PendingMail | null;
  /** Recorded by the worker after sending (see record-mail.ts). */
  mailed: MailedRecord[];
  /** Message-ID of the first mail; follow-ups thread on it. */
  threadMessageId: string | null;
  /** Subject of the thread (without `Re: `), kept so every later mail repeats it: mail clients split a conversation
   * whose subject changes. Null until a mail is sent; a ticket stored before the field existed reads as null
   * (ticket-migrations.ts) and keeps the subject of its next mail. */
  threadSubject: string | null;
  /** Reminder ladder steps (days before expiry) already covered by a mail. */
  remindersSent: number[];
  /** When the last mail was decided (any kind); the daily after-expiry reminder counts 24 h from it. */
  lastMailDecidedAt: string | null;
  /** No reminders until this instant (ISO, UTC); escalations still mail. Null when not snoozed; the first tick after
   * it clears it (snooze.ts). A ticket stored before the field existed reads as null (ticket-migrations.ts). */
  snoozedUntil: string | null;
  history: HistoryEntry[];
  /** Null until discovery reads the certificate. A ticket stored before the field existed reads as null
   * (ticket-migrations.ts); an older certwatch copies it through. */
  discovered: DiscoveredEvidence | null;
}

/** Who automatic decisions are attributed to in history. */
export const SYSTEM_ACTOR = 'certwatch';

/**
 * A new ticket's mail and reminder bookkeeping, whatever opened it (an alarm or a discovered certificate): no revision
 * yet, nothing mailed, sent or snoozed.
 */
export function freshBookkeeping(): Pick<
  Ticket,
  | 'revision'
  | 'pendingMail'
  | 'mailed'
  | 'threadMessageId'
  | 'threadSubject'
  | 'remindersSent'
  | 'lastMailDecidedAt'
  | 'snoozedUntil'
> {
  return {
    revision: 0,
    pendingMail: null,
    mailed: [],
    threadMessageId: null,
    threadSubject: null,
    remindersSent: [],
    lastMailDecidedAt: null,
    snoozedUntil: null,
  };
}
