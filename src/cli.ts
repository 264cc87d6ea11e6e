// The `certwatch` command: start (all roles or some), replay (send sample files to a running service), plan, evidence
// (send pasted outputs or an ITL/CTL file to a running service), discover (ask it to discover a cluster now).
// Every command answers --help with its own usage; a usage error is one line on stderr and exit status 2.
import { parseArgs } from 'node:util';
import { DISCOVER_USAGE, runDiscover } from './cli/discover.js';
import { EVIDENCE_USAGE, runEvidence } from './cli/evidence.js';
import { PLAN_USAGE, runPlan } from './cli/plan.js';
import { REPLAY_USAGE, runReplay } from './cli/replay.js';
import { ConfigError } from './config/config-error.js';
import { RedisServerMissingError } from './redis/embedded-redis.js';
import { ALL_ROLES, type Role } from './roles.js';
import { CERTWATCH_VERSION } from './version.js';

const START_USAGE = `usage: certwatch start [--role ROLE]...
  run the service: every role unless --role is given (repeatable)
  --role ROLE  ${ALL_ROLES.join(', ')}
Configuration comes from the environment (see README); CERTWATCH_CONFIG names an optional YAML file.`;

const USAGE = `usage: certwatch COMMAND [OPTIONS]
  certwatch start [--role ingest|worker|api]...   run the service (all roles unless --role is given; repeatable)
  certwatch replay FILE... --udp HOST:PORT | --tcp HOST:PORT [--rate N]
                                                  send sample files to a running certwatch
  certwatch plan --cluster ID --unit UNIT|all... [--node NAME] [--route standard|ordered-tftp]
                 [--clusters-file FILE] [--format text|markdown|html|json]
                                                  print a renewal plan without any alarm (planned renewal); several
                                                  --unit or --unit all: one combined plan
  certwatch evidence --cluster ID [--file PATH]   send pasted \`show\` outputs or an ITL/CTL file (default: stdin) to a
                                                  running certwatch; prints what it learned and the conflicts
  certwatch discover --cluster ID                 discover a cluster now (its inventory discovery block); prints each
                                                  probe's outcome, what was learned, conflicts and tickets
  certwatch COMMAND --help                        the options of one command
  certwatch --version                             the version of certwatch
Configuration comes from the environment (see README); CERTWATCH_CONFIG names an optional YAML file.`;

const COMMAND_USAGE: Readonly<Record<string, string>> = {
  start: START_USAGE,
  replay: REPLAY_USAGE,
  plan: PLAN_USAGE,
  evidence: EVIDENCE_USAGE,
  discover: DISCOVER_USAGE,
};

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { role: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    console.log(START_USAGE);
    return 0;
  }
  const roles = (values.role ?? [...ALL_ROLES]) as Role[];
  const bad = roles.filter((r) => !ALL_ROLES.includes(r));
  if (bad.length > 0) {
    console.error(`certwatch: unknown role(s) ${bad.join(', ')}; use ${ALL_ROLES.join(', ')}`);
    return 2;
  }
  // Listened for before the start: a SIGTERM while the service starts (a slow start, `docker stop` at once) would
  // otherwise end the process by default, leaving its embedded redis-server behind. It stops once it has started.
  let stopAsked = false;
  let onStopAsked: (() => void) | undefined;
  const onSignal = () => {
    stopAsked = true;
    onStopAsked?.();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const stopListening = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  let service;
  try {
    // Loaded here: the service's libraries (BullMQ, fastify) cost seconds that --help and plan need not pay.
    const { startService } = await import('./main.js');
    service = await startService({ roles, env: process.env });
  } catch (error) {
    stopListening();
    if (error instanceof ConfigError) {
      console.error(
        `certwatch: invalid configuration (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):`,
      );
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
  if (!stopAsked) await new Promise<void>((resolve) => (onStopAsked = resolve));
  stopListening();
  await service.stop();
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
        return runPlan(rest);
      case 'evidence':
        return await runEvidence(rest);
      case 'discover':
        return await runDiscover(rest);
      case '--version':
      case 'version':
        console.log(CERTWATCH_VERSION);
        return 0;
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        if (topic !== undefined && !Object.hasOwn(COMMAND_USAGE, topic)) {
          console.error(`certwatch: no command "${topic}"; the commands are ${Object.keys(COMMAND_USAGE).join(', ')}`);
          return 2;
        }
        console.log(topic === undefined ? USAGE : COMMAND_USAGE[topic]);
        return 0;
      }
      case undefined:
        console.error(USAGE);
        return 2;
      default:
        console.error(
          `certwatch: unknown command "${command}" (the commands are ${Object.keys(COMMAND_USAGE).join(', ')}; see certwatch --help)`,
        );
        return 2;
    }
  } catch (error) {
    // parseArgs errors (unknown option, missing value) are usage errors: one clear line, no stack.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`certwatch ${command}: ${(error as Error).message} (see certwatch ${command} --help)`);
      return 2;
    }
    throw error;
  }
}

// `certwatch plan ... | head -1`: the reader may leave before we finish writing. That is its choice, not our error:
// stop quietly instead of dying of an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

const code = await main(process.argv.slice(2));
// A stopped service exits at once even if a library left a timer behind; other commands let stdout drain first.
if (process.argv[2] === 'start') process.exit(code);
process.exitCode = code;
