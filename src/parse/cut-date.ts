// A cut Expiration date (`Mon N`, `Fri Oct 1`, `Wed Ju`) read as the set of calendar days it can still be: the days in
// the alarm's window whose weekday, month and day of the month match what survived. One day left: the date is inferred;
// several: the window narrows to the first and last of them. A "valid for" alarm also says the certificate had not
// expired yet, so its matching days before the alarm are set aside while any day after the alarm matches.
import type { Urgency } from '../domain/certificate-event.js';
import {
  ALL_DAYS, ALL_MONTHS, ALL_WEEKDAYS, MONTH_FULL_NAMES, MONTH_NAMES, WEEKDAY_FULL_NAMES, WEEKDAY_NAMES, civilFromDays, daysInMonth, weekdayOfDayNumber,
} from './calendar.js';
import { wallClockToUtc, type ZoneRef } from './zones.js';

const DAY_MS = 86400000;
/**
 * The "valid for" alarm whose window reaches back before the alarm (the 7-day one: CUCM also sends it for certificates
 * that have expired), named in the note so an admin can match it with what CUCM sent. CertValidLessthanADay's window
 * starts at the alarm: nothing to set aside there.
 */
const VALID_FOR_ALARM: Partial<Record<Urgency, string>> = { week: 'CertValidfor7days' };

/** What survives of the date (masks from calendar.ts) and the zone its days are placed in. */
export interface DatePattern {
  weekdays: number;
  months: number;
  days: number;
  zone: ZoneRef;
  /** The zone's offset near the alarm (ms): maps instants to local day numbers for the scan (placing is exact). */
  approxOffsetMs: number;
}

/** A calendar day, its day number since 1970-01-01, and the UTC span [start, end) it covers in the pattern's zone. */
export interface CandidateDay {
  n: number;
  year: number;
  month: number;
  day: number;
  start: number;
  end: number;
}

export interface CutDateReading {
  /** The only day left, or null when several are. */
  only: CandidateDay | null;
  /** The part of the window the matching days cover (UTC ms), the set-aside days excluded. */
  earliest: number;
  latest: number;
  /** Why, in words for an administrator. */
  note: string;
}

/** True when something survives of the date, i.e. it narrows the alarm's window at all. */
export function narrowsAnything(p: Pick<DatePattern, 'weekdays' | 'months' | 'days'>): boolean {
  return p.weekdays !== ALL_WEEKDAYS || p.months !== ALL_MONTHS || p.days !== ALL_DAYS;
}

function localDayNumber(p: DatePattern, t: number): number {
  return Math.floor((t + p.approxOffsetMs) / DAY_MS);
}

/**
 * The first day number from `from` to `to` (inclusive, `step` +1 or -1) whose date matches the pattern, else null.
 * Plain arithmetic, no closures: a 7-day alarm's window spans 20 years of days (months not in the mask are skipped).
 */
function scan(p: DatePattern, from: number, to: number, step: 1 | -1): number | null {
  let { year, month, day } = civilFromDays(from);
  let n = from;
  while (step > 0 ? n <= to : n >= to) {
    const monthFits = ((p.months >>> month) & 1) === 1;
    if (monthFits && ((p.days >>> (day - 1)) & 1) === 1 && ((p.weekdays >>> weekdayOfDayNumber(n)) & 1) === 1) return n;
    if (step > 0) {
      // Next day, or the first of the next month when this month cannot match.
      const last = daysInMonth(year, month);
      n += monthFits ? 1 : last - day + 1;
      day = monthFits ? day + 1 : last + 1;
      if (day > last) {
        day = 1;
        month = month === 11 ? 0 : month + 1;
        if (month === 0) year += 1;
      }
    } else {
      // Previous day, or the last of the previous month when this month cannot match.
      n -= monthFits ? 1 : day;
      day = monthFits ? day - 1 : 0;
      if (day < 1) {
        month = month === 0 ? 11 : month - 1;
        if (month === 11) year -= 1;
        day = daysInMonth(year, month);
      }
    }
  }
  return null;
}

function place(p: DatePattern, n: number): CandidateDay {
  const c = civilFromDays(n);
  const next = civilFromDays(n + 1);
  const start = wallClockToUtc({ year: c.year, month: c.month, day: c.day, hour: 0, minute: 0, second: 0, millisecond: 0 }, p.zone);
  const end = wallClockToUtc({ year: next.year, month: next.month, day: next.day, hour: 0, minute: 0, second: 0, millisecond: 0 }, p.zone);
  return { n, year: c.year, month: c.month, day: c.day, start, end };
}

function overlaps(d: CandidateDay, lo: number, hi: number): boolean {
  return d.end > lo && d.start <= hi;
}

/** The first and last matching days that overlap [lo, hi] (UTC ms; the same day when only one does), else null. */
function candidatesIn(p: DatePattern, lo: number, hi: number): { first: CandidateDay; last: CandidateDay } | null {
  const loDay = localDayNumber(p, lo) - 1;
  const hiDay = localDayNumber(p, hi) + 1;
  let first: CandidateDay | null = null;
  for (let n = scan(p, loDay, hiDay, 1); n !== null && first === null; n = scan(p, n + 1, hiDay, 1)) {
    const d = place(p, n);
    if (overlaps(d, lo, hi)) first = d;
  }
  if (first === null) return null;
  for (let n = scan(p, hiDay, first.n + 1, -1); n !== null; n = scan(p, n - 1, first.n + 1, -1)) {
    const d = place(p, n);
    if (overlaps(d, lo, hi)) return { first, last: d };
  }
  return { first, last: first };
}

/** `Mon 30 Nov 2026` */
function formatDay(d: Pick<CandidateDay, 'year' | 'month' | 'day'>): string {
  const wd = weekdayOfDayNumber(Math.floor(Date.UTC(d.year, d.month, d.day) / DAY_MS));
  return `${WEEKDAY_NAMES[wd]} ${d.day} ${MONTH_NAMES[d.month]} ${d.year}`;
}

function namesOf(mask: number, names: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < names.length; i += 1) if (((mask >>> i) & 1) === 1) out.push(names[i] ?? '');
  return out.length <= 1 ? (out[0] ?? '') : `${out.slice(0, -1).join(', ')} or ${out[out.length - 1] ?? ''}`;
}

function daysOf(mask: number): string {
  const runs: string[] = [];
  for (let day = 1; day <= 31; day += 1) {
    if (((mask >>> (day - 1)) & 1) === 0) continue;
    let end = day;
    while (end < 31 && ((mask >>> end) & 1) === 1) end += 1;
    runs.push(end === day ? String(day) : `${day}-${end}`);
    day = end;
  }
  return runs.length <= 1 ? (runs[0] ?? '') : `${runs.slice(0, -1).join(', ')} or ${runs[runs.length - 1] ?? ''}`;
}

/** What survives, in words: `a Monday in November`, `a Friday numbered 1 or 10-19 in October`. */
export function describePattern(p: Pick<DatePattern, 'weekdays' | 'months' | 'days'>): string {
  const weekday = p.weekdays === ALL_WEEKDAYS ? 'a day' : `a ${namesOf(p.weekdays, WEEKDAY_FULL_NAMES)}`;
  const days = p.days === ALL_DAYS ? '' : ` numbered ${daysOf(p.days)}`;
  const months = p.months === ALL_MONTHS ? '' : ` in ${namesOf(p.months, MONTH_FULL_NAMES)}`;
  return `${weekday}${days}${months}`;
}

export interface CutDateInput {
  pattern: DatePattern;
  urgency: Urgency;
  alarm: number;
  /** The alarm's window (UTC ms) and its rule in words. */
  earliest: number;
  latest: number;
  rule: string;
  /** The Expiration text as sent. */
  text: string;
}

/** Reads a cut date within the alarm's window; null when no day of the window matches. */
export function readCutDate(input: CutDateInput): CutDateReading | null {
  const { pattern, alarm, latest } = input;
  const left = `the cut text "${input.text.trim()}" leaves ${describePattern(pattern)}`;
  const validFor = VALID_FOR_ALARM[input.urgency];
  if (validFor !== undefined) {
    const after = candidatesIn(pattern, alarm, latest);
    if (after !== null) {
      const { first, last } = after;
      const before = scan(pattern, localDayNumber(pattern, first.start) - 1, localDayNumber(pattern, input.earliest), -1);
      const setAside = before === null ? ''
        : `; earlier matching days (the latest ${formatDay(civilFromDays(before))}) were set aside: on those the certificate would already have expired when the alarm was raised, which CUCM reports as CertExpired, not ${validFor}`;
      const bounds = { earliest: Math.max(first.start, alarm), latest: Math.min(last.end, latest) };
      if (first.n === last.n) {
        return { only: first, ...bounds, note: `date inferred: ${left}, and ${formatDay(first)} is the only such day in the 7 days after the alarm${setAside}` };
      }
      return { only: null, ...bounds, note: `${left}; such days in the 7 days after the alarm fall between ${formatDay(first)} and ${formatDay(last)}${setAside}` };
    }
  }
  const all = candidatesIn(pattern, input.earliest, latest);
  if (all === null) return null;
  const { first, last } = all;
  const expiredAnyway = validFor === undefined ? ''
    : `; no such day falls in the 7 days after the alarm, so the certificate had already expired (${validFor} is also sent for expired certificates)`;
  const bounds = { earliest: Math.max(first.start, input.earliest), latest: Math.min(last.end, latest) };
  if (first.n === last.n) {
    return { only: first, ...bounds, note: `date inferred: ${left}${expiredAnyway}, and ${formatDay(first)} is the only such day in the alarm's window (${input.rule})` };
  }
  return { only: null, ...bounds, note: `${left}${expiredAnyway}; such days in the alarm's window (${input.rule}) fall between ${formatDay(first)} and ${formatDay(last)}` };
}
