// `certwatch plan`: prints a renewal plan for one unit, several or every unit of a cluster from the inventory, without
// any alarm. Several units give one combined plan, one trust anchor per step, as the grouped mail does.
import { parseArgs } from 'node:util';
import { readClustersFile } from '../config/load-clusters.js';
import { loadConfig } from '../config/load-config.js';
import { isPlanFormat, PLAN_FORMATS, renderPlan } from '../plan/index.js';
import { ALL_UNITS, isRequestableRoute, planForRequest, REQUESTABLE_ROUTES } from '../plan/plan-request.js';

export const PLAN_USAGE = `usage: certwatch plan --cluster ID --unit UNIT... [--node NAME] [--route ROUTE] [--clusters-file FILE] [--format FORMAT]
  print a renewal plan without any alarm (a planned renewal)
  --cluster ID          the cluster's id in the inventory
  --unit UNIT           the certificate unit, e.g. tomcat, CallManager, TVS, ipsec, tomcat-trust; repeat it for several
                        units, or give "${ALL_UNITS}" for every own certificate of the cluster's version: one combined plan
  --node NAME           only this node (one unit only; default: every node the unit is on)
  --route ROUTE         ${REQUESTABLE_ROUTES.join(', ')} (default: standard); a route unsafe for the cluster is refused
                        and the plan says why
  --clusters-file FILE  the cluster inventory (default: $CLUSTERS_FILE), e.g. samples/clusters/lab.yaml
  --format FORMAT       ${PLAN_FORMATS.join(', ')} (default: text)
Steps are dated PLAN_STEP_GAP_DAYS apart (environment or CERTWATCH_CONFIG, as for the service).
Offline, no expiry is known: steps keep the default order; GET /api/v1/plan orders and dates them by known expiries.`;

/** Exit status: 0 printed, 2 a usage or inventory problem (told on stderr). Unknown options throw parseArgs' error. */
export function runPlan(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      cluster: { type: 'string' },
      unit: { type: 'string', multiple: true },
      node: { type: 'string' },
      route: { type: 'string' },
      'clusters-file': { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(PLAN_USAGE);
    return 0;
  }
  const file = values['clusters-file'] ?? process.env.CLUSTERS_FILE;
  const units = values.unit ?? [];
  if (!values.cluster || units.length === 0 || !file) {
    console.error(
      'certwatch plan: --cluster, --unit and a cluster file (--clusters-file or CLUSTERS_FILE) are required (see certwatch plan --help)',
    );
    return 2;
  }
  const format = values.format ?? 'text';
  if (!isPlanFormat(format)) {
    console.error(`certwatch plan: --format must be one of ${PLAN_FORMATS.join(', ')}, got "${format}"`);
    return 2;
  }
  const route = values.route;
  if (route !== undefined && !isRequestableRoute(route)) {
    console.error(`certwatch plan: --route must be one of ${REQUESTABLE_ROUTES.join(', ')}, got "${route}"`);
    return 2;
  }
  const parsed = readClustersFile(file);
  if (!parsed.ok) {
    console.error(`certwatch plan: ${parsed.problems.join('\n  ')}`);
    return 2;
  }
  const cluster = parsed.clusters.find((c) => c.id === values.cluster);
  if (!cluster) {
    console.error(
      `certwatch plan: no cluster "${values.cluster}" in ${file} (known: ${parsed.clusters.map((c) => c.id).join(', ')})`,
    );
    return 2;
  }
  // The service's own settings (PLAN_STEP_GAP_DAYS), so a plan printed here is dated as the mailed one would be.
  const config = loadConfig(process.env);
  if (!config.ok) {
    console.error(`certwatch plan: invalid configuration:\n  ${config.problems.join('\n  ')}`);
    return 2;
  }
  const result = planForRequest(cluster, { units, node: values.node, route }, new Date(), {
    stepGapDays: config.config.planStepGapDays,
  });
  if (!result.ok) {
    console.error(
      result.reason === 'no-unit'
        ? 'certwatch plan: --unit names no unit (see certwatch plan --help)'
        : `certwatch plan: --node narrows a single unit only, but the plan covers ${result.units.length} (${result.units.join(', ')}); leave out --node or give one --unit`,
    );
    return 2;
  }
  process.stdout.write(`${renderPlan(result.plan, format)}\n`);
  return 0;
}
