// Builds CUCM certificate alarm lines for integration tests and the ingest bench, dated relative to the real clock, in
// the exact wire format of the Certificate Monitor (brief 2.2/2.3), including the ~129-character cut of the Message
// value. The alarm descriptions are the ones in samples/syslog.
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export type CertAlarm = 'CertValidfor7days' | 'CertValidLessthanADay' | 'CertExpired';
const SEVERITY: Record<CertAlarm, number> = { CertValidfor7days: 2, CertValidLessthanADay: 1, CertExpired: 0 };
const DESCRIPTION: Record<CertAlarm, string> = {
  CertValidfor7days: 'Alarm to indicate that Certificate has Expired or Expires in less than seven days',
  CertValidLessthanADay: 'Alarm to indicate that Certificate has Expired or Expires in less than a day',
  CertExpired: 'Certificate has Expired and needs to be changed at the earliest',
};

export function ciscoLogTime(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} UTC`;
}

export function expirationText(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}:000 UTC ${d.getUTCFullYear()}`;
}

export interface AlarmSpec {
  node: string;
  unit: string;
  certificate: string;
  alarm: CertAlarm;
  at: Date;
  expires: Date;
  type?: 'own-cert' | 'trust-cert';
  seq?: number;
  /** Cut the Message value at this many characters, as CUCM does (default 129); 0 = no cut. */
  cutAt?: number;
}

export function certAlarmLine(spec: AlarmSpec): string {
  const type = spec.type ?? (spec.unit.toLowerCase().endsWith('-trust') ? 'trust-cert' : 'own-cert');
  let message = `Certificate expiration Notification. Certificate name:${spec.certificate} Unit:${spec.unit} Type:${type} Expiration:${expirationText(spec.expires)}`;
  const cut = spec.cutAt ?? 129;
  if (cut > 0) message = message.slice(0, cut);
  const sev = SEVERITY[spec.alarm];
  return `<${184 + sev}>${spec.seq ?? 100}: ${spec.node}.example.net: ${ciscoLogTime(spec.at)} : %UC_CERT-${sev}-${spec.alarm}: %[Message=${message}][AppID=Cisco Certificate Monitor][ClusterID=][NodeID=${spec.node}]: ${DESCRIPTION[spec.alarm]}`;
}

export function noiseLine(node: string, at: Date, seq = 7): string {
  return `<190>${seq}: ${node}.example.net: ${ciscoLogTime(at)} :  %UC_GENERIC-6-ServiceStarted: %[ServiceName=Cisco CDP][ProcessID=8426][AppID=Cisco Service Manager][ClusterID=][NodeID=${node}]: Service started.`;
}
