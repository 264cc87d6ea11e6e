// The `certwatch` command: start (all roles or some), replay (send sample files to a running service), plan.
import { parseArgs } from 'node:util';
import { runReplay } from './cli/replay.js';
import { readClustersFile } from './config/load-clusters.js';
import { ALL_ROLES, ConfigError, RedisServerMissingError, startService, type Role } from './main.js';
import { buildPlan, isPlanFormat, PLAN_FORMATS, renderPlan, targetForUnit } from './plan/index.js';

const USAGE = `usage:
  certwatch start [--role ingest|worker|api]...   run the service (all roles unless --role is given; repeatable)
  certwatch replay FILE... --udp HOST:PORT | --tcp HOST:PORT [--rate N]
                                                  send sample files to a running certwatch
  certwatch plan --cluster ID --unit UNIT [--node NAME] [--clusters-file FILE] [--format text|markdown|html|json]
                                                  print a renewal plan without any alarm (planned renewal)
Configuration comes from the environment (see README); CERTWATCH_CONFIG names an optional YAML file.`;

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string', multiple: true } }, strict: true });
  const roles = (values.role ?? [...ALL_ROLES]) as Role[];
  const bad = roles.filter((r) => !ALL_ROLES.includes(r));
  if (bad.length > 0) {
    console.error(`certwatch: unknown role(s) ${bad.join(', ')}; use ${ALL_ROLES.join(', ')}`);
    return 2;
  }
  let service;
  try {
    service = await startService({ roles, env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`certwatch: invalid configuration (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):`);
      for (const problem of error.problems) console.error(`  - ${problem}`);
      return 2;
    }
    if (error instanceof RedisServerMissingError) {
      console.error(`certwatch: ${error.message}`);
      return 1;
    }
    console.error(`certwatch: failed to start: ${(error as Error).stack ?? error}`);
    return 1;
  }
  const running = service;
  await new Promise<void>((resolveStop) => {
    const onSignal = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      void running.stop().finally(resolveStop);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return 0;
}

function plan(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      cluster: { type: 'string' }, unit: { type: 'string' }, node: { type: 'string' },
      'clusters-file': { type: 'string' }, format: { type: 'string', default: 'text' },
    },
    strict: true,
  });
  const file = values['clusters-file'] ?? process.env.CLUSTERS_FILE;
  if (!values.cluster || !values.unit || !file) {
    console.error('certwatch plan: --cluster, --unit and a cluster file (--clusters-file or CLUSTERS_FILE) are required');
    return 2;
  }
  const parsed = readClustersFile(file);
  if (!parsed.ok) {
    console.error(`certwatch plan: ${file} is invalid:\n  ${parsed.problems.join('\n  ')}`);
    return 2;
  }
  const cluster = parsed.clusters.find((c) => c.id === values.cluster);
  if (!cluster) {
    console.error(`certwatch plan: no cluster "${values.cluster}" in ${file} (known: ${parsed.clusters.map((c) => c.id).join(', ')})`);
    return 2;
  }
  const built = buildPlan({ cluster, targets: [targetForUnit(cluster, values.unit, values.node)], now: new Date() });
  const format = values.format ?? 'text';
  if (!isPlanFormat(format)) {
    console.error(`certwatch plan: --format must be one of ${PLAN_FORMATS.join(', ')}`);
    return 2;
  }
  process.stdout.write(`${renderPlan(built, format)}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await start(rest);
      case 'replay':
        return await runReplay(rest);
      case 'plan':
        return plan(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        console.error(`certwatch: unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    // parseArgs errors (unknown option, missing value) are usage errors: one clear line, no stack.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`certwatch: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

const code = await main(process.argv.slice(2));
// A stopped service exits at once even if a library left a timer behind; other commands let stdout drain first.
if (process.argv[2] === 'start') process.exit(code);
process.exitCode = code;
