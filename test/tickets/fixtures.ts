// Builders for certificate events and tickets used by the ticket and notify tests (fixed clock, realistic values).
import type { CertificateEvent, Expiry } from '../../src/domain/certificate-event.js';
import { decideOnEvent } from '../../src/tickets/decide.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import type { Ticket } from '../../src/tickets/ticket.js';

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
export const T0 = new Date('2026-11-20T10:00:00.000Z');
/** The ladder these tests count steps on (the alarm's own 7 days), set here rather than taken from the default: the
 * default grew to 90,60,30,14,7,3,1,0 for discovered certificates (test/tickets/discovered-ladder.test.ts). */
export const policy = policyFrom({ reminderDays: [7, 3, 1, 0] });

export function at(offsetMs: number, base: Date = T0): Date {
  return new Date(base.getTime() + offsetMs);
}
export function iso(offsetMs: number, base: Date = T0): string {
  return at(offsetMs, base).toISOString();
}

/** An inferred expiry `inMs` after T0 (the usual case: the Expiration text was cut). */
export function inferredExpiry(inMs: number): Expiry {
  return {
    at: iso(inMs),
    earliest: iso(inMs),
    latest: iso(inMs),
    precision: 'inferred',
    text: 'Mon Nov 23 14:46:',
    note: 'year inferred',
  };
}
export function exactExpiry(inMs: number): Expiry {
  return { at: iso(inMs), earliest: iso(inMs), latest: iso(inMs), precision: 'exact', text: 'full', note: 'exact' };
}
export function windowExpiry(earliestMs: number, latestMs: number): Expiry {
  return {
    at: null,
    earliest: iso(earliestMs),
    latest: iso(latestMs),
    precision: 'window',
    text: '',
    note: 'window only',
  };
}

export function makeEvent(over: Partial<CertificateEvent> = {}): CertificateEvent {
  const unit = over.unit ?? 'tomcat';
  return {
    alarm: 'CertValidfor7days',
    severity: 2,
    alarmUrgency: 'week',
    alarmAt: T0.toISOString(),
    node: 'CUCM01',
    host: 'CUCM01.example.com',
    clusterId: null,
    certificate: 'tomcat.der',
    unit,
    certType: 'own-cert',
    trustStore: /-trust$/i.test(unit),
    expiry: inferredExpiry(5 * DAY),
    via: 'syslog',
    raw: '%UC_CERT-2-CertValidfor7days: ...',
    ...over,
  };
}

/** The ticket `event` opens in `clusterId` at `now` (what the event processor would store). */
export function openIn(clusterId: string, event: CertificateEvent = makeEvent(), now: Date = T0): Ticket {
  return decideOnEvent(null, event, { clusterId, ticketId: ticketIdFor(event, clusterId), now, policy }).ticket;
}

/** A ticket opened by `event` at `now` in cluster `lab`. */
export function openWith(event: CertificateEvent = makeEvent(), now: Date = T0): Ticket {
  return openIn('lab', event, now);
}
