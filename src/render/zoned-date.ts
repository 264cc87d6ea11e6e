// Dates a person reads: in the cluster's time zone with UTC beside it (the API and JSON stay ISO-8601 UTC).

const formatters = new Map<string, Intl.DateTimeFormat>();

// ICU knows each region's abbreviations in its own English (EST in en-US, CET in en-GB, AEDT in en-AU); where none
// has one it gives the offset (GMT+5:30).
const ABBREVIATING_LOCALES = ['en-US', 'en-GB', 'en-AU'] as const;

function formatter(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(key, f);
  }
  return f;
}

interface LocalParts {
  day: string;
  time: string;
  zoneName: string;
}

function localParts(at: Date, zone: string): LocalParts {
  let parts: LocalParts | null = null;
  for (const locale of ABBREVIATING_LOCALES) {
    const p = Object.fromEntries(formatter(locale, zone).formatToParts(at).map((x) => [x.type, x.value]));
    parts = { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, zoneName: p.timeZoneName ?? zone };
    if (!parts.zoneName.startsWith('GMT')) break;
  }
  return parts!;
}

function utcParts(at: Date): LocalParts {
  const iso = at.toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16), zoneName: 'UTC' };
}

/** `2026-11-25 10:00 CET (09:00 UTC)`; the UTC date is repeated only when it differs. UTC alone when the zone is
 * UTC. */
export function zonedDateTime(iso: string, zone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const u = utcParts(at);
  if (zone === 'UTC') return `${u.day} ${u.time} UTC`;
  const l = localParts(at, zone);
  return `${l.day} ${l.time} ${l.zoneName} (${l.day === u.day ? '' : `${u.day} `}${u.time} UTC)`;
}

/** The calendar day of an instant in the zone: `2026-11-25`. */
export function zonedDay(iso: string, zone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return zone === 'UTC' ? utcParts(at).day : localParts(at, zone).day;
}
