// Reads the certificate `Expiration:` text (Java `EEE MMM dd HH:mm:ss:SSS zzz yyyy`) as far as it survived the cut:
// each field is taken only when it is certainly complete (fixed widths; a last token with no space after it may be cut).
import { monthIndex, weekdayIndex } from './calendar.js';
import { zoneCompletions, zoneFromToken } from './zones.js';

export interface ExpirationFields {
  weekday: number | null;
  month: number | null;
  day: number | null;
  hour: number | null;
  minute: number | null;
  second: number | null;
  millisecond: number | null;
  /** Zone token as sent (possibly cut, e.g. `CES`). */
  zoneToken: string | null;
  /** True when the zone token is complete (known to be the whole abbreviation). */
  zoneComplete: boolean;
  year: number | null;
  /** What was missing or cut, in words, for the expiry note. */
  cut: string[];
}

const TIME = /^(\d{1,2})(?::(\d{0,2}))?(?::(\d{0,2}))?(?:[:.](\d{0,3}))?$/;

function emptyFields(): ExpirationFields {
  return {
    weekday: null, month: null, day: null, hour: null, minute: null, second: null, millisecond: null,
    zoneToken: null, zoneComplete: false, year: null, cut: [],
  };
}

/** A numeric time part is usable when it has its full width, or when the token is known to be complete. */
function part(text: string | undefined, width: number, complete: boolean): number | null {
  if (text === undefined || text === '') return null;
  if (text.length < width && !complete) return null;
  return Number(text);
}

export function parseExpirationText(raw: string): ExpirationFields {
  const f = emptyFields();
  const text = raw.length > 80 ? raw.slice(0, 80) : raw;
  const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
  const endsWithSpace = /\s$/.test(text);
  const isComplete = (i: number): boolean => i < tokens.length - 1 || endsWithSpace;
  let i = 0;
  const at = (k: number): string => tokens[k] ?? '';

  if (tokens.length === 0) {
    f.cut.push('Expiration text cut away');
    return f;
  }
  // Weekday (optional in principle; Java always prints it).
  if (at(i).length === 3 && weekdayIndex(at(i)) !== null) {
    f.weekday = weekdayIndex(at(i));
    i += 1;
  } else if (i === tokens.length - 1 && !isComplete(i) && /^[A-Za-z]{1,2}$/.test(at(i))) {
    f.cut.push('weekday cut');
    return f;
  }
  if (i < tokens.length) {
    if (monthIndex(at(i)) !== null) {
      f.month = monthIndex(at(i));
      i += 1;
    } else {
      f.cut.push('month cut');
      return f;
    }
  } else {
    f.cut.push('month and day cut');
    return f;
  }
  if (i < tokens.length && /^\d{1,2}$/.test(at(i)) && (at(i).length === 2 || isComplete(i))) {
    f.day = Number(at(i));
    i += 1;
  } else {
    f.cut.push('day cut');
    return f;
  }
  if (i >= tokens.length) {
    f.cut.push('time cut');
    return f;
  }
  const time = TIME.exec(at(i));
  if (time) {
    const complete = isComplete(i);
    f.hour = part(time[1], 2, complete);
    f.minute = f.hour === null ? null : part(time[2], 2, complete);
    f.second = f.minute === null ? null : part(time[3], 2, complete);
    f.millisecond = f.second === null ? null : part(time[4], 3, complete);
    if (f.hour === null) f.cut.push('time cut');
    else if (f.minute === null) f.cut.push('minutes cut');
    else if (f.second === null) f.cut.push('seconds cut');
    i += 1;
  } else {
    f.cut.push('time cut');
    return f;
  }
  if (i >= tokens.length) {
    if (f.second !== null) f.cut.push('zone and year cut');
    return f;
  }
  // Zone: `zzz` (letters, or GMT+hh:mm); a year may follow directly when the zone is empty.
  if (!/^\d{4}$/.test(at(i))) {
    const token = at(i);
    f.zoneToken = token;
    f.zoneComplete = isComplete(i) || (zoneFromToken(token) !== null && zoneCompletions(token).length === 0);
    if (!f.zoneComplete) f.cut.push(`zone cut to "${token}"`);
    i += 1;
  }
  if (i >= tokens.length) {
    f.cut.push('year cut');
    return f;
  }
  const yearText = at(i);
  if (/^\d{4}$/.test(yearText)) f.year = Number(yearText);
  else f.cut.push(`year cut to "${yearText}"`);
  return f;
}
