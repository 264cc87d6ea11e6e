// Mail subject and headline. The subject is one line of at most 78 characters, fixed by the first mail of a thread
// (cluster, what, the nearest expiry day) and repeated with `Re: ` by every later mail: Gmail and Outlook split a
// conversation whose subject changes. What changes from mail to mail (reminder, escalation, expired) is said by the
// headline, the first line of the body.
import type { ClusterState } from '../domain/cluster.js';
import { clusterTimeZone } from '../domain/cluster-time-zone.js';
import { zonedDay } from '../render/zoned-date.js';
import type { MailKind, Ticket, TicketExpiry } from '../tickets/ticket.js';
import { expiryPhrase, hasExpired, oneLine } from './compose-format.js';

/** RFC 5322 (2.1.1) asks for lines of at most 78 characters; mail lists show about that much of a subject. */
export const SUBJECT_MAX_CHARS = 78;

const REPLY_PREFIX = 'Re: ';

/** A thread's subject leaves room for the `Re: ` of its later mails, so every subject of the thread fits. */
const THREAD_SUBJECT_MAX_CHARS = SUBJECT_MAX_CHARS - REPLY_PREFIX.length;

/** The headline is a body line: room for every name a sane inventory has, still bounded against hostile ones. */
const HEADLINE_MAX_CHARS = 240;

/** A subject names the cluster in at most this many characters: room is left for what expires and when. */
const SUBJECT_CLUSTER_CHARS = 24;

/** The headline has room for any sane cluster name. */
const HEADLINE_CLUSTER_CHARS = 80;

/** A store, node or file name too long for any line is cut to this, with an ellipsis. */
const NAME_SHORT_CHARS = 16;

/** More list items than fit in any line: no need to try them one by one. */
const LIST_ITEMS_TRIED = 40;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const HEADLINE_LABEL: Record<MailKind, string> = {
  opened: 'New: ',
  escalated: 'Escalated: ',
  reminder: 'Reminder: ',
  'expired-daily': 'Expired (daily reminder): ',
  reopened: 'Reopened: ',
  'quiet-confirm': 'Renewed? ',
};

/** Characters as a person counts them (code points: an emoji is one, not two UTF-16 units). */
function chars(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * `value` in at most `max` characters: whole, else cut at the last space that keeps more than half of it, else (one
 * absurdly long word) at a grapheme boundary; an ellipsis marks the cut.
 */
function shorten(value: string, max: number): string {
  if (chars(value) <= max) return value;
  let kept = '';
  for (const { segment } of graphemes.segment(value)) {
    if (chars(kept) + chars(segment) > max - 1) break;
    kept += segment;
  }
  const space = kept.lastIndexOf(' ');
  if (space > kept.length / 2) kept = kept.slice(0, space);
  return `${kept.trimEnd()}…`;
}

/** A name from the wire as one clean line: no control, line-separator or invisible format characters (a bidi override
 * would reorder what the reader sees), runs of spaces as one. */
function clean(value: string): string {
  return oneLine(value).replace(/\p{Cf}/gu, '').replace(/\s+/g, ' ').trim();
}

/** Distinct values (case-insensitive), in order. */
function distinct(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (v === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first `shown` items and `+N` for the rest: `CallManager, TVS, +6`. */
function someOf(items: readonly string[], shown: number): string {
  const rest = items.length - shown;
  return [...items.slice(0, shown), ...(rest > 0 ? [`+${rest}`] : [])].join(', ');
}

/** Every way to show a list, most items first: all of them, ..., one and `+N`, and none (''). */
function* listForms(items: readonly string[]): Generator<string> {
  for (let shown = Math.min(items.length, LIST_ITEMS_TRIED); shown >= 1; shown -= 1) yield someOf(items, shown);
  yield '';
}

/** When the reference instant is (best estimate, else the latest possible one). */
function referenceOf(expiry: Pick<TicketExpiry, 'at' | 'latest'>): string {
  return expiry.at ?? expiry.latest;
}

function referenceMs(t: Ticket): number {
  const ms = Date.parse(referenceOf(t.expiry));
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** `1 Dec 2026`: the day as the cluster's people read it, in its time zone. */
function expiryDay(iso: string, timeZone: string): string | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(zonedDay(iso, timeZone));
  if (day === null) return null;
  return `${Number(day[3])} ${MONTHS[Number(day[2]) - 1]} ${day[1]}`;
}

/** The ticket that expires first (or expired first); the list must not be empty. */
function nearest(tickets: readonly Ticket[]): Ticket {
  return tickets.reduce((a, b) => (referenceMs(b) < referenceMs(a) ? b : a));
}

/**
 * `expires 1 Dec 2026`, `expires by 1 Dec 2026` (an inferred date or a window: not exact, the latest it can be),
 * `EXPIRED 18 Nov 2026`. `plural`: `expire`.
 */
function whenPhrase(expiry: TicketExpiry, now: Date, timeZone: string, plural: boolean): string {
  const day = expiryDay(referenceOf(expiry), timeZone);
  if (day === null) return `${plural ? 'expire' : 'expires'} at an unknown date`;
  const by = expiry.precision === 'exact' && expiry.at !== null ? '' : 'by ';
  return hasExpired(expiry, now) ? `EXPIRED ${by}${day}` : `${plural ? 'expire' : 'expires'} ${by}${day}`;
}

/** `, in 5 days`, `, 2 days ago`: how far the nearest expiry is, for the headline ('' when its date is unknown). */
function distancePhrase(expiry: TicketExpiry, now: Date): string {
  if (Number.isNaN(Date.parse(referenceOf(expiry)))) return '';
  return `, ${expiryPhrase({ at: referenceOf(expiry), latest: expiry.latest, precision: 'exact' }, now).replace(/^EXPIRED /, '')}`;
}

/** How names are written in one attempt: whole, or absurdly long ones cut. */
type NameForm = (value: string) => string;

/** What a line says about the tickets, in candidate forms (most detail first), for one way of writing names. */
type Forms = (name: NameForm) => Iterable<string>;

/**
 * The first candidate that fits `max` (a list loses items, a ticket its node, before any name is cut); then the same
 * with absurdly long names cut; then `general`, which names nothing but the count. The last resort cuts the line
 * itself at a space, so the bound always holds.
 */
function fit(prefix: string, cluster: string, forms: Forms, general: string, max: number): string {
  const attempts: NameForm[] = [(v) => v, (v) => shorten(v, NAME_SHORT_CHARS)];
  for (const name of attempts) {
    for (const form of forms(name)) {
      const line = `${prefix}${cluster}: ${form}`;
      if (chars(line) <= max) return line;
    }
  }
  return shorten(`${prefix}${cluster}: ${general}`, max);
}

/**
 * The cluster as a line names it, in at most `max` characters: its name; a longer name gives way to the cluster id
 * (`unassigned-10-9-9-9` for `Unassigned (events from 10.9.9.9)`), and a name whose id is long too is cut.
 */
function clusterLabel(cluster: Pick<ClusterState, 'id' | 'name'>, max: number): string {
  const name = clean(cluster.name);
  const id = clean(cluster.id);
  if (name !== '' && chars(name) <= max) return name;
  if (id !== '' && chars(id) <= max) return id;
  return shorten(name || id || 'unknown cluster', max);
}

/** `tomcat on CUCM01`, `tomcat-trust entry CUCM01.der on CUCM02, CUCM03` (then fewer nodes and `+N`, then the store
 * alone). */
function* singleWhat(t: Ticket, name: NameForm): Generator<string> {
  const unit = name(clean(t.unit) || 'unknown store');
  if (t.kind === 'own') {
    yield `${unit} on ${name(clean(t.node) || 'unknown node')}`;
  } else {
    const nodes = distinct(t.nodes.map((n) => name(clean(n))));
    const entry = `${unit} entry ${name(clean(t.certificate) || 'unknown')}`;
    for (const list of listForms(nodes)) yield list === '' ? entry : `${entry} on ${list}`;
  }
  yield unit;
}

/** The stores of a grouped mail, the soonest expiring first. */
function unitsOf(tickets: readonly Ticket[], name: NameForm): string[] {
  const sorted = [...tickets].sort((a, b) => referenceMs(a) - referenceMs(b));
  return distinct(sorted.map((t) => name(clean(t.unit))));
}

/** `23 certificates`; with expired ones among pending ones `3 certificates, 1` (the line goes on `EXPIRED 18 Nov`: the
 * nearest expiry is an expired one). */
function groupCount(tickets: readonly Ticket[], now: Date): string {
  const expired = tickets.filter((t) => hasExpired(t.expiry, now)).length;
  return expired === 0 || expired === tickets.length
    ? `${tickets.length} certificates`
    : `${tickets.length} certificates, ${expired}`;
}

/**
 * The subject a thread starts with: `[certwatch] lab: tomcat on CUCM01 expires 1 Dec 2026`,
 * `[certwatch] lab: 23 certificates expire 1 Dec 2026 (CallManager, TVS, +6)`, `... EXPIRED 18 Nov 2026`,
 * `... expires by 1 Dec 2026` (inferred or window: the latest it can be). At most 78 characters minus the `Re: ` of
 * the thread's later mails, one line; a list loses whole items (`+N`), never part of a word; only an absurdly long
 * name is cut, with an ellipsis. Dates are days in the cluster's time zone.
 */
export function subjectFor(
  tickets: readonly Ticket[],
  cluster: Pick<ClusterState, 'id' | 'name' | 'nodes'>,
  now: Date,
): string {
  const prefix = '[certwatch] ';
  const label = clusterLabel(cluster, SUBJECT_CLUSTER_CHARS);
  const timeZone = clusterTimeZone(cluster);
  if (tickets.length === 0) return fit(prefix, label, () => [], 'no certificates', THREAD_SUBJECT_MAX_CHARS);
  const first = nearest(tickets);
  if (tickets.length === 1) {
    const when = whenPhrase(first.expiry, now, timeZone, false);
    return fit(prefix, label, function* (name) {
      for (const what of singleWhat(first, name)) yield `${what} ${when}`;
    }, `1 certificate ${when}`, THREAD_SUBJECT_MAX_CHARS);
  }
  const what = groupCount(tickets, now);
  const when = whenPhrase(first.expiry, now, timeZone, true);
  return fit(
    prefix,
    label,
    function* (name) {
      for (const list of listForms(unitsOf(tickets, name))) {
        yield list === '' ? `${what} ${when}` : `${what} ${when} (${list})`;
      }
    },
    `${what} ${when}`,
    THREAD_SUBJECT_MAX_CHARS,
  );
}

/** The subject of a later mail of the thread that started with `threadSubject`. */
export function replySubject(threadSubject: string): string {
  return `${REPLY_PREFIX}${clean(threadSubject)}`;
}

/** The subject a thread started with, from the subject of any of its mails (what its tickets keep). */
export function threadSubjectOf(subject: string): string {
  return subject.startsWith(REPLY_PREFIX) ? subject.slice(REPLY_PREFIX.length) : subject;
}

/**
 * The first line of the body: what this mail is and the nearest expiry as of now, e.g.
 * `Escalated: lab: tomcat on CUCM01 expires 21 Nov 2026, in 20 hours`,
 * `Reminder: lab: 23 certificates (CallManager, TVS, tomcat, +5), the first expires 1 Dec 2026, in 11 days`.
 */
export function headlineFor(
  tickets: readonly Ticket[],
  cluster: Pick<ClusterState, 'id' | 'name' | 'nodes'>,
  kind: MailKind,
  now: Date,
): string {
  const prefix = HEADLINE_LABEL[kind];
  const label = clusterLabel(cluster, HEADLINE_CLUSTER_CHARS);
  const timeZone = clusterTimeZone(cluster);
  if (tickets.length === 0) return fit(prefix, label, () => [], 'no certificates', HEADLINE_MAX_CHARS);
  const first = nearest(tickets);
  const distance = distancePhrase(first.expiry, now);
  if (tickets.length === 1) {
    const when = `${whenPhrase(first.expiry, now, timeZone, false)}${distance}`;
    return fit(prefix, label, function* (name) {
      for (const what of singleWhat(first, name)) yield `${what} ${when}`;
    }, `1 certificate ${when}`, HEADLINE_MAX_CHARS);
  }
  const when = `the first ${whenPhrase(first.expiry, now, timeZone, false)}${distance}`;
  return fit(
    prefix,
    label,
    function* (name) {
      for (const list of listForms(unitsOf(tickets, name))) {
        yield list === ''
          ? `${tickets.length} certificates, ${when}`
          : `${tickets.length} certificates (${list}), ${when}`;
      }
    },
    `${tickets.length} certificates, ${when}`,
    HEADLINE_MAX_CHARS,
  );
}

/** "tomcat on CUCM01 (tomcat.der)" or "tomcat-trust entry CUCM01.der on CUCM02, CUCM03" (a certificate's title in
 * the body). */
export function certificateLabel(t: Ticket): string {
  return t.kind === 'trust'
    ? `${t.unit} entry ${t.certificate} on ${listSome(t.nodes)}`
    : `${t.unit} on ${t.node} (${t.certificate})`;
}

/** Up to `max` distinct values, then "+N". */
function listSome(values: readonly string[], max = 3): string {
  const seen = distinct(values);
  return seen.length <= max ? seen.join(', ') : `${seen.slice(0, max).join(', ')} +${seen.length - max}`;
}
