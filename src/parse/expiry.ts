// The core inference: when does the certificate expire, given a (usually cut) Expiration text, the alarm name and
// the alarm time. Exact when the text still has its year; otherwise weekday + month + day pin the year within the
// window the alarm name implies; otherwise only that window. The year is never invented silently: the note says how.
import type { Expiry, Urgency } from '../domain/certificate-event.js';
import { MONTH_NAMES, WEEKDAY_NAMES, isValidDate, isValidTime, weekdayOf } from './calendar.js';
import { parseExpirationText, type ExpirationFields } from './expiration-text.js';
import { UTC_ZONE, ZONE_ABBREVIATIONS, describeZone, wallClockToUtc, zoneCompletions, zoneFromToken, type ZoneRef } from './zones.js';

const DAY_MS = 86400000;
const WEEKDAY_FULL = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
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

/** Infers the expiry; pure, total (any text gives a valid Expiry). */
export function inferExpiry(input: ExpiryInput): Expiry {
  const { urgency, alarmAt } = input;
  const text = input.expirationText;
  const window = alarmWindow(urgency, alarmAt);
  const f = parseExpirationText(text);
  const notes: string[] = [...(input.notes ?? [])];
  const base = { earliest: window.earliest.toISOString(), latest: window.latest.toISOString(), text };
  const windowOnly = (why: string): Expiry => ({
    ...base, at: null, precision: 'window',
    note: [...notes, why, `only the window is known: ${window.rule}`].filter((n) => n !== '').join('; '),
  });

  if (f.month === null || f.day === null) return windowOnly(f.cut.join(', ') || 'no date in the Expiration text');

  const zone = chooseZone(f, input.nodeZone);
  const hour = f.hour ?? 0;
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  const millisecond = f.millisecond ?? 0;
  if (!isValidTime(hour, minute, second, millisecond)) return windowOnly(`impossible time in "${text}"`);
  for (const c of f.cut) if (!c.startsWith('zone') && !c.startsWith('year')) notes.push(`${c}, start of the missing part assumed`);
  if (zone.note) notes.push(zone.note);
  const wall = (year: number) => ({ year, month: f.month ?? 0, day: f.day ?? 1, hour, minute, second, millisecond });

  if (f.year !== null) {
    if (!isValidDate(f.year, f.month, f.day)) return windowOnly(`impossible date ${describeDate(f)} ${f.year}`);
    const at = wallClockToUtc(wall(f.year), zone.zone);
    if (f.weekday !== null && weekdayOf(f.year, f.month, f.day) !== f.weekday) {
      notes.push(`weekday ${WEEKDAY_NAMES[f.weekday]} does not match ${f.year}`);
    }
    if (at < window.earliest.getTime() - CANDIDATE_SLACK_MS || at > window.latest.getTime() + CANDIDATE_SLACK_MS) {
      notes.push(`outside the alarm's window (${window.rule})`);
    }
    const precision = zone.known && f.second !== null ? 'exact' : 'inferred';
    notes.unshift(precision === 'exact' ? 'full date in the Expiration text' : 'year in the Expiration text');
    return { ...base, at: iso(at), precision, note: notes.join('; ') };
  }

  if (f.weekday === null) return windowOnly(`no weekday to pin the year of ${describeDate(f)}`);
  const alarm = alarmAt.getTime();
  const lo = window.earliest.getTime() - CANDIDATE_SLACK_MS;
  const hi = window.latest.getTime() + CANDIDATE_SLACK_MS;
  const alarmYear = alarmAt.getUTCFullYear();
  let best: { year: number; at: number } | null = null;
  for (let year = alarmYear - LOOKBACK_YEARS - 1; year <= alarmYear + LOOKBACK_YEARS + 1; year += 1) {
    if (!isValidDate(year, f.month, f.day) || weekdayOf(year, f.month, f.day) !== f.weekday) continue;
    const at = wallClockToUtc(wall(year), zone.zone);
    if (at < lo || at > hi) continue;
    if (best === null || Math.abs(at - alarm) < Math.abs(best.at - alarm)) best = { year, at };
  }
  if (best === null) return windowOnly(`no year puts ${describeDate(f)} on that weekday within the window`);
  if (urgency === 'unknown' && Math.abs(best.at - alarm) > UNBOUNDED_MAX_DISTANCE_YEARS * 365.25 * DAY_MS) {
    return windowOnly(`${describeDate(f)} matches ${best.year}, too far from the alarm to choose without a window`);
  }
  notes.unshift(`year ${best.year} inferred: ${describeDate(f)} is a ${WEEKDAY_FULL[f.weekday]} in ${best.year}, the matching year nearest the alarm (${window.rule})`);
  return { ...base, at: iso(best.at), precision: 'inferred', note: notes.join('; ') };
}
