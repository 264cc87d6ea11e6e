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

export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Years outside this range are treated as garbage: Date.UTC maps 0..99 to 1900.., and no CUCM alarm predates 1990. */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2199;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Plain arithmetic rather than Date objects: the expiry inference tests ~40 candidate years per alarm.
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) return false;
  if (!Number.isInteger(month) || month < 0 || month > 11) return false;
  if (!Number.isInteger(day) || day < 1) return false;
  return day <= (month === 1 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month] ?? 31));
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

/** Weekday of a calendar date (independent of any zone): 0 = Sunday. 1970-01-01 was a Thursday. */
export function weekdayOf(year: number, month: number, day: number): number {
  return (((daysFromCivil(year, month, day) + 4) % 7) + 7) % 7;
}

export function isValidTime(hour: number, minute: number, second: number, millisecond: number): boolean {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60 && millisecond >= 0 && millisecond <= 999;
}
