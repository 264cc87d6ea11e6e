// Mail subject: cluster, node, store and when it expires; one line, no CR/LF, bounded length.
import type { ClusterState } from '../domain/cluster.js';
import type { MailKind, Ticket } from '../tickets/ticket.js';
import { expiryPhrase, hasExpired, oneLine, shortDate } from './compose-format.js';

const MAX_SUBJECT = 200;

const PREFIX: Record<MailKind, string> = {
  opened: '',
  escalated: '',
  reopened: 'Reopened: ',
  reminder: 'Reminder: ',
  'expired-daily': 'Reminder: ',
  'quiet-confirm': 'Renewed? ',
};

/** Up to `max` distinct values, then "+N". */
export function listSome(values: readonly string[], max = 3): string {
  const seen: string[] = [];
  for (const v of values) if (!seen.some((s) => s.toLowerCase() === v.toLowerCase())) seen.push(v);
  return seen.length <= max ? seen.join(', ') : `${seen.slice(0, max).join(', ')} +${seen.length - max}`;
}

/** "tomcat on CUCM01 (tomcat.der)" or "tomcat-trust entry CUCM01.der on CUCM02, CUCM03". */
export function certificateLabel(t: Ticket): string {
  return t.kind === 'trust'
    ? `${t.unit} entry ${t.certificate} on ${listSome(t.nodes)}`
    : `${t.unit} on ${t.node} (${t.certificate})`;
}

function verb(t: Ticket, now: Date, plural: boolean): string {
  const phrase = expiryPhrase(t.expiry, now);
  return phrase.startsWith('EXPIRED') ? phrase : `${plural ? 'expire' : 'expires'} ${phrase}`;
}

function referenceMs(t: Ticket): number {
  return Date.parse(t.expiry.at ?? t.expiry.latest);
}

function grouped(tickets: readonly Ticket[], now: Date): string {
  const units = listSome(tickets.map((t) => t.unit));
  const nodes = listSome(tickets.flatMap((t) => t.nodes));
  const head = `${tickets.length} certificates (${units}; ${nodes})`;
  const expired = tickets.filter((t) => hasExpired(t.expiry, now));
  const pending = tickets.filter((t) => !hasExpired(t.expiry, now)).sort((a, b) => referenceMs(a) - referenceMs(b));
  const last = pending.at(-1);
  const first = pending[0];
  if (last === undefined || first === undefined) return `${head} EXPIRED`;
  let tail = `expire by ${shortDate(last.expiry.at ?? last.expiry.latest, now)}`;
  if (pending.length > 1 && first !== last) {
    const firstPhrase = expiryPhrase(first.expiry, now);
    if (firstPhrase !== `by ${shortDate(last.expiry.at ?? last.expiry.latest, now)}`) tail += ` (first ${firstPhrase})`;
  }
  if (expired.length > 0) return `${head}: ${expired.length} EXPIRED, ${pending.length} ${tail}`;
  return `${head} ${tail}`;
}

/**
 * `[certwatch] lab: tomcat on CUCM01 (tomcat.der) expires in 5 days`, `... expires by 30 Nov` (inferred),
 * `... EXPIRED 3 days ago`; grouped: `[certwatch] lab: 6 certificates (tomcat, CallManager; CUCM01, CUCM02) expire
 * by 30 Nov (first in 2 days)`. The kind adds a prefix (Reminder, Reopened, Renewed?).
 */
export function subjectFor(tickets: readonly Ticket[], cluster: Pick<ClusterState, 'id' | 'name'>, kind: MailKind, now: Date): string {
  const clusterName = cluster.name.trim() === '' ? cluster.id : cluster.name;
  const single = tickets.length === 1 ? tickets[0] : undefined;
  const body = single !== undefined
    ? `${certificateLabel(single)} ${verb(single, now, false)}`
    : tickets.length === 0 ? 'no certificates' : grouped(tickets, now);
  const subject = oneLine(`[certwatch] ${PREFIX[kind]}${clusterName}: ${body}`);
  return subject.length <= MAX_SUBJECT ? subject : `${subject.slice(0, MAX_SUBJECT - 3)}...`;
}
