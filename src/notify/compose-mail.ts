// Composes a plan mail (pure): subject, threading headers, text and HTML parts, and the stable Message-ID.
import type { ClusterState } from '../domain/cluster.js';
import type { MailKind, Ticket } from '../tickets/ticket.js';
import { shortHash } from '../tickets/slug.js';
import { mailFacts } from './compose-facts.js';
import { oneLine } from './compose-format.js';
import { renderMailHtml } from './compose-html.js';
import { renderMailText } from './compose-text.js';
import { subjectFor } from './subject.js';

export interface PlanMailInput {
  /** One ticket, or the ordered members of a grouped mail (all of one cluster). */
  tickets: Ticket[];
  cluster: ClusterState;
  /** The plan as rendered by the plan engine (text), embedded as is. */
  planText: string;
  /** The plan as rendered by the plan engine (an HTML fragment it escaped itself), embedded as is. */
  planHtml: string;
  kind: MailKind;
  now: Date;
  from: string;
  to: string[];
  /** From messageIdFor(...). */
  messageId: string;
  /** The first mail of the thread (ticket.threadMessageId), or null for a first mail. */
  threadMessageId: string | null;
  /** Public base URL of the API (http/https), for links to the tickets. */
  ticketUrlBase?: string | undefined;
}

/** A complete mail, ready for a transport (src/notify/mail-transport.ts). */
export interface ComposedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers: { 'X-Certwatch-Ticket': string; 'X-Certwatch-Kind': string };
}

function cleanDomain(domain: string): string {
  const d = domain.toLowerCase().replace(/[^a-z0-9.-]/g, '').replace(/^[.-]+|[.-]+$/g, '').replace(/\.{2,}/g, '.');
  return d === '' ? 'certwatch.local' : d;
}

/**
 * Stable Message-ID per (ticket, revision) set: one ticket gives `<ticket-id.rN@domain>` (readable, ids are
 * [a-z0-9.-]); several give `<group.N.HASH@domain>` with the hash over the sorted pairs, so order does not matter.
 */
/** Message-IDs carry the sender's domain (MAIL_FROM), as mail servers expect. */
export function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'certwatch.local';
}

export function messageIdFor(ticketIds: readonly string[], revisions: readonly number[], domain: string): string {
  if (ticketIds.length !== revisions.length) throw new RangeError('messageIdFor: one revision per ticket id');
  if (ticketIds.length === 0) throw new RangeError('messageIdFor: no ticket');
  const d = cleanDomain(domain);
  const pairs = ticketIds.map((id, i) => `${id}@${revisions[i]}`).sort();
  const onlyId = ticketIds[0];
  if (ticketIds.length === 1 && onlyId !== undefined && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(onlyId)) {
    return `<${onlyId}.r${revisions[0]}@${d}>`;
  }
  return `<group.${ticketIds.length}.${shortHash(pairs, 20)}@${d}>`;
}

/** Header values: no CR/LF or other control characters, so nothing from the wire can add a header. */
function headerValue(value: string): string {
  return oneLine(value);
}

/** A Message-ID as a header value: one line, angle brackets ensured. */
function messageIdValue(value: string): string {
  const v = headerValue(value).replace(/[<>\s]/g, '');
  return `<${v}>`;
}

export function composePlanMail(input: PlanMailInput): ComposedMail {
  const { tickets, cluster, kind, now } = input;
  const subject = subjectFor(tickets, cluster, kind, now);
  const facts = mailFacts({ tickets, cluster, kind, now, ticketUrlBase: input.ticketUrlBase });
  const headline = subject.replace(/^\[certwatch\]\s*/, '');
  const messageId = messageIdValue(input.messageId);
  const mail: ComposedMail = {
    from: headerValue(input.from),
    to: input.to.map(headerValue).filter((t) => t !== ''),
    subject,
    text: renderMailText(headline, facts, input.planText),
    html: renderMailHtml(headline, facts, input.planHtml),
    messageId,
    headers: {
      'X-Certwatch-Ticket': tickets.map((t) => headerValue(t.id).replace(/,/g, '')).join(','),
      'X-Certwatch-Kind': kind,
    },
  };
  // Thread on the first mail; a grouped mail also references the other tickets' threads.
  const threads = [input.threadMessageId, ...tickets.map((t) => t.threadMessageId)]
    .filter((m): m is string => m !== null && m.trim() !== '')
    .map(messageIdValue)
    .filter((m, i, all) => m !== messageId && all.indexOf(m) === i);
  const first = input.threadMessageId === null ? undefined : messageIdValue(input.threadMessageId);
  if (first !== undefined && first !== messageId) mail.inReplyTo = first;
  if (threads.length > 0) mail.references = threads;
  return mail;
}
