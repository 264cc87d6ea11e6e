// `certwatch plan`: prints a renewal plan for a unit of a cluster from the inventory, without any alarm.
import { parseArgs } from 'node:util';
import { readClustersFile } from '../config/load-clusters.js';
import { buildPlan, isPlanFormat, PLAN_FORMATS, renderPlan, targetForUnit } from '../plan/index.js';

export const PLAN_USAGE = `usage: certwatch plan --cluster ID --unit UNIT [--node NAME] [--clusters-file FILE] [--format FORMAT]
  print a renewal plan without any alarm (a planned renewal)
  --cluster ID          the cluster's id in the inventory
  --unit UNIT           the certificate unit, e.g. tomcat, CallManager, TVS, ipsec, tomcat-trust
  --node NAME           only this node (default: every node the unit is on)
  --clusters-file FILE  the cluster inventory (default: $CLUSTERS_FILE), e.g. samples/clusters/lab.yaml
  --format FORMAT       ${PLAN_FORMATS.join(', ')} (default: text)`;

/** Exit status: 0 printed, 2 a usage or inventory problem (told on stderr). Unknown options throw parseArgs' error. */
export function runPlan(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      cluster: { type: 'string' }, unit: { type: 'string' }, node: { type: 'string' },
      'clusters-file': { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(PLAN_USAGE);
    return 0;
  }
  const file = values['clusters-file'] ?? process.env.CLUSTERS_FILE;
  if (!values.cluster || !values.unit || !file) {
    console.error('certwatch plan: --cluster, --unit and a cluster file (--clusters-file or CLUSTERS_FILE) are required (see certwatch plan --help)');
    return 2;
  }
  const format = values.format ?? 'text';
  if (!isPlanFormat(format)) {
    console.error(`certwatch plan: --format must be one of ${PLAN_FORMATS.join(', ')}, got "${format}"`);
    return 2;
  }
  const parsed = readClustersFile(file);
  if (!parsed.ok) {
    console.error(`certwatch plan: ${parsed.problems.join('\n  ')}`);
    return 2;
  }
  const cluster = parsed.clusters.find((c) => c.id === values.cluster);
  if (!cluster) {
    console.error(`certwatch plan: no cluster "${values.cluster}" in ${file} (known: ${parsed.clusters.map((c) => c.id).join(', ')})`);
    return 2;
  }
  const built = buildPlan({ cluster, targets: [targetForUnit(cluster, values.unit, values.node)], now: new Date() });
  process.stdout.write(`${renderPlan(built, format)}\n`);
  return 0;
}
