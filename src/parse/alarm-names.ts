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

/** Every certificate alarm name of the Certificate Monitor, spelled as CUCM spells it. */
export const CERTIFICATE_ALARMS = ['CertValidfor7days', 'CertValidLessthanADay', 'CertExpired', 'CertificateRevoked'] as const;
export type CertificateAlarm = (typeof CERTIFICATE_ALARMS)[number];

const ALARM_BY_KEY: ReadonlyMap<string, CertificateAlarm> = new Map(CERTIFICATE_ALARMS.map((name) => [name.toLowerCase(), name]));

/** The known alarm this name spells, in whatever case it arrived; null for any other name. */
export function knownAlarmName(name: string): CertificateAlarm | null {
  return ALARM_BY_KEY.get(name.toLowerCase()) ?? null;
}

/** Known certificate alarm names (any case), including those with unknown urgency. */
export function isKnownCertificateAlarm(name: string): boolean {
  return knownAlarmName(name) !== null;
}
