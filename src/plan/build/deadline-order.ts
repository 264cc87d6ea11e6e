// Review M3: the rule is "one trust anchor per step, never two together", not a fixed sequence. The default order
// stands unless a certificate's step would come too late: then those steps move earlier, earliest expiry first, and
// the plan says why. Too late means the certificate expires before its turn plus one spare turn (the next window for
// an anchor, the next day for any other step): a change that fails or a window that is cancelled must still leave a
// second chance before the expiry (issue 12: TVS in 12 days comes before CallManager in 40 at the default weekly gap,
// because its turn on day 7 would leave no second window).
import { zonedDateTime } from '../../render/zoned-date.js';
import { DAY_MS, dayOffsets, earliestExpiryMs } from './schedule.js';
import type { WorkItem } from './work-items.js';

/** One maintenance window a week between two steps. */
export const DEFAULT_STEP_GAP_DAYS = 7;

export interface OrderedItem {
  item: WorkItem;
  /** Why the item was moved ahead of the default order; null when it kept its place. */
  movedForDeadline: string | null;
}

function label(w: WorkItem): string {
  return w.kind === 'own'
    ? w.unit.display
    : w.kind === 'trust'
      ? `${w.store.store} ${w.certificate ?? ''}`.trim()
      : w.unit;
}

/**
 * Earliest deadline first among the items that would be late in the default order; the default order otherwise.
 * Days come from the same schedule the plan uses (anchors `gapDays` apart, other steps a day apart); `zone`: the
 * cluster's, for the reason's date.
 */
export function orderByDeadline(
  items: WorkItem[], now: Date, isAnchor: (w: WorkItem) => boolean, gapDays: number, zone: string,
): OrderedItem[] {
  const remaining = [...items];
  const out: OrderedItem[] = [];
  while (remaining.length) {
    const slot = out.length;
    const days = dayOffsets([...out.map((o) => isAnchor(o.item)), ...remaining.map(isAnchor)], gapDays);
    const late = remaining
      .map((w, j) => ({
        w,
        j,
        at: earliestExpiryMs(w.targets),
        due: now.getTime() + (days[slot + j]! + (isAnchor(w) ? gapDays : 1)) * DAY_MS,
      }))
      // Certificates installed together expire within hours of each other: only a day or more earlier moves a step.
      .filter(
        (x) =>
          x.j > 0 &&
          x.at !== null &&
          x.at < x.due &&
          x.at + DAY_MS <= (earliestExpiryMs(remaining[0]!.targets) ?? Infinity),
      )
      .sort((a, b) => a.at! - b.at! || a.j - b.j);
    const pick = late[0];
    if (!pick) {
      out.push({ item: remaining.shift()!, movedForDeadline: null });
      continue;
    }
    remaining.splice(pick.j, 1);
    // Read by a person: the cluster's time zone with UTC beside it.
    const date = zonedDateTime(new Date(pick.at!).toISOString(), zone);
    out.push({
      item: pick.w,
      movedForDeadline: `${label(pick.w)} expires ${date}: its turn in the default order (anchor steps ${gapDays} days apart) would leave no spare ${isAnchor(pick.w) ? 'window' : 'day'} before it, so it comes before ${label(remaining[0]!)}. Still never together: the next step starts only after this one's gate passed.`,
    });
  }
  return out;
}
