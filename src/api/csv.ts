// CSV export (RFC 4180) that a spreadsheet cannot run: cells that would start a formula get a leading quote.

/** Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Array.isArray(value)) return value.map(text).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One cell: strings that look like formulas are prefixed with ', then quoted when they hold , " CR or LF. */
export function csvCell(value: unknown): string {
  let s = text(value);
  // Numbers and booleans are our own values (e.g. -5 is a number, not a formula); every string is suspect.
  if (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'bigint' && FORMULA_START.test(s)) {
    s = `'${s}`;
  }
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header row of `columns`, then one row per record in column order; CRLF line ends as RFC 4180 says. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
