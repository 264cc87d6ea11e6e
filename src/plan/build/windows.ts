// Weekly maintenance windows (issue 10): when the next one opens after an instant, in the window's own time zone
// (daylight saving included), and which windows fall between two instants. Pure: instants in, instants out.
import { WEEKDAYS, type MaintenanceWindow } from '../../domain/cluster.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface WindowSlot {
  /** Epoch ms of the window's start and end. */
  start: number;
  end: number;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(zone: string): Intl.DateTimeFormat {
  let f = wallClocks.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    wallClocks.set(zone, f);
  }
  return f;
}

/** The zone's wall clock at an instant: its calendar day (as a UTC midnight), weekday and offset from UTC. */
function wallAt(ms: number, zone: string): { dayUtcMs: number; weekday: string; offsetMs: number } {
  const p = Object.fromEntries(wallClock(zone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return {
    dayUtcMs: Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)),
    weekday: p.weekday!,
    offsetMs: asUtc - Math.floor(ms / MINUTE_MS) * MINUTE_MS,
  };
}

/** The instant a wall-clock time of a zone names (the later reading where a clock change makes it ambiguous). */
function instantOf(wallUtcMs: number, zone: string): number {
  const guess = wallUtcMs - wallAt(wallUtcMs, zone).offsetMs;
  // Across a clock change the offset at the guess differs from the one at the answer: one correction settles it.
  return wallUtcMs - wallAt(guess, zone).offsetMs;
}

/** `4h`, `90m`, `2h30m` in ms (the schema has checked the form). */
export function durationMs(duration: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(duration);
  return ((Number(m?.[1] ?? 0) * 60) + Number(m?.[2] ?? 0)) * MINUTE_MS;
}

/** The first occurrence of one window that starts at or after `fromMs`. */
function nextOf(w: MaintenanceWindow, fromMs: number, clusterZone: string): WindowSlot {
  const zone = w.timeZone ?? clusterZone;
  const [hour, minute] = w.start.split(':').map(Number) as [number, number];
  const today = wallAt(fromMs, zone);
  const ahead = (WEEKDAYS.indexOf(w.weekday) - WEEKDAYS.indexOf(today.weekday as (typeof WEEKDAYS)[number]) + 7) % 7;
  // This week's day, else the same weekday a week on (when today's window has already started).
  for (const days of [ahead, ahead + 7]) {
    const start = instantOf(today.dayUtcMs + days * DAY_MS + (hour * 60 + minute) * MINUTE_MS, zone);
    if (start >= fromMs) return { start, end: start + durationMs(w.duration) };
  }
  throw new Error(`maintenance window ${w.weekday} ${w.start}: no occurrence within two weeks`);
}

/** The earliest window of any of `windows` that starts at or after `fromMs`; null when there are none. */
export function nextWindow(
  windows: readonly MaintenanceWindow[],
  fromMs: number,
  clusterZone: string,
): WindowSlot | null {
  let best: WindowSlot | null = null;
  for (const w of windows) {
    const slot = nextOf(w, fromMs, clusterZone);
    if (!best || slot.start < best.start) best = slot;
  }
  return best;
}

/** The last window that starts after `afterMs` and ends by `beforeMs` (a step pulled earlier for its deadline). */
export function lastWindowBetween(
  windows: readonly MaintenanceWindow[],
  afterMs: number,
  beforeMs: number,
  clusterZone: string,
): WindowSlot | null {
  let last: WindowSlot | null = null;
  for (
    let slot = nextWindow(windows, afterMs + 1, clusterZone);
    slot && slot.end <= beforeMs;
    slot = nextWindow(windows, slot.start + 1, clusterZone)
  )
    last = slot;
  return last;
}
