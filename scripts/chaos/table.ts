// Prints the chaos rows as a plain-text table (one line per scenario, then each row's notes and problems).
import type { Row } from './stage.js';

const HEADERS = ['scenario', 'sent', 'accepted', 'ticketed', 'mails', 'dup (same id)', 'lost', 'RSS peak', 'recovery'] as const;

function cells(row: Row): string[] {
  return [
    row.scenario,
    String(row.sent),
    String(row.accepted),
    String(row.ticketed),
    String(row.delivered),
    `${row.duplicates} (${row.sameIdResends})`,
    String(row.lost),
    `${(row.rssPeakBytes / 1048576).toFixed(0)} MB`,
    row.recoveryMs === null ? 'never' : `${(row.recoveryMs / 1000).toFixed(1)} s`,
  ];
}

export function formatTable(rows: readonly Row[], problems: ReadonlyMap<string, string[]> = new Map()): string {
  const table = [[...HEADERS], ...rows.map(cells)];
  const widths = HEADERS.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const out = [line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)];
  for (const row of rows) {
    const said = [...row.notes, ...(problems.get(row.scenario) ?? []).map((p) => `FAIL: ${p}`)];
    if (said.length > 0) out.push('', `${row.scenario}:`, ...said.map((n) => `  ${n}`));
  }
  for (const [scenario, said] of problems) {
    if (!rows.some((r) => r.scenario === scenario) && said.length > 0) out.push('', `${scenario}: no row`, ...said.map((p) => `  FAIL: ${p}`));
  }
  return out.join('\n');
}
