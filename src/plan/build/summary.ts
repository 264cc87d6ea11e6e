// Plan summary parts: deadline from the first target expiry (its best estimate; a window says so), impact of not
// acting, overall urgency.
import { URGENCY_RANK, type Urgency } from '../../domain/certificate-event.js';
import type { PlanTarget } from '../../domain/plan-target.js';
import { zonedDateTime } from '../../render/zoned-date.js';
import type { Deadline } from '../types.js';
import { EXPIRED_EFFECTS, expiredImpact } from '../rules/expired.js';
import { UNIT_RULES } from '../rules/units.js';
import type { WorkItem } from './work-items.js';

const DAY_MS = 86_400_000;


/** How sure the date is, after the dash of the deadline line. */
function precisionNote(target: PlanTarget, now: Date, zone: string): string {
  const w = target.expiresWindow;
  if (target.expiresAtPrecision === 'window' && w !== null) {
    const already =
      Date.parse(w.earliest) <= now.getTime() && Date.parse(w.latest) > now.getTime()
        ? ', so it may have expired already'
        : '';
    return ` — only a window is known: the alarm puts the expiry between ${zonedDateTime(w.earliest, zone)} and ${zonedDateTime(w.latest, zone)}${already}; the deadline is the latest of them. Confirm the exact date with \`show cert own\``;
  }
  if (target.expiresAtPrecision === 'window') {
    return ' — only a window is known (the alarm bounds it); confirm the exact date with `show cert own`';
  }
  if (target.expiresAtPrecision === 'exact') return '';
  return ' — date inferred (the alarm text was cut); confirm it with `show cert own`';
}

/** The first expiry among the targets, by best estimate (a window's latest instant: it has expired by then); dates in
 * `zone` with UTC. */
export function deadlineOf(targets: PlanTarget[], now: Date, zone: string): Deadline {
  const dated = targets.filter((t) => t.expiresAt && !Number.isNaN(Date.parse(t.expiresAt)))
    .sort((a, b) => Date.parse(a.expiresAt!) - Date.parse(b.expiresAt!));
  const first = dated[0];
  if (!first) {
    const expired = targets.some((t) => t.urgency === 'expired');
    return {
      at: null,
      precision: null,
      window: null,
      inferred: true,
      daysLeft: null,
      text: expired
        ? 'Already expired (date unknown): act now.'
        : 'Unknown: read it with `show cert list own` and plan before it.',
    };
  }
  const at = new Date(first.expiresAt!);
  const daysLeft = Math.floor((at.getTime() - now.getTime()) / DAY_MS);
  const precision = first.expiresAtPrecision ?? 'inferred';
  const window = precision === 'window' ? first.expiresWindow : null;
  const verb = daysLeft >= 0 ? 'Renew before' : window === null ? 'Expired' : 'Expired by';
  const bound = window === null ? '' : daysLeft < 0 ? 'at least ' : 'at most ';
  const left =
    daysLeft < 0
      ? `expired ${bound}${-daysLeft} day(s) ago`
      : daysLeft === 0
        ? 'less than a day left'
        : `${bound}${daysLeft} day(s) left`;
  const where = `${first.unit}${first.nodes.length ? ` on ${first.nodes.join(', ')}` : ''}`;
  return {
    at: at.toISOString(), precision, window, inferred: precision !== 'exact', daysLeft,
    text: `${verb} ${zonedDateTime(first.expiresAt!, zone)} (${left}; ${where})${precisionNote(first, now, zone)}.`,
  };
}

export function urgencyOf(targets: PlanTarget[], now: Date): Urgency {
  let u: Urgency = 'unknown';
  for (const t of targets) {
    let tu = t.urgency;
    if (t.expiresAt && Date.parse(t.expiresAt) < now.getTime()) tu = 'expired';
    if (URGENCY_RANK[tu] > URGENCY_RANK[u]) u = tu;
  }
  return u;
}

export function isExpired(targets: PlanTarget[], now: Date): boolean {
  return targets.some(
    (t) => t.urgency === 'expired' || (t.expiresAt !== null && Date.parse(t.expiresAt) < now.getTime()),
  );
}

/** What happens if nobody acts; for a certificate that has already expired, what that changes now (brief 4.6). */
export function impactOf(items: WorkItem[], reusedTomcat: boolean, now: Date): string[] {
  const out: string[] = [];
  for (const w of items) {
    if (w.kind === 'own') {
      if (isExpired(w.targets, now)) {
        out.push(expiredImpact(w.unit.display, EXPIRED_EFFECTS[w.unit.key]));
        if (w.unit.key === 'tomcat' && reusedTomcat) {
          out.push(expiredImpact('tomcat (reused as CallManager)', EXPIRED_EFFECTS.callmanager));
        }
      }
      out.push(UNIT_RULES[w.unit.key].impact);
      if (w.unit.key === 'tomcat' && reusedTomcat) out.push(UNIT_RULES.callmanager.impact);
      for (const c of w.copies) {
        out.push(
          `${c.store} entry ${c.certificate} is a copy: ${c.reportedBy.join(', ') || 'the reporting node'} then fail TLS to its node too.`,
        );
      }
    } else if (w.kind === 'trust') {
      const cls = w.classification?.cls ?? 'external-partner';
      // An entry without a reported name reads "the reported CallManager-trust entry" (review m11), not "entry the
      // entry".
      const entry = w.certificate ? `${w.store.store} entry ${w.certificate}` : `The reported ${w.store.store} entry`;
      if (isExpired(w.targets, now) && cls !== 'expired-preloaded') {
        out.push(
          `${entry} has already expired: the connections that depend on it fail until the renewed certificate is uploaded.`,
        );
      }
      out.push(
        cls === 'expired-preloaded'
          ? `${entry}: a Cisco-preloaded certificate; low impact if nothing uses it.`
          : cls === 'ca-chain'
            ? `${entry}: certificates issued by this CA can no longer be validated by the cluster once it expires.`
            : cls === 'old-capf'
              ? `${entry}: phones still holding LSCs from this CAPF fail authentication once it expires.`
              : `${entry}: TLS connections with the partner that owns it fail once it expires.`,
      );
    } else {
      out.push(
        `Unit "${w.unit}" is not one the engine knows: identify it with \`show cert list own\` / \`show cert list trust\`.`,
      );
    }
  }
  // Said once, where something has already expired (the expired-certificate notes of brief 4.6).
  if (items.some((w) => isExpired(w.targets, now))) {
    out.push('An expired certificate can still be regenerated or replaced, but the outage lasts until it is.');
  }
  return [...new Set(out)];
}
