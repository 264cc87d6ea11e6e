// Month and weekday names as CiscoLog and Java print them, and the few calendar facts the parser needs.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** 0-based month of a three-letter English month name (any case), else null. */
export function monthIndex(token: string): number | null {
  if (token.length !== 3) return null;
  const i = MONTHS.indexOf(token.toLowerCase());
  return i < 0 ? null : i;
}

/** 0 (Sunday) .. 6 of a three-letter English weekday name (any case), else null. */
export function weekdayIndex(token: string): number | null {
  if (token.length !== 3) return null;
  const i = WEEKDAYS.indexOf(token.toLowerCase());
  return i < 0 ? null : i;
}

/**
 * Sets of weekdays, months and days of the month as bit masks (bit i: weekday i, month i, day i + 1): what survives of
 * a cut date field. Masks rather than arrays: the expiry inference tests them for every day it scans.
 */
export const ALL_WEEKDAYS = 0x7f;
export const ALL_MONTHS = 0xfff;
export const ALL_DAYS = 0x7fffffff;

function prefixMask(names: readonly string[], prefix: string): number {
  const p = prefix.toLowerCase();
  let mask = 0;
  for (let i = 0; i < names.length; i += 1) if ((names[i] ?? '').startsWith(p)) mask |= 1 << i;
  return mask;
}

/** Weekdays whose name starts with a cut token (`We` -> Wed, `T` -> Tue and Thu); 0 when none does. */
export function weekdayPrefixMask(prefix: string): number {
  return prefixMask(WEEKDAYS, prefix);
}

/** Months whose name starts with a cut token (`N` -> Nov, `Ju` -> Jun and Jul); 0 when none does. */
export function monthPrefixMask(prefix: string): number {
  return prefixMask(MONTHS, prefix);
}

/**
 * Days of the month a cut one-digit day can be: the digit itself (an unpadded day) or any two-digit day starting
 * with it (`1` -> 1 and 10-19, `0` -> 01-09, `3` -> 3, 30, 31, `4` -> 4 only).
 */
export function dayPrefixMask(digit: number): number {
  let mask = digit >= 1 ? 1 << (digit - 1) : 0;
  for (let day = digit * 10; day <= 31 && day <= digit * 10 + 9; day += 1) if (day >= 1) mask |= 1 << (day - 1);
  return mask;
}

/** The one index set in a mask, or null when none or several are. */
export function singleIndex(mask: number): number | null {
  if (mask === 0 || (mask & (mask - 1)) !== 0) return null;
  return 31 - Math.clz32(mask);
}

export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** Full names, for notes an administrator reads. */
export const WEEKDAY_FULL_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const MONTH_FULL_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** Years outside this range are treated as garbage: Date.UTC maps 0..99 to 1900.., and no CUCM alarm predates 1990. */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2199;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (0-based) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  return month === 1 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month] ?? 31);
}

// Plain arithmetic rather than Date objects: the expiry inference tests ~40 candidate years per alarm.
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return false;
  if (!Number.isInteger(month) || month < 0 || month > 11) return false;
  if (!Number.isInteger(day) || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month < 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const m = month + 1;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  /** 0-based. */
  month: number;
  day: number;
}

/** The calendar date of a day number since 1970-01-01 (H. Hinnant's civil_from_days, the inverse of daysFromCivil). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 2 : mp - 10;
  return { year: yoe + era * 400 + (month < 2 ? 1 : 0), month, day };
}

/** Weekday of a day number since 1970-01-01 (a Thursday): 0 = Sunday. */
export function weekdayOfDayNumber(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** Weekday of a calendar date (independent of any zone): 0 = Sunday. 1970-01-01 was a Thursday. */
export function weekdayOf(year: number, month: number, day: number): number {
  return weekdayOfDayNumber(daysFromCivil(year, month, day));
}

export function isValidTime(hour: number, minute: number, second: number, millisecond: number): boolean {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60 && millisecond >= 0 && millisecond <= 999;
}
