// targetForUnit: a planned renewal without an alarm (CLI `certwatch plan`, `GET /api/v1/plan`), as asked for: undated
// (known-expiries.ts dates it by what the service knows of the unit's certificates).
import type { ClusterState } from '../domain/cluster.js';
import type { PlanTarget } from '../domain/plan-target.js';
import { UNIT_RULES, unitKeyOf } from './rules/units.js';
import { trustStoreRule } from './rules/trust-stores.js';

export function targetForUnit(cluster: ClusterState, unit: string, node?: string): PlanTarget {
  const key = unitKeyOf(unit);
  const trust = /-trust$/i.test(unit.trim());
  const display = key ? UNIT_RULES[key].display : trust ? trustStoreRule(unit.trim()).store : unit.trim();
  const canonical = node
    ? (cluster.nodes.find((n) => n.name.toLowerCase() === node.trim().toLowerCase())?.name ?? node.trim())
    : null;
  return {
    unit: display,
    certificate: key ? UNIT_RULES[key].file : null,
    kind: trust ? 'trust' : 'own',
    nodes: canonical ? [canonical] : [],
    expiresAt: null,
    expiresAtPrecision: null,
    expiresWindow: null,
    urgency: 'unknown',
  };
}
