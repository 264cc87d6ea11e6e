// What a person reads of one expiry on the web pages: the date in the cluster's zone with UTC beside it, the days
// left, and whether it is expired or due within a week. Pure: `now` is given.
import { zonedDateTime } from '../render/zoned-date.js';
import type { ExpiryPrecision } from '../domain/certificate-event.js';

const DAY = 86_400_000;
/** Rows within this many days are marked (the last reminder week). */
export const SOON_DAYS = 7;

export interface ExpiryFacts {
  /** `2026-11-25 10:00 CET (09:00 UTC)`, or a window between two such dates, or `unknown`. */
  when: string;
  /** `in 3 days`, `today`, `2 days ago`; a window counts from its earliest day. */
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
  const days = Math.floor(Math.abs(left) / DAY);
  const plural = days === 1 ? 'day' : 'days';
  const prefix = e.at === null ? 'at the earliest ' : '';
  const daysLeft = days === 0 ? `${prefix}${left <= 0 ? 'today (passed)' : 'today'}`
    : `${prefix}${left < 0 ? `${days} ${plural} ago` : `in ${days} ${plural}`}`;
  const mark = left <= 0 ? 'expired' : left <= SOON_DAYS * DAY ? 'soon' : null;
  return { when, daysLeft, mark };
}
