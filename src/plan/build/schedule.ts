// Review M3 / issue 8: each step gets a day. The first is the plan's day; the next ones follow one maintenance window
// (PLAN_STEP_GAP_DAYS) apart. A step whose certificate expires before its day is late whatever the order: the plan
// names the first such certificate and what its expiry breaks.
import { zonedDay } from '../../render/zoned-date.js';
import type { PlanTarget } from '../../domain/plan-target.js';

const DAY_MS = 86_400_000;

export interface StageSlot {
  date: string;
  deadline: string | null;
  late: boolean;
}

export function earliestExpiry(targets: readonly PlanTarget[]): string | null {
  const times = targets.map((t) => (t.expiresAt ? Date.parse(t.expiresAt) : Number.NaN)).filter((x) => !Number.isNaN(x));
  return times.length ? new Date(Math.min(...times)).toISOString() : null;
}

/** The slot of the step at `position` (0-based) among the plan's steps. */
export function slotOf(position: number, targets: readonly PlanTarget[], now: Date, gapDays: number, zone: string): StageSlot {
  const at = now.getTime() + position * gapDays * DAY_MS;
  const deadline = earliestExpiry(targets);
  // The first step is today: an already expired certificate is the expired text's business, not lateness.
  const late = position > 0 && deadline !== null && Date.parse(deadline) < at;
  return { date: zonedDay(new Date(at).toISOString(), zone), deadline, late };
}
