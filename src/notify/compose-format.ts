// Formatting shared by subject and bodies: dates, "in 5 days" / "by 30 Nov" / "EXPIRED 3 days ago", one-line values.
import { zonedDateTime } from '../render/zoned-date.js';
import type { TicketExpiry } from '../tickets/ticket.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Control characters (CR, LF, NUL, ...) and Unicode line/paragraph separators become one space: values from the
 * wire can never start a new header or fake a line in a mail. */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/** `30 Nov`, with the year when it differs from now's (UTC). */
export function shortDate(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return oneLine(iso);
  const base = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return d.getUTCFullYear() === now.getUTCFullYear() ? base : `${base} ${d.getUTCFullYear()}`;
}

/** `2026-11-25 15:46 CET (14:46 UTC)`: in the cluster's zone, UTC beside it (`2026-11-25 14:46 UTC` in UTC). */
export function fullDate(iso: string, zone: string): string {
  if (Number.isNaN(Date.parse(iso))) return oneLine(iso);
  return zonedDateTime(iso, zone);
}

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function distance(ms: number): string {
  if (ms >= DAY_MS) return count(Math.floor(ms / DAY_MS), 'day');
  if (ms >= HOUR_MS) return count(Math.floor(ms / HOUR_MS), 'hour');
  return 'under an hour';
}

/** True when the expiry has certainly passed at `now` (best estimate, else the latest possible instant). */
export function hasExpired(expiry: Pick<TicketExpiry, 'at' | 'latest'>, now: Date): boolean {
  return Date.parse(expiry.at ?? expiry.latest) <= now.getTime();
}

/**
 * When it expires, for a subject: exact `in 5 days`; inferred `by 30 Nov` (the date, not a countdown that would
 * pretend precision); window `by 30 Nov` (latest possible); passed: `EXPIRED 3 days ago` (`EXPIRED at least ...` for a
 * window).
 */
export function expiryPhrase(expiry: Pick<TicketExpiry, 'at' | 'latest' | 'precision'>, now: Date): string {
  const reference = expiry.at ?? expiry.latest;
  const ms = Date.parse(reference) - now.getTime();
  if (Number.isNaN(ms)) return 'at an unknown date';
  if (ms <= 0) {
    const ago = -ms < HOUR_MS ? 'under an hour ago' : `${distance(-ms)} ago`;
    return expiry.at === null ? `EXPIRED at least ${ago}` : `EXPIRED ${ago}`;
  }
  if (expiry.precision === 'exact' && expiry.at !== null) return `in ${distance(ms)}`;
  return `by ${shortDate(reference, now)}`;
}

/** Next to a full date: `in 5 days` / `EXPIRED 3 days ago` whatever the precision (the date says what is known). */
export function countdown(expiry: Pick<TicketExpiry, 'at' | 'latest'>, now: Date): string {
  const ms = Date.parse(expiry.at ?? expiry.latest) - now.getTime();
  if (Number.isNaN(ms)) return 'at an unknown date';
  if (ms <= 0) return expiryPhrase({ ...expiry, precision: 'exact' }, now);
  return expiry.at === null ? `at the latest in ${distance(ms)}` : `in ${distance(ms)}`;
}

/** The expiry as a fact line: date, distance and how precise it is. */
export function expiryFact(expiry: TicketExpiry, now: Date, zone: string): string {
  const precision =
    expiry.precision === 'exact'
      ? expiry.source === 'admin' ? 'exact, confirmed by an administrator' : 'exact'
      : expiry.precision === 'inferred'
        ? 'inferred: the alarm text was cut, please confirm the date'
        : 'only a window is known, please confirm the date';
  const when = expiry.at !== null
    ? fullDate(expiry.at, zone)
    : `between ${fullDate(expiry.earliest, zone)} and ${fullDate(expiry.latest, zone)}`;
  const note = expiry.note.trim() === '' ? '' : ` (${oneLine(expiry.note)})`;
  return `${when}, ${countdown(expiry, now)}; ${precision}${note}`;
}

/** Whole days left for a table column: `10 days`, `1 day`, `today` (under a day), `EXPIRED`; `?` for no date. */
export function daysLeft(expiry: Pick<TicketExpiry, 'at' | 'latest'>, now: Date): string {
  const ms = Date.parse(expiry.at ?? expiry.latest) - now.getTime();
  if (Number.isNaN(ms)) return '?';
  if (ms <= 0) return 'EXPIRED';
  return ms < DAY_MS ? 'today' : count(Math.floor(ms / DAY_MS), 'day');
}
