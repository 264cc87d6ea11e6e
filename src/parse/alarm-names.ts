// The Certificate Monitor's alarm names (brief 2.3) and what each says about urgency and the expiry window. Data.
import type { Urgency } from '../domain/certificate-event.js';

/** Lower-cased alarm name -> urgency. CertificateRevoked (unconfirmed) says nothing about expiry: unknown. */
export const ALARM_URGENCY: Readonly<Record<string, Urgency>> = {
  certvalidfor7days: 'week',
  certvalidlessthanaday: 'day',
  certexpired: 'expired',
};

export function urgencyOfAlarm(name: string): Urgency {
  const key = name.toLowerCase();
  return Object.hasOwn(ALARM_URGENCY, key) ? (ALARM_URGENCY[key] ?? 'unknown') : 'unknown';
}

/** Known certificate alarm names (lower case), including those with unknown urgency. */
export function isKnownCertificateAlarm(name: string): boolean {
  const key = name.toLowerCase();
  return Object.hasOwn(ALARM_URGENCY, key) || key === 'certificaterevoked';
}
