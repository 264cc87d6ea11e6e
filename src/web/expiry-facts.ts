// What a person reads of one expiry on the web pages: the date in the cluster's zone with UTC beside it, the days
// left, and whether it is expired or due within a week. Pure: `now` is given.
import { zonedDateTime } from '../render/zoned-date.js';
import type { ExpiryPrecision } from '../domain/certificate-event.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Rows within this many days are marked (the last reminder week). */
export const SOON_DAYS = 7;

export interface ExpiryFacts {
  /** `2026-11-25 10:00 CET (09:00 UTC)`, or a window between two such dates, or `unknown`. */
  when: string;
  /** `in 3 days`, `in 5 hours`, `23 hours ago`, `2 days ago`: whole days, whole hours within the last day (a
   * certificate that expired 23 hours ago did not expire "today" for a reader in another zone); a window counts from
   * its earliest instant. */
  daysLeft: string;
  mark: 'expired' | 'soon' | null;
}

export const PRECISION_LABELS: Record<ExpiryPrecision, string> = {
  exact: 'exact',
  inferred: 'inferred',
  window: 'window (date cut)',
};

export interface ExpiryInstants {
  at: string | null;
  earliest: string;
  latest: string;
}

export function expiryFacts(e: ExpiryInstants, zone: string, now: Date): ExpiryFacts {
  const when = e.at !== null ? zonedDateTime(e.at, zone)
    : `between ${zonedDateTime(e.earliest, zone)} and ${zonedDateTime(e.latest, zone)}`;
  // As the listing orders (expiryScore): the best estimate, else the earliest possible instant.
  const ms = Date.parse(e.at ?? e.earliest);
  if (!Number.isFinite(ms)) return { when: 'unknown', daysLeft: 'unknown', mark: null };
  const left = ms - now.getTime();
  const prefix = e.at === null ? 'at the earliest ' : '';
  const span = spanInWords(Math.abs(left));
  const daysLeft = `${prefix}${left <= 0 ? `${span} ago` : `in ${span}`}`;
  const mark = left <= 0 ? 'expired' : left <= SOON_DAYS * DAY ? 'soon' : null;
  return { when, daysLeft, mark };
}

/** Whole days, else whole hours, else "less than an hour". */
function spanInWords(ms: number): string {
  const days = Math.floor(ms / DAY);
  if (days >= 1) return `${days} ${days === 1 ? 'day' : 'days'}`;
  const hours = Math.floor(ms / HOUR);
  if (hours >= 1) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  return 'less than an hour';
}
