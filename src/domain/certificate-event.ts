// The certificate event: what the parser makes of one certificate alarm, whatever way it arrived.
// Shared by parse/ (producer), tickets/ and plan/ (consumers). Dates are ISO-8601 strings in UTC.

/** How urgent the alarm is, from the alarm name or (better) the known expiry. Ordered: unknown < week < day <
 * expired. */
export type Urgency = 'unknown' | 'week' | 'day' | 'expired';

/** exact: the Expiration text held a full date; inferred: year and/or zone were inferred; window: only bounds known. */
export type ExpiryPrecision = 'exact' | 'inferred' | 'window';

export interface Expiry {
  /** Best estimate of the expiry instant; null when only the window is known. */
  at: string | null;
  /** Bounds implied by the alarm name and alarm time, narrowed by what survives of a cut date (always set). */
  earliest: string;
  latest: string;
  precision: ExpiryPrecision;
  /** The Expiration text as sent (possibly cut). */
  text: string;
  /** Human explanation of how the value was obtained, e.g. "year inferred from weekday; zone CES cut, node zone
   * used". */
  note: string;
}

export type CertType = 'own-cert' | 'trust-cert' | string;

/** Where the alarm came from: a direct syslog line, an RTMT alert over syslog, or an RTMT alert e-mail text. */
export type EventVia = 'syslog' | 'rtmt-syslog' | 'rtmt-mail';

export interface CertificateEvent {
  /** Alarm name as sent, e.g. CertValidfor7days. */
  alarm: string;
  /** Severity digit from the tag (trusted over PRI); null when absent. */
  severity: number | null;
  /** Urgency from the alarm name alone; tickets recompute it from the expiry. */
  alarmUrgency: Urgency;
  /** When the node raised the alarm (CiscoLog timestamp), else when we received it. */
  alarmAt: string;
  /** NodeID, else host (short name, lower-case kept as sent). */
  node: string;
  /** Host field of the envelope, if any. */
  host: string | null;
  /** ClusterID when meaningful (not empty, not StandAloneCluster). */
  clusterId: string | null;
  certificate: string;
  /** Store as spelled in the alarm, e.g. tomcat, CallManager-ECDSA, tomcat-trust. */
  unit: string;
  certType: CertType;
  /** True when the unit is a trust store (ends in -trust, case-insensitive), whatever Type says. */
  trustStore: boolean;
  expiry: Expiry;
  via: EventVia;
  /** The certificate alarm line itself (after RTMT unwrapping), for the record. */
  raw: string;
}

export const URGENCY_RANK: Record<Urgency, number> = { unknown: 0, week: 1, day: 2, expired: 3 };
