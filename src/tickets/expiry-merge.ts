// Best known expiry of a ticket: better precision replaces worse; an admin-confirmed date beats any alarm.
import type { Expiry, ExpiryPrecision } from '../domain/certificate-event.js';
import type { TicketExpiry } from './ticket.js';
import { DAY_MS } from './urgency.js';

export const PRECISION_RANK: Record<ExpiryPrecision, number> = { window: 0, inferred: 1, exact: 2 };

/** The ticket's view of an event's expiry. */
export function expiryFromEvent(expiry: Expiry): TicketExpiry {
  return {
    at: expiry.at,
    earliest: expiry.earliest,
    latest: expiry.latest,
    precision: expiry.precision,
    source: 'alarm',
    note: expiry.note,
  };
}

/** The instant a ticket's expiry is compared against: the best estimate, else the latest possible. */
export function expiryReference(expiry: Pick<TicketExpiry, 'at' | 'latest'>): number {
  return Date.parse(expiry.at ?? expiry.latest);
}

/**
 * A certificate was renewed when an event carries an exact expiry more than a day later than what the ticket knows
 * (the day absorbs zone guesses in inferred dates: the same certificate never moves by more).
 */
export function isRenewedExpiry(current: TicketExpiry, incoming: Expiry): boolean {
  if (incoming.precision !== 'exact' || incoming.at === null) return false;
  return Date.parse(incoming.at) > expiryReference(current) + DAY_MS;
}

export type ExpiryMergeReason =
  | 'kept-admin'
  | 'kept-discovered' // read from the certificate itself: an alarm's parsed date never beats it
  | 'better-precision'
  | 'same-precision-newer'
  | 'window-narrowed' // the window shrank noticeably (e.g. a CertValidLessthanADay after a CertValidfor7days)
  | 'window-trimmed' // stored, not worth reporting: a daily repeat moves a 20-year lower bound by a day
  | 'kept-better';

/** A window narrowing is reported when it removes at least this share of the width. */
const NOTABLE_NARROWING = 0.1;

/**
 * Merges an event's expiry into the ticket's. Admin-confirmed and discovered dates are kept (a renewal is detected
 * separately);
 * better precision replaces worse; the same precision takes the newer value, except that windows are intersected
 * when they overlap (each alarm bounds the expiry from its own alarm time).
 */
export function mergeExpiry(
  current: TicketExpiry,
  incoming: Expiry,
): { expiry: TicketExpiry; reason: ExpiryMergeReason } {
  if (current.source === 'admin') return { expiry: current, reason: 'kept-admin' };
  if (current.source === 'discovery') return { expiry: current, reason: 'kept-discovered' };
  const cur = PRECISION_RANK[current.precision];
  const inc = PRECISION_RANK[incoming.precision];
  if (inc > cur) return { expiry: expiryFromEvent(incoming), reason: 'better-precision' };
  if (inc < cur) return { expiry: current, reason: 'kept-better' };
  if (incoming.precision === 'window') {
    const earliest = Math.max(Date.parse(current.earliest), Date.parse(incoming.earliest));
    const latest = Math.min(Date.parse(current.latest), Date.parse(incoming.latest));
    if (earliest <= latest) {
      if (earliest === Date.parse(current.earliest) && latest === Date.parse(current.latest)) {
        return { expiry: current, reason: 'kept-better' };
      }
      const oldWidth = Date.parse(current.latest) - Date.parse(current.earliest);
      const notable = latest - earliest <= oldWidth * (1 - NOTABLE_NARROWING);
      return {
        expiry: {
          ...current,
          earliest: new Date(earliest).toISOString(),
          latest: new Date(latest).toISOString(),
          note: incoming.note,
        },
        reason: notable ? 'window-narrowed' : 'window-trimmed',
      };
    }
  }
  return { expiry: expiryFromEvent(incoming), reason: 'same-precision-newer' };
}
