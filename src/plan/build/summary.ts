// Plan summary parts: deadline from the earliest target expiry, impact of not acting, overall urgency.
import { URGENCY_RANK, type Urgency } from '../../domain/certificate-event.js';
import type { PlanTarget } from '../../domain/plan-target.js';
import type { Deadline } from '../types.js';
import { UNIT_RULES } from '../rules/units.js';
import type { WorkItem } from './work-items.js';

const DAY_MS = 86_400_000;

export function deadlineOf(targets: PlanTarget[], now: Date): Deadline {
  const dated = targets.filter((t) => t.expiresAt && !Number.isNaN(Date.parse(t.expiresAt)))
    .sort((a, b) => Date.parse(a.expiresAt!) - Date.parse(b.expiresAt!));
  const first = dated[0];
  if (!first) {
    const expired = targets.some((t) => t.urgency === 'expired');
    return {
      at: null, precision: null, inferred: true, daysLeft: null,
      text: expired ? 'Already expired (date unknown): act now.' : 'Unknown: confirm the expiry with `show cert own <unit>/<file>` (or `show cert list own`) and plan before it.',
    };
  }
  const at = new Date(first.expiresAt!);
  const daysLeft = Math.floor((at.getTime() - now.getTime()) / DAY_MS);
  const precision = first.expiresAtPrecision ?? 'inferred';
  const inferred = precision !== 'exact';
  const when = at.toISOString().replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC');
  const left = daysLeft < 0 ? `expired ${-daysLeft} day(s) ago` : daysLeft === 0 ? 'less than a day left' : `${daysLeft} day(s) left`;
  const how = precision === 'exact' ? '' : precision === 'window' ? ' — only a window is known (the alarm bounds it); confirm the exact date with `show cert own`' : ' — date inferred (the alarm text was cut); confirm it with `show cert own`';
  return { at: at.toISOString(), precision, inferred, daysLeft, text: `${daysLeft < 0 ? 'Expired' : 'Renew before'} ${when} (${left}; ${first.unit}${first.nodes.length ? ` on ${first.nodes.join(', ')}` : ''})${how}.` };
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
  return targets.some((t) => t.urgency === 'expired' || (t.expiresAt !== null && Date.parse(t.expiresAt) < now.getTime()));
}

export function impactOf(items: WorkItem[], reusedTomcat: boolean): string[] {
  const out: string[] = [];
  for (const w of items) {
    if (w.kind === 'own') {
      out.push(UNIT_RULES[w.unit.key].impact);
      if (w.unit.key === 'tomcat' && reusedTomcat) out.push(UNIT_RULES.callmanager.impact);
      for (const c of w.copies) out.push(`${c.store} entry ${c.certificate} is a copy of that certificate: nodes that trust it (${c.reportedBy.join(', ') || 'the reporting node'}) fail TLS to it once it expires.`);
    } else if (w.kind === 'trust') {
      const cls = w.classification?.cls ?? 'external-partner';
      const name = w.certificate ?? 'the entry';
      out.push(
        cls === 'expired-preloaded' ? `${w.store.store} entry ${name}: a Cisco-preloaded certificate; low impact if nothing uses it.`
          : cls === 'ca-chain' ? `${w.store.store} entry ${name}: certificates issued by this CA can no longer be validated by the cluster once it expires.`
            : cls === 'old-capf' ? `${w.store.store} entry ${name}: phones still holding LSCs from this CAPF fail authentication once it expires.`
              : `${w.store.store} entry ${name}: TLS connections with the partner that owns it fail once it expires.`,
      );
    } else {
      out.push(`Unit "${w.unit}" is not one the engine knows: identify it with \`show cert list own\` / \`show cert list trust\`.`);
    }
  }
  out.push('An expired certificate can still be regenerated or replaced, but the outage lasts until it is.');
  return [...new Set(out)];
}
