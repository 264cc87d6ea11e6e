// Dates as CUCM's CLI prints them (Java's Date.toString: `Tue Mar 01 10:00:00 EST 2021`), to an ISO UTC instant.
// The zone abbreviation is read with the syslog parser's table (parse/zones.ts), which leaves ambiguous ones out.
import { monthIndex, weekdayIndex } from '../../parse/calendar.js';
import { wallClockToUtc, zoneFromToken } from '../../parse/zones.js';

export type JavaDateRead =
  { ok: true; iso: string } | { ok: false; reason: 'bad-date' | 'unknown-zone'; detail: string };

/** `EEE MMM dd HH:mm:ss zzz yyyy`, the weekday optional; anything else is `bad-date`. */
export function readJavaDate(text: string): JavaDateRead {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length === 6 && weekdayIndex(tokens[0] ?? '') !== null) tokens.shift();
  const [monthText = '', dayText = '', timeText = '', zoneText = '', yearText = ''] = tokens;
  const month = monthIndex(monthText);
  const time = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(timeText);
  if (
    tokens.length !== 5 ||
    month === null ||
    !/^\d{1,2}$/.test(dayText) ||
    time === null ||
    !/^\d{4}$/.test(yearText)
  ) {
    return { ok: false, reason: 'bad-date', detail: text.slice(0, 80) };
  }
  const zone = zoneFromToken(zoneText);
  if (zone === null) return { ok: false, reason: 'unknown-zone', detail: zoneText.slice(0, 20) };
  const wall = {
    year: Number(yearText),
    month,
    day: Number(dayText),
    hour: Number(time[1]),
    minute: Number(time[2]),
    second: Number(time[3]),
    millisecond: 0,
  };
  const utc = wallClockToUtc(wall, zone);
  const check = new Date(Date.UTC(wall.year, wall.month, wall.day));
  if (Number.isNaN(utc) || check.getUTCDate() !== wall.day || wall.hour > 23 || wall.minute > 59 || wall.second > 59) {
    return { ok: false, reason: 'bad-date', detail: text.slice(0, 80) };
  }
  return { ok: true, iso: new Date(utc).toISOString() };
}
