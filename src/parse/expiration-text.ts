// Reads the certificate `Expiration:` text (Java `EEE MMM dd HH:mm:ss:SSS zzz yyyy`) as far as it survived the cut:
// each field is taken only when it is certainly complete (fixed widths; a last token with no space after it may be cut).
// A cut weekday, month or day still narrows the date: its masks keep every value the cut token can be the start of.
import {
  ALL_DAYS, ALL_MONTHS, ALL_WEEKDAYS, dayPrefixMask, monthIndex, monthPrefixMask, singleIndex, weekdayIndex, weekdayPrefixMask,
} from './calendar.js';
import { zoneCompletions, zoneFromToken } from './zones.js';

export interface ExpirationFields {
  /** Each date field when certain (complete, or cut to a start only one value has); null otherwise. */
  weekday: number | null;
  month: number | null;
  day: number | null;
  /** What survives of each date field as a mask (calendar.ts): all bits when nothing does, one when it is certain. */
  weekdays: number;
  months: number;
  days: number;
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
    weekday: null, month: null, day: null, weekdays: ALL_WEEKDAYS, months: ALL_MONTHS, days: ALL_DAYS, hour: null, minute: null, second: null, millisecond: null,
    zoneToken: null, zoneComplete: false, year: null, cut: [],
  };
}

/** A numeric time part is usable when it has its full width, or when the token is known to be complete. */
function part(text: string | undefined, width: number, complete: boolean): number | null {
  if (text === undefined || text === '') return null;
  if (text.length < width && !complete) return null;
  return Number(text);
}

// Module-level helpers rather than closures: this runs for every alarm, and tsx names every closure it creates.
function tok(tokens: string[], i: number): string {
  return tokens[i] ?? '';
}

/** The last token is complete only when white space follows it (the text may have been cut inside it). */
function complete(tokens: string[], i: number, endsWithSpace: boolean): boolean {
  return i < tokens.length - 1 || endsWithSpace;
}

/** A last, possibly cut token of one or two letters: the start of a weekday or month name. */
function isCutName(tokens: string[], i: number, endsWithSpace: boolean): boolean {
  return i === tokens.length - 1 && !complete(tokens, i, endsWithSpace) && /^[A-Za-z]{1,2}$/.test(tok(tokens, i));
}

export function parseExpirationText(raw: string): ExpirationFields {
  const f = emptyFields();
  const text = raw.length > 80 ? raw.slice(0, 80) : raw;
  const trimmed = text.trim();
  const tokens = trimmed === '' ? [] : trimmed.split(/\s+/);
  const endsWithSpace = /\s$/.test(text);
  let i = 0;

  if (tokens.length === 0) {
    f.cut.push('Expiration text cut away');
    return f;
  }
  // Weekday (optional in principle; Java always prints it).
  if (tok(tokens, i).length === 3 && weekdayIndex(tok(tokens, i)) !== null) {
    f.weekday = weekdayIndex(tok(tokens, i));
    f.weekdays = 1 << (f.weekday ?? 0);
    i += 1;
  } else if (isCutName(tokens, i, endsWithSpace)) {
    const mask = weekdayPrefixMask(tok(tokens, i));
    if (mask !== 0) {
      f.weekdays = mask;
      f.weekday = singleIndex(mask);
    }
    f.cut.push(mask === 0 ? 'weekday cut' : `weekday cut to "${tok(tokens, i)}"`);
    return f;
  }
  if (i >= tokens.length) {
    f.cut.push('month and day cut');
    return f;
  }
  const monthToken = tok(tokens, i);
  if (monthIndex(monthToken) !== null) {
    f.month = monthIndex(monthToken);
    f.months = 1 << (f.month ?? 0);
    i += 1;
  } else if (isCutName(tokens, i, endsWithSpace) && monthPrefixMask(monthToken) !== 0) {
    f.months = monthPrefixMask(monthToken);
    f.month = singleIndex(f.months);
    f.cut.push(`month cut to "${monthToken}"`);
    return f;
  } else {
    // Not a date: what looked like a weekday narrows nothing either.
    f.weekday = null;
    f.weekdays = ALL_WEEKDAYS;
    f.cut.push('month cut');
    return f;
  }
  const dayToken = tok(tokens, i);
  if (/^\d{1,2}$/.test(dayToken) && (dayToken.length === 2 || complete(tokens, i, endsWithSpace) || Number(dayToken) >= 4)) {
    // A lone digit from 4 up is the whole day even when cut: no day of the month has two digits starting with it.
    f.day = Number(dayToken);
    f.days = f.day >= 1 && f.day <= 31 ? 1 << (f.day - 1) : 0;
    i += 1;
  } else if (/^\d$/.test(dayToken)) {
    f.days = dayPrefixMask(Number(dayToken));
    f.cut.push(`day cut to "${dayToken}"`);
    return f;
  } else {
    f.cut.push('day cut');
    return f;
  }
  if (i >= tokens.length) {
    f.cut.push('time cut');
    return f;
  }
  const time = TIME.exec(tok(tokens, i));
  if (time) {
    const timeComplete = complete(tokens, i, endsWithSpace);
    f.hour = part(time[1], 2, timeComplete);
    f.minute = f.hour === null ? null : part(time[2], 2, timeComplete);
    f.second = f.minute === null ? null : part(time[3], 2, timeComplete);
    f.millisecond = f.second === null ? null : part(time[4], 3, timeComplete);
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
  if (!/^\d{4}$/.test(tok(tokens, i))) {
    const token = tok(tokens, i);
    f.zoneToken = token;
    f.zoneComplete = complete(tokens, i, endsWithSpace) || (zoneFromToken(token) !== null && zoneCompletions(token).length === 0);
    if (!f.zoneComplete) f.cut.push(`zone cut to "${token}"`);
    i += 1;
  }
  if (i >= tokens.length) {
    f.cut.push('year cut');
    return f;
  }
  const yearText = tok(tokens, i);
  if (/^\d{4}$/.test(yearText)) f.year = Number(yearText);
  else f.cut.push(`year cut to "${yearText}"`);
  return f;
}
