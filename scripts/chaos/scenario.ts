// What a chaos scenario is: a name, whether it is fast enough for CI, and a run that returns its row of the table.
import type { Scale } from './scale.js';
import type { Row } from './stage.js';

export interface Scenario {
  name: string;
  /** Fast scenarios also run in CI (test/chaos/chaos-fast.test.ts); the others only in `npm run chaos`. */
  fast: boolean;
  /**
   * True where the fault makes the sender unable to know a mail arrived (the 250 reply lost): it must resend, and
   * the resend carries the same Message-ID. Those copies are shown, and only duplicates under another Message-ID fail.
   */
  resendsExpected?: boolean;
  run(scale: Scale): Promise<Row>;
}

/** RSS bound of issue 9 for every scenario, connection floods included. */
export const RSS_LIMIT_BYTES = 250 * 1024 * 1024;

/** Why a row fails the suite: lost alarms, duplicate deliveries, memory over the bound, no recovery. */
export function rowProblems(row: Row, scenario: Pick<Scenario, 'resendsExpected'>): string[] {
  const problems: string[] = [...row.failures];
  if (row.lost > 0) problems.push(`${row.lost} accepted alarm(s) lost`);
  if (row.unknownRevisions > 0) problems.push(`${row.unknownRevisions} deliveries of an unknown ticket revision`);
  const counted = scenario.resendsExpected ? row.duplicates - row.sameIdResends : row.duplicates;
  if (counted > 0) problems.push(`${counted} duplicate deliveries`);
  if (row.rssPeakBytes >= RSS_LIMIT_BYTES) problems.push(`RSS peak ${Math.round(row.rssPeakBytes / 1048576)} MB >= 250 MB`);
  if (row.recoveryMs === null) problems.push('never recovered within the bound');
  return problems;
}
