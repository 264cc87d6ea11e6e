// A planned renewal asked for by hand (`certwatch plan`, `GET /api/v1/plan`): one unit, several, or `all`, as one
// combined plan (the same engine call as the grouped mail). Both edges take their answer from here, so the CLI and the
// API accept and refuse the same requests for the same named reasons. The API passes what the service knows of the
// cluster's expiries (known-expiries.ts), so the deadline rule orders and dates the steps; the CLI is offline and says
// so.
import type { ClusterState } from '../domain/cluster.js';
import { clusterTimeZone } from '../domain/cluster-time-zone.js';
import type { PlanTarget } from '../domain/plan-target.js';
import { allOwnUnits } from './all-units.js';
import { buildPlan, type PlanOptions } from './build-plan.js';
import { knownExpiriesNotice, OFFLINE_EXPIRIES_NOTICE, withKnownExpiry, type KnownExpiries } from './known-expiries.js';
import { unitKeyOf } from './rules/units.js';
import { targetForUnit } from './target.js';
import type { Plan, RouteId } from './types.js';

/** The word that asks for every own certificate unit of the cluster's version. */
export const ALL_UNITS = 'all';

/** Routes a caller may ask for; the engine still refuses one whose conditions fail, and the plan says why. */
export const REQUESTABLE_ROUTES = ['standard', 'ordered-tftp'] as const satisfies readonly RouteId[];
export type RequestableRoute = (typeof REQUESTABLE_ROUTES)[number];

export function isRequestableRoute(value: string): value is RequestableRoute {
  return (REQUESTABLE_ROUTES as readonly string[]).includes(value);
}

export interface PlanRequest {
  /** Unit names as given (`all` among them expands); blanks are ignored. */
  units: string[];
  /** Narrows a single unit to one node. */
  node?: string | undefined;
  route?: RequestableRoute | undefined;
}

export type PlanRequestRefusal =
  | { reason: 'no-unit' }
  /** `node` with several units (or `all`): which node of which unit would be ambiguous. */
  | { reason: 'node-with-several-units'; units: string[] };

export type PlanRequestResult = { ok: true; plan: Plan } | ({ ok: false } & PlanRequestRefusal);

/** The targets of a request: `all` expanded, the same unit asked for twice planned once. */
function requestedUnits(cluster: ClusterState, units: string[]): { units: string[]; all: boolean; notices: string[] } {
  const names: string[] = [];
  const notices: string[] = [];
  let all = false;
  for (const raw of units.map((u) => u.trim()).filter(Boolean)) {
    if (raw.toLowerCase() === ALL_UNITS) {
      all = true;
      const expanded = allOwnUnits(cluster);
      names.push(...expanded.units);
      if (expanded.notice) notices.push(expanded.notice);
    } else names.push(raw);
  }
  const seen = new Set<string>();
  const unique = names.filter((n) => {
    const key = unitKeyOf(n) ?? n.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { units: unique, all, notices };
}

/**
 * `options` are the service's plan settings (PLAN_STEP_GAP_DAYS); the request's route is added to them. `known`: what
 * the service knows of the cluster's certificates; absent offline (the plan then says its dates are not known).
 */
export function planForRequest(
  cluster: ClusterState,
  request: PlanRequest,
  now: Date,
  options: PlanOptions = {},
  known?: KnownExpiries,
): PlanRequestResult {
  const { units, all, notices } = requestedUnits(cluster, request.units);
  if (units.length === 0) return { ok: false, reason: 'no-unit' };
  const node = request.node?.trim() || undefined;
  if (node && (all || units.length > 1)) return { ok: false, reason: 'node-with-several-units', units };
  const asked: PlanTarget[] = units.map((u) => targetForUnit(cluster, u, node));
  const dated = known ? asked.map((t) => withKnownExpiry(t, known, cluster.nodes, now)) : null;
  notices.push(dated ? knownExpiriesNotice(dated, clusterTimeZone(cluster)) : OFFLINE_EXPIRIES_NOTICE);
  const targets = dated ? dated.map((d) => d.target) : asked;
  const plan = buildPlan({
    cluster,
    targets,
    now,
    options: { ...options, ...(request.route ? { route: request.route } : {}) },
  });
  plan.notices.push(...notices);
  return { ok: true, plan };
}
