// The CiscoLog alarm timestamp in every published variant, and turning it into an instant (year and zone inferred
// from the receive time and the node's inventory zone when the sender left them out).
import { isValidDate, isValidTime, monthIndex } from './calendar.js';
import { UTC_ZONE, describeZone, wallClockToUtc, zoneFromToken, type WallClock, type ZoneRef } from './zones.js';

/** The fields as written; `year`/`zoneToken` are null when absent. `month` is 0-based. */
export interface CiscoLogTimestamp {
  text: string;
  month: number;
  day: number;
  year: number | null;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  zoneToken: string | null;
}

/**
 * `Sep 05 2014 00:00:06.433 UTC`, `Dec 22 2015 20:12:57.1 UTC`, `Jul 02 2015 06:22:31 UTC`, `May 1 2019 07:10:40 AM.781 UTC`,
 * `Mar 18 11:10:52.630 UTC`, zone `+0000`, or none; anchored at the end of the header, i.e. just before the tag
 * separator ` : `, so a relay's own `Jun 17 16:14:19` further left is never taken for it.
 * Milliseconds are read as an unpadded integer (`.1` = 1 ms, `.19` = 19 ms): CiscoLog prints them with %d, which is
 * why 1-, 2- and 3-digit forms all occur (consecutive alarms show `.19` then `.21`).
 */
const TIMESTAMP_AT_END =
  /(?<![A-Za-z0-9])([A-Za-z]{3})\s{1,3}(\d{1,2})\s{1,3}(?:(\d{4})\s{1,3})?(\d{1,2}):(\d{2}):(\d{2})(?:\s?([AaPp][Mm]))?(?:[.,](\d{1,6}))?(?:\s?([AaPp][Mm]))?(?:\s{1,3}([A-Za-z]{1,6}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))?\s*:?\s*$/;

export interface TimestampMatch {
  timestamp: CiscoLogTimestamp;
  /** Index in the header where the timestamp starts (everything before it is PRI/SEQ/host/relay prefix). */
  start: number;
}

/** Finds the CiscoLog timestamp at the end of a header (the text before the tag). */
export function findTimestampAtEnd(header: string): TimestampMatch | null {
  const m = TIMESTAMP_AT_END.exec(header);
  if (!m) return null;
  const month = monthIndex(m[1] ?? '');
  if (month === null) return null;
  let hour = Number(m[4]);
  const ampm = (m[7] ?? m[9] ?? '').toUpperCase();
  if (ampm !== '') {
    if (hour < 1 || hour > 12) return null;
    if (ampm === 'AM' && hour === 12) hour = 0;
    else if (ampm === 'PM' && hour !== 12) hour += 12;
  }
  const msText = m[8];
  // More than 3 digits would be a fraction, not a millisecond count: keep the first three as a fraction then.
  const millisecond = msText === undefined ? 0 : msText.length <= 3 ? Number(msText) : Number(msText.slice(0, 3));
  const ts: CiscoLogTimestamp = {
    text: m[0].replace(/\s*:?\s*$/, '').trim(),
    month,
    day: Number(m[2]),
    year: m[3] === undefined ? null : Number(m[3]),
    hour,
    minute: Number(m[5]),
    second: Number(m[6]),
    millisecond,
    zoneToken: m[10] ?? null,
  };
  if (!isValidTime(ts.hour, ts.minute, ts.second, ts.millisecond) || ts.day < 1 || ts.day > 31) return null;
  return { timestamp: ts, start: m.index };
}

export interface ResolvedInstant {
  at: Date;
  yearInferred: boolean;
  zone: ZoneRef;
  zoneFrom: 'text' | 'node' | 'default-utc';
  note: string;
}

/** How far ahead of the receive time a year-less timestamp may be before the previous year is preferred (clock skew). */
const FUTURE_TOLERANCE_MS = 2 * 86400000;

/**
 * The instant of a CiscoLog timestamp. No year: of receivedAt's year and its neighbours, the one that puts the
 * alarm closest to receivedAt without being more than 2 days in the future. No zone, or one not in the table: the
 * node's inventory zone, else UTC. Returns null for an impossible date (e.g. Feb 30).
 */
export function resolveTimestamp(ts: CiscoLogTimestamp, receivedAt: Date, nodeZone: ZoneRef | null): ResolvedInstant | null {
  const notes: string[] = [];
  let zone: ZoneRef;
  let zoneFrom: ResolvedInstant['zoneFrom'];
  const fromText = ts.zoneToken === null ? null : zoneFromToken(ts.zoneToken);
  if (fromText) {
    zone = fromText;
    zoneFrom = 'text';
  } else if (nodeZone) {
    zone = nodeZone;
    zoneFrom = 'node';
    notes.push(`${ts.zoneToken === null ? 'no zone' : `zone ${ts.zoneToken} unknown`}; node zone ${describeZone(nodeZone)} used`);
  } else {
    zone = UTC_ZONE;
    zoneFrom = 'default-utc';
    notes.push(`${ts.zoneToken === null ? 'no zone' : `zone ${ts.zoneToken} unknown`}; UTC assumed`);
  }
  const wall = (year: number): WallClock => ({
    year, month: ts.month, day: ts.day, hour: ts.hour, minute: ts.minute, second: ts.second, millisecond: ts.millisecond,
  });
  if (ts.year !== null) {
    if (!isValidDate(ts.year, ts.month, ts.day)) return null;
    return { at: new Date(wallClockToUtc(wall(ts.year), zone)), yearInferred: false, zone, zoneFrom, note: notes.join('; ') };
  }
  const received = receivedAt.getTime();
  const base = receivedAt.getUTCFullYear();
  let best: number | null = null;
  for (const year of [base - 1, base, base + 1]) {
    if (!isValidDate(year, ts.month, ts.day)) continue;
    const t = wallClockToUtc(wall(year), zone);
    if (t > received + FUTURE_TOLERANCE_MS) continue;
    if (best === null || Math.abs(t - received) < Math.abs(best - received)) best = t;
  }
  if (best === null) return null;
  notes.push('year taken from the receive time');
  return { at: new Date(best), yearInferred: true, zone, zoneFrom, note: notes.join('; ') };
}
