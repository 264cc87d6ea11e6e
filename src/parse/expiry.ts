// The core inference: when does the certificate expire, given a (usually cut) Expiration text, the alarm name and
// the alarm time. Exact when the text still has its year; otherwise weekday + month + day pin the year within the
// window the alarm name implies; otherwise what survives of the date narrows that window (cut-date.ts), down to one
// day when only one fits. The year is never invented silently: the note says how.
import type { Expiry, Urgency } from '../domain/certificate-event.js';
import { MONTH_NAMES, WEEKDAY_FULL_NAMES, WEEKDAY_NAMES, isValidDate, isValidTime, weekdayOf } from './calendar.js';
import { describePattern, narrowsAnything, readCutDate, type DatePattern } from './cut-date.js';
import { parseExpirationText, type ExpirationFields } from './expiration-text.js';
import { UTC_ZONE, ZONE_ABBREVIATIONS, describeZone, ianaOffsetMinutes, wallClockToUtc, zoneCompletions, zoneFromToken, type WallClock, type ZoneRef } from './zones.js';

const DAY_MS = 86400000;
/**
 * How far back an expired (or "7 days", which CUCM also sends for expired certificates) certificate may lie. 20 years
 * is the longest validity CUCM issues (ITLRecovery), so no certificate of a running cluster expired earlier.
 */
export const LOOKBACK_YEARS = 20;
/** Tolerance around the window when testing candidate years: covers a cut or wrong zone (up to 14 h) and a cut time. */
const CANDIDATE_SLACK_MS = DAY_MS;
/** For alarms with no window (unknown names): accept the nearest matching year only when no other can be as near. */
const UNBOUNDED_MAX_DISTANCE_YEARS = 2;

export interface AlarmWindow {
  earliest: Date;
  latest: Date;
  /** Words for the note: what the alarm name says about the expiry. */
  rule: string;
}

function addYears(t: Date, years: number): Date {
  const d = new Date(t.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** The expiry window an alarm name implies (brief 2.3). */
export function alarmWindow(urgency: Urgency, alarmAt: Date): AlarmWindow {
  const t = alarmAt.getTime();
  switch (urgency) {
    case 'expired':
      return { earliest: addYears(alarmAt, -LOOKBACK_YEARS), latest: new Date(t), rule: 'expired before the alarm' };
    case 'day':
      return { earliest: new Date(t), latest: new Date(t + DAY_MS), rule: 'expires within a day after the alarm' };
    case 'week':
      return {
        earliest: addYears(alarmAt, -LOOKBACK_YEARS), latest: new Date(t + 7 * DAY_MS),
        rule: 'expires at most 7 days after the alarm, or has already expired',
      };
    case 'unknown':
      return {
        earliest: addYears(alarmAt, -LOOKBACK_YEARS), latest: addYears(alarmAt, LOOKBACK_YEARS),
        rule: 'the alarm name gives no window',
      };
  }
}

export interface ExpiryInput {
  /** Text after `Expiration:` as sent. */
  expirationText: string;
  urgency: Urgency;
  alarmAt: Date;
  /** The node's inventory zone, for a cut or missing zone. */
  nodeZone: ZoneRef | null;
  /** What the Message parser noticed (cut Type, ...). */
  notes?: string[];
}

interface ZoneChoice {
  zone: ZoneRef;
  known: boolean;
  note: string | null;
}

function chooseZone(f: ExpirationFields, nodeZone: ZoneRef | null): ZoneChoice {
  const token = f.zoneToken;
  if (token !== null && f.zoneComplete) {
    const z = zoneFromToken(token);
    if (z) return { zone: z, known: true, note: null };
  }
  const what = token === null ? 'zone cut away' : f.zoneComplete ? `zone ${token} not in the table` : `zone cut to "${token}"`;
  if (nodeZone) return { zone: nodeZone, known: false, note: `${what}; node zone ${describeZone(nodeZone)} used` };
  if (token !== null && !f.zoneComplete) {
    const table = zoneCompletions(token).filter((z) => Object.hasOwn(ZONE_ABBREVIATIONS, z));
    const only = table.length === 1 ? table[0] : undefined;
    const z = only === undefined ? null : zoneFromToken(only);
    if (z && only !== undefined && zoneCompletions(token).length === 1) {
      return { zone: z, known: false, note: `${what}, read as ${only} (the only zone it can be cut from)` };
    }
  }
  return { zone: UTC_ZONE, known: false, note: `${what}; UTC assumed` };
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

function describeDate(f: ExpirationFields): string {
  const wd = f.weekday === null ? '' : `${WEEKDAY_NAMES[f.weekday]} `;
  const mo = f.month === null ? '' : MONTH_NAMES[f.month];
  return `${wd}${mo} ${f.day ?? '?'}`;
}

interface Candidate {
  year: number;
  at: number;
}

interface Search {
  wall: WallClock;
  zone: ZoneRef;
  alarm: number;
  lo: number;
  hi: number;
  weekday: number;
}

/** The matching year nearest the alarm within [lo, hi]; `approxOffsetMs` ranks fast, null places exactly. */
function nearestYear(s: Search, approxOffsetMs: number | null): Candidate | null {
  const alarmYear = new Date(s.alarm).getUTCFullYear();
  const month = s.wall.month;
  const day = s.wall.day;
  let found: Candidate | null = null;
  for (let year = alarmYear - LOOKBACK_YEARS - 1; year <= alarmYear + LOOKBACK_YEARS + 1; year += 1) {
    if (!isValidDate(year, month, day) || weekdayOf(year, month, day) !== s.weekday) continue;
    const w = { ...s.wall, year };
    const at = approxOffsetMs === null
      ? wallClockToUtc(w, s.zone)
      : Date.UTC(year, month, day, w.hour, w.minute, w.second, w.millisecond) - approxOffsetMs;
    if (at < s.lo || at > s.hi) continue;
    if (found === null || Math.abs(at - s.alarm) < Math.abs(found.at - s.alarm)) found = { year, at };
  }
  return found;
}

function windowOnly(base: Omit<Expiry, 'at' | 'precision' | 'note'>, notes: string[], why: string, window: AlarmWindow): Expiry {
  const all = [...notes, why, `only the window is known: ${window.rule}`].filter((n) => n !== '');
  return { ...base, at: null, precision: 'window', note: all.join('; ') };
}

function offsetNearMs(zone: ZoneRef, at: number): number {
  return (zone.kind === 'fixed' ? zone.offsetMinutes : (ianaOffsetMinutes(zone.name, at) ?? 0)) * 60000;
}

/**
 * A date of which less than weekday + month + day survived (or no weekday to pin the year): the days that still fit
 * narrow the window; one day left gives the date, at the surviving time of day or the start of the day.
 */
function fromCutDate(base: Omit<Expiry, 'at' | 'precision' | 'note'>, f: ExpirationFields, wall: WallClock, zone: ZoneChoice, notes: string[], input: ExpiryInput, window: AlarmWindow): Expiry {
  const alarm = input.alarmAt.getTime();
  const pattern: DatePattern = { weekdays: f.weekdays, months: f.months, days: f.days, zone: zone.zone, approxOffsetMs: offsetNearMs(zone.zone, alarm) };
  const reading = readCutDate({
    pattern, urgency: input.urgency, alarm, earliest: window.earliest.getTime(), latest: window.latest.getTime(), rule: window.rule, text: input.expirationText,
  });
  if (reading === null) return windowOnly(base, notes, `no day in the alarm's window is ${describePattern(pattern)}`, window);
  const bounds = { earliest: iso(reading.earliest), latest: iso(reading.latest) };
  if (reading.only === null) {
    const all = [reading.note, `only a window is known: between ${bounds.earliest} and ${bounds.latest}`, ...notes];
    return { ...base, ...bounds, at: null, precision: 'window', note: all.join('; ') };
  }
  const d = reading.only;
  const at = Math.max(wallClockToUtc({ ...wall, year: d.year, month: d.month, day: d.day }, zone.zone), reading.earliest);
  // When the day itself was cut, nothing of the time survived (a cut time after a whole day is in `notes` already).
  const time = f.day === null ? ['time of day cut: start of the day assumed, or the alarm time when the day began before it'] : [];
  return { ...base, ...bounds, at: iso(at), precision: 'inferred', note: [reading.note, ...notes, ...time].join('; ') };
}

/** Infers the expiry; pure, total (any text gives a valid Expiry). No closures: this runs for every alarm. */
export function inferExpiry(input: ExpiryInput): Expiry {
  const { urgency, alarmAt } = input;
  const text = input.expirationText;
  const window = alarmWindow(urgency, alarmAt);
  const f = parseExpirationText(text);
  const notes: string[] = input.notes ? input.notes.slice() : [];
  const base = { earliest: window.earliest.toISOString(), latest: window.latest.toISOString(), text };

  const { month, day } = f;
  if (!narrowsAnything(f)) return windowOnly(base, notes, f.cut.join(', ') || 'no date in the Expiration text', window);

  const zone = chooseZone(f, input.nodeZone);
  const wall: WallClock = {
    year: 0, month: month ?? 0, day: day ?? 1, hour: f.hour ?? 0, minute: f.minute ?? 0, second: f.second ?? 0, millisecond: f.millisecond ?? 0,
  };
  if (!isValidTime(wall.hour, wall.minute, wall.second, wall.millisecond)) return windowOnly(base, notes, `impossible time in "${text}"`, window);
  if (month === null || day === null) {
    if (zone.note) notes.push(zone.note);
    return fromCutDate(base, f, wall, zone, notes, input, window);
  }
  for (const c of f.cut) if (!c.startsWith('zone') && !c.startsWith('year')) notes.push(`${c}, start of the missing part assumed`);
  if (zone.note) notes.push(zone.note);

  if (f.year !== null) {
    if (!isValidDate(f.year, month, day)) return windowOnly(base, notes, `impossible date ${describeDate(f)} ${f.year}`, window);
    const at = wallClockToUtc({ ...wall, year: f.year }, zone.zone);
    if (f.weekday !== null && weekdayOf(f.year, month, day) !== f.weekday) {
      notes.push(`weekday ${WEEKDAY_NAMES[f.weekday]} does not match ${f.year}`);
    }
    if (at < window.earliest.getTime() - CANDIDATE_SLACK_MS || at > window.latest.getTime() + CANDIDATE_SLACK_MS) {
      notes.push(`outside the alarm's window (${window.rule})`);
    }
    const precision = zone.known && f.second !== null ? 'exact' : 'inferred';
    notes.unshift(precision === 'exact' ? 'full date in the Expiration text' : 'year in the Expiration text');
    return { ...base, at: iso(at), precision, note: notes.join('; ') };
  }

  // No weekday to pin the year: month and day still narrow the window like any cut date.
  if (f.weekday === null) return fromCutDate(base, f, wall, zone, notes, input, window);
  const alarm = alarmAt.getTime();
  const search: Search = {
    wall, zone: zone.zone, alarm, weekday: f.weekday,
    lo: window.earliest.getTime() - CANDIDATE_SLACK_MS, hi: window.latest.getTime() + CANDIDATE_SLACK_MS,
  };
  // Rank candidate years with the zone's offset at the alarm time (IANA lookups are slow, and offsets differ by an
  // hour or two at most, far less than the years between candidates); then place the chosen one exactly.
  const approxOffsetMs = offsetNearMs(zone.zone, alarm);
  let best = nearestYear(search, approxOffsetMs);
  if (best !== null) {
    const exactAt = wallClockToUtc({ ...wall, year: best.year }, zone.zone);
    best = exactAt >= search.lo && exactAt <= search.hi ? { year: best.year, at: exactAt } : nearestYear(search, null);
  }
  if (best === null) return windowOnly(base, notes, `no year puts ${describeDate(f)} on that weekday within the window`, window);
  if (urgency === 'unknown' && Math.abs(best.at - alarm) > UNBOUNDED_MAX_DISTANCE_YEARS * 365.25 * DAY_MS) {
    return windowOnly(base, notes, `${describeDate(f)} matches ${best.year}, too far from the alarm to choose without a window`, window);
  }
  notes.unshift(`year ${best.year} inferred: ${describeDate(f)} is a ${WEEKDAY_FULL_NAMES[f.weekday]} in ${best.year}, the matching year nearest the alarm (${window.rule})`);
  return { ...base, at: iso(best.at), precision: 'inferred', note: notes.join('; ') };
}
