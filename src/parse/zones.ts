// Time zones as CUCM prints them (abbreviations kept as data, numeric offsets) and wall-clock -> UTC conversion,
// including IANA zones of the inventory through Intl (no date library: none parses `CEST` without inventing things).

/**
 * Abbreviation -> minutes east of UTC. Only abbreviations with one meaning that is plausible on a CUCM node are here.
 * Deliberately absent because ambiguous: IST (India/Ireland/Israel), AST (Atlantic/Arabia), BST is kept as British
 * Summer Time. CST is read as US Central (CUCM's most common install base); a node in China prints CST for +08:00:
 * give that node a time zone in the inventory and (for a cut zone) it is used instead. Extend here, not in code.
 */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0, UT: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60,
  CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, NST: -210, NDT: -150,
  SAST: 120, GST: 240, PKT: 300, SGT: 480, HKT: 480, AWST: 480, JST: 540, KST: 540,
  ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

/** How a zone was resolved: a fixed offset (from the text) or an IANA zone (from the inventory). */
export type ZoneRef = { kind: 'fixed'; offsetMinutes: number; label: string } | { kind: 'iana'; name: string };

export const UTC_ZONE: ZoneRef = { kind: 'fixed', offsetMinutes: 0, label: 'UTC' };

const NUMERIC_ZONE = /^(?:GMT|UTC|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** A zone token as printed (`CEST`, `+0000`, `+05:30`, `GMT+05:30`, `UTC`), or null when unknown. */
export function zoneFromToken(token: string): ZoneRef | null {
  const upper = token.toUpperCase();
  const known = Object.hasOwn(ZONE_ABBREVIATIONS, upper) ? ZONE_ABBREVIATIONS[upper] : undefined;
  if (known !== undefined) return { kind: 'fixed', offsetMinutes: known, label: upper };
  const m = NUMERIC_ZONE.exec(token);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 14 || minutes > 59) return null;
  const sign = m[1] === '-' ? -1 : 1;
  return { kind: 'fixed', offsetMinutes: sign * (hours * 60 + minutes), label: token };
}

/**
 * Table abbreviations that start with a cut zone token (`CES` -> CEST). Used only as a last resort, with the result
 * recorded as inferred; `GMT`/`UTC` also prefix `GMT+05:30`-style zones, which is why they count as possibly cut.
 */
const ZONE_KEYS = Object.keys(ZONE_ABBREVIATIONS);

export function zoneCompletions(partial: string): string[] {
  const upper = partial.toUpperCase();
  if (upper.length === 0) return [];
  const out = ZONE_KEYS.filter((z) => z.length > upper.length && z.startsWith(upper));
  if (upper === 'GMT' || upper === 'UTC' || upper === 'UT') out.push(`${upper}+hh:mm`);
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const MAX_CACHED_ZONES = 512;

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(zone);
  if (cached !== undefined) return cached;
  let formatter: Intl.DateTimeFormat | null = null;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    // The only failure is RangeError for a zone name Intl does not know: an inventory typo, reported as null.
    formatter = null;
  }
  if (formatters.size >= MAX_CACHED_ZONES) formatters.clear();
  formatters.set(zone, formatter);
  return formatter;
}

/** True when Intl knows the IANA zone name. */
export function isKnownIanaZone(zone: string): boolean {
  return formatterFor(zone) !== null;
}

/** Offset (minutes east of UTC) of an IANA zone at an instant, or null for an unknown zone. */
export function ianaOffsetMinutes(zone: string, utcMs: number): number | null {
  const f = formatterFor(zone);
  if (f === null || !Number.isFinite(utcMs)) return null;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

export interface WallClock {
  year: number;
  month: number; // 0-based
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The UTC instant (ms) of a wall-clock time in a zone. Unknown IANA zones fall back to UTC (callers check first). */
export function wallClockToUtc(w: WallClock, zone: ZoneRef): number {
  const asUtc = Date.UTC(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond);
  if (zone.kind === 'fixed') return asUtc - zone.offsetMinutes * 60000;
  // Two passes settle the offset around DST changes (a skipped local hour maps forward, a repeated one to the first).
  const first = ianaOffsetMinutes(zone.name, asUtc) ?? 0;
  let utc = asUtc - first * 60000;
  const second = ianaOffsetMinutes(zone.name, utc) ?? 0;
  if (second !== first) utc = asUtc - second * 60000;
  return utc;
}

export function describeZone(zone: ZoneRef): string {
  return zone.kind === 'fixed' ? zone.label : zone.name;
}
