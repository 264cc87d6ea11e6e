// Composes a plan mail (pure): subject (the thread's), threading and importance headers, the text and HTML parts (a
// first screen, then the tickets), the runbook as attachments, and the stable Message-ID.
import type { ClusterState } from '../domain/cluster.js';
import type { Plan } from '../plan/types.js';
import type { MailKind, Ticket } from '../tickets/ticket.js';
import { shortHash } from '../tickets/slug.js';
import { mailFacts } from './compose-facts.js';
import { oneLine } from './compose-format.js';
import { renderMailHtml } from './compose-html.js';
import { firstScreenText, renderMailText } from './compose-text.js';
import { firstScreenOf, fitFirstScreen } from './first-screen.js';
import { IMPORTANCE_HEADERS, mailImportance } from './importance.js';
import { runbookAttachments, type MailAttachment } from './runbook-attachments.js';
import { headlineFor, replySubject, subjectFor } from './subject.js';

export interface PlanMailInput {
  /** One ticket, or the ordered members of a grouped mail (all of one cluster). */
  tickets: Ticket[];
  /** Per ticket of the mail, the open trust-store copies riding on it (src/tickets/trust-copies.ts): listed, never
   * mailed apart. Absent: none. */
  copies?: ReadonlyMap<string, readonly Ticket[]>;
  cluster: ClusterState;
  /** The plan (its stages or discovery make the first screen) as the plan engine rendered it: HTML (a fragment it
   * escaped itself) and Markdown, attached as they are. */
  runbook: { plan: Plan; html: string; markdown: string };
  kind: MailKind;
  now: Date;
  from: string;
  to: string[];
  /** From messageIdFor(...). */
  messageId: string;
  /** From mailGroupId(...): named in the headers of a mail of several tickets. */
  groupId: string;
  /** The first mail of the thread (ticket.threadMessageId), or null for a first mail. */
  threadMessageId: string | null;
  /** The subject that thread started with (ticket.threadSubject); null for a first mail, or a thread started before
   * subjects were kept (the mail then starts the subject afresh). */
  threadSubject: string | null;
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
  /** The runbook (HTML, then Markdown); a mail cut to MAIL_MAX_BYTES may carry fewer (mail-bounds.ts). */
  attachments: MailAttachment[];
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers: MailHeaders;
}

/**
 * Headers beyond the standard ones: how important the mail is (importance.ts), and certwatch's own. A single-ticket
 * mail names its ticket; a grouped mail names its group and how many tickets it holds (their ids are in the body): a
 * list of ids would make a header line longer than RFC 5322's 998 characters.
 */
export type MailHeaders = {
  'X-Certwatch-Kind': string;
} & (typeof IMPORTANCE_HEADERS)[keyof typeof IMPORTANCE_HEADERS] &
  ({ 'X-Certwatch-Ticket': string } | { 'X-Certwatch-Group': string; 'X-Certwatch-Count': string });

function cleanDomain(domain: string): string {
  const d = domain.toLowerCase().replace(/[^a-z0-9.-]/g, '').replace(/^[.-]+|[.-]+$/g, '').replace(/\.{2,}/g, '.');
  return d === '' ? 'certwatch.local' : d;
}

/** Message-IDs carry the sender's domain (MAIL_FROM), as mail servers expect. */
export function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'certwatch.local';
}

/** Where a Message-ID comes from: this installation (src/redis/install-id.ts) and the MAIL_FROM domain. */
export interface MessageIdOrigin {
  installId: string;
  domain: string;
}

function sortedPairs(ticketIds: readonly string[], revisions: readonly number[]): string[] {
  if (ticketIds.length !== revisions.length) throw new RangeError('one revision per ticket id');
  if (ticketIds.length === 0) throw new RangeError('no ticket');
  return ticketIds.map((id, i) => `${id}@${revisions[i]}`).sort();
}

/** The id of a grouped mail (its X-Certwatch-Group): a hash over the sorted (ticket, revision) pairs, so order does
 * not matter and one set of revisions always has the same id. */
export function mailGroupId(ticketIds: readonly string[], revisions: readonly number[]): string {
  return shortHash(sortedPairs(ticketIds, revisions), 20);
}

/**
 * Stable Message-ID per (ticket, revision) set and installation: one ticket gives `<ticket-id.rN.INSTALL@domain>`
 * (readable, ids are [a-z0-9.-]); several give `<group.N.GROUP-ID.INSTALL@domain>`. The install id keeps two
 * installations that mail the same alarm from sending the same Message-ID (clients would drop one as a duplicate).
 */
export function messageIdFor(
  ticketIds: readonly string[],
  revisions: readonly number[],
  origin: MessageIdOrigin,
): string {
  const group = mailGroupId(ticketIds, revisions);
  const d = cleanDomain(origin.domain);
  const install = origin.installId.toLowerCase().replace(/[^a-z0-9]/g, '') || 'x';
  const onlyId = ticketIds[0];
  if (ticketIds.length === 1 && onlyId !== undefined && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(onlyId)) {
    return `<${onlyId}.r${revisions[0]}.${install}@${d}>`;
  }
  return `<group.${ticketIds.length}.${group}.${install}@${d}>`;
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

/**
 * A composed mail and the smaller forms of its parts that mail-bounds.ts falls back to, biggest cut last: the text's
 * first screen alone (with the tickets' id lines), and the HTML part with the first screen alone.
 */
export interface MailDraft {
  mail: ComposedMail;
  text: { firstScreen: string; rest: string; ticketLines: string };
  htmlFirstScreenOnly: (note: string) => string;
}

export function draftPlanMail(input: PlanMailInput): MailDraft {
  const { tickets, cluster, kind, now } = input;
  const facts = mailFacts({
    tickets,
    cluster,
    kind,
    now,
    ticketUrlBase: input.ticketUrlBase,
    groupId: input.groupId,
    copies: input.copies,
  });
  // The headline says what this mail is and how near the expiry is now; the subject stays the thread's.
  const headline = headlineFor(tickets, cluster, kind, now);
  const runbook = runbookAttachments({
    clusterId: cluster.id,
    rendered: { title: input.runbook.plan.title, html: input.runbook.html, markdown: input.runbook.markdown },
    tickets,
    copies: facts.trustCopies,
    now,
    timeZone: facts.timeZone,
  });
  const screen = fitFirstScreen(
    firstScreenOf({
      headline,
      tickets,
      cluster,
      plan: input.runbook.plan,
      facts,
      runbookName: runbook.html.filename,
      now,
    }),
    (s) => firstScreenText(s).length,
  );
  const text = renderMailText(screen, facts);
  const messageId = messageIdValue(input.messageId);
  // Thread on the first mail; a grouped mail also references the other tickets' threads.
  const threads = [input.threadMessageId, ...tickets.map((t) => t.threadMessageId)]
    .filter((m): m is string => m !== null && m.trim() !== '')
    .map(messageIdValue)
    .filter((m, i, all) => m !== messageId && all.indexOf(m) === i);
  const first = input.threadMessageId === null ? undefined : messageIdValue(input.threadMessageId);
  const inReplyTo = first !== undefined && first !== messageId ? first : undefined;
  // A reply repeats the thread's subject (Gmail and Outlook split a conversation whose subject changes).
  const subject =
    inReplyTo === undefined
      ? subjectFor(tickets, cluster, now)
      : replySubject(input.threadSubject ?? subjectFor(tickets, cluster, now));
  const importance = IMPORTANCE_HEADERS[mailImportance(tickets, now)];
  const mail: ComposedMail = {
    from: headerValue(input.from),
    to: input.to.map(headerValue).filter((t) => t !== ''),
    subject: headerValue(subject),
    text: text.firstScreen + text.rest,
    html: renderMailHtml(screen, facts, { rest: true, note: null }),
    attachments: [runbook.html, runbook.markdown],
    messageId,
    headers:
      tickets.length === 1
        ? { 'X-Certwatch-Kind': kind, ...importance, 'X-Certwatch-Ticket': headerValue(tickets[0]!.id) }
        : {
            'X-Certwatch-Kind': kind,
            ...importance,
            'X-Certwatch-Group': headerValue(input.groupId),
            'X-Certwatch-Count': String(tickets.length),
          },
  };
  if (inReplyTo !== undefined) mail.inReplyTo = inReplyTo;
  if (threads.length > 0) mail.references = threads;
  return {
    mail,
    text,
    htmlFirstScreenOnly: (note) => renderMailHtml(screen, facts, { rest: false, note }),
  };
}

export function composePlanMail(input: PlanMailInput): ComposedMail {
  return draftPlanMail(input).mail;
}
