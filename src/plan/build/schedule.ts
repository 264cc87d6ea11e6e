// Review M3 / issue 8: each step gets a day. The first is the plan's day. A trust-anchor step comes at least
// PLAN_STEP_GAP_DAYS after the previous anchor step (phones settle on the new ITL in between: one maintenance window a
// week); any other step the day after the step before it. A step whose certificate would expire before its day is
// pulled earlier, to the last day before its expiry that still follows the step before it, and says so; when even
// that is too late, it is late whatever the order, and the plan names it and what its expiry breaks.
// With maintenance windows in the inventory, each step goes in the first window that opens on or after that day, and a
// step pulled earlier goes in the last window that closes before its expiry.
import { zonedDay } from '../../render/zoned-date.js';
import type { MaintenanceWindow } from '../../domain/cluster.js';
import type { PlanTarget } from '../../domain/plan-target.js';
import { lastWindowBetween, nextWindow, type WindowSlot } from './windows.js';

export const DAY_MS = 86_400_000;

export interface StageSlot {
  date: string;
  deadline: string | null;
  late: boolean;
  /** Set when the step was pulled closer to the step before it than the usual gap, to stay before its expiry. */
  pulledEarlier: string | null;
  /** The maintenance window the step is in (ISO-8601 UTC), when the inventory has windows. */
  window: { start: string; end: string } | null;
}

/** The first expiry (epoch ms) among the targets, null when none has a date. */
export function earliestExpiryMs(targets: readonly PlanTarget[]): number | null {
  const times = targets
    .map((t) => (t.expiresAt ? Date.parse(t.expiresAt) : Number.NaN))
    .filter((x) => !Number.isNaN(x));
  return times.length ? Math.min(...times) : null;
}

function earliestExpiry(targets: readonly PlanTarget[]): string | null {
  const ms = earliestExpiryMs(targets);
  return ms === null ? null : new Date(ms).toISOString();
}

/** Day offsets from the plan's day: anchors `gapDays` after the previous anchor, every step after the one before. */
export function dayOffsets(anchors: readonly boolean[], gapDays: number): number[] {
  const out: number[] = [];
  let lastAnchor: number | null = null;
  anchors.forEach((anchor, i) => {
    const afterPrevious = i === 0 ? 0 : out[i - 1]! + 1;
    const day = anchor && lastAnchor !== null ? Math.max(afterPrevious, lastAnchor + gapDays) : afterPrevious;
    out.push(day);
    if (anchor) lastAnchor = day;
  });
  return out;
}

export interface StageToSchedule {
  anchor: boolean;
  targets: readonly PlanTarget[];
}

export function scheduleStages(
  stages: readonly StageToSchedule[],
  now: Date,
  gapDays: number,
  zone: string,
  windows: readonly MaintenanceWindow[] = [],
): StageSlot[] {
  if (windows.length) return scheduleInWindows(stages, now, gapDays, zone, windows);
  const offsets = dayOffsets(stages.map((s) => s.anchor), gapDays);
  return stages.map((s, i) => {
    const deadline = earliestExpiry(s.targets);
    const at = (day: number): number => now.getTime() + day * DAY_MS;
    let pulledEarlier: string | null = null;
    if (i > 0 && deadline !== null && Date.parse(deadline) < at(offsets[i]!)) {
      // The last whole day before the expiry that still comes after the previous step.
      const lastDay = Math.ceil((Date.parse(deadline) - now.getTime()) / DAY_MS) - 1;
      if (lastDay > offsets[i - 1]!) {
        pulledEarlier = `${offsets[i]! - lastDay} day(s) earlier than the usual gap, to stay before its expiry: only ${lastDay - offsets[i - 1]!} day(s) after the step before it, whose gate must pass first`;
        offsets[i] = lastDay;
      }
    }
    // The first step is today: an already expired certificate is the expired text's business, not lateness.
    const late = i > 0 && deadline !== null && Date.parse(deadline) < at(offsets[i]!);
    return {
      date: zonedDay(new Date(at(offsets[i]!)).toISOString(), zone),
      deadline,
      late,
      pulledEarlier,
      window: null,
    };
  });
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The same rules in windows: a step's earliest instant is the plan's time (the first step), else a day after the
 * previous step's window opened, and for an anchor `gapDays` after the previous anchor's; it takes the first window
 * from then. A step whose certificate expires before that window ends takes the last window after the previous step
 * that ends before the expiry, else it is late.
 */
function scheduleInWindows(
  stages: readonly StageToSchedule[],
  now: Date,
  gapDays: number,
  zone: string,
  windows: readonly MaintenanceWindow[],
): StageSlot[] {
  const out: StageSlot[] = [];
  let previous: WindowSlot | null = null;
  let lastAnchor: WindowSlot | null = null;
  for (const s of stages) {
    const deadline = earliestExpiry(s.targets);
    const afterPrevious = previous ? previous.start + DAY_MS : now.getTime();
    const earliest: number =
      s.anchor && lastAnchor ? Math.max(afterPrevious, lastAnchor.start + gapDays * DAY_MS) : afterPrevious;
    let slot: WindowSlot = nextWindow(windows, earliest, zone)!;
    let pulledEarlier: string | null = null;
    if (previous && deadline !== null && Date.parse(deadline) < slot.end) {
      const earlier = lastWindowBetween(windows, previous.start, Date.parse(deadline), zone);
      if (earlier && earlier.start < slot.start) {
        pulledEarlier = `in the window of ${zonedDay(iso(earlier.start), zone)}, earlier than the usual gap, to stay before its expiry (the step before it must pass its gate first)`;
        slot = earlier;
      }
    }
    const late = previous !== null && deadline !== null && Date.parse(deadline) < slot.end;
    out.push({
      date: zonedDay(iso(slot.start), zone),
      deadline,
      late,
      pulledEarlier,
      window: { start: iso(slot.start), end: iso(slot.end) },
    });
    previous = slot;
    if (s.anchor) lastAnchor = slot;
  }
  return out;
}
