// certwatch as built (compiled: bench/compiled-service.ts), all roles in one process (the whole product), with its
// embedded redis-server; counts come from
// its own /metrics. BENCH_CPU_PROF=<dir> runs it under `node --cpu-prof` (the profile is written when it stops);
// BENCH_UDP_READER=recvmmsg|dgram|auto is its SYSLOG_UDP_READER (the A/B switch of the UDP reader).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/free-port.js';
import { parseExposition, sumSamples, type Sample } from '../test/support/metrics.js';
import { childLifecycle } from './child-lifecycle.js';
import { compiledServiceArgs } from './compiled-service.js';
import { GiveUp, waitFor } from '../test/support/wait-for.js';
import type { Receiver } from './receiver.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface CertwatchReceiver extends Receiver {
  dataDir: string;
  /** How it reads UDP, from certwatch_udp_reader_info: recvmmsg or dgram. */
  udpReader: string;
  scrape(): Promise<Sample[]>;
}

export async function startCertwatch(host: string, prefix: string[]): Promise<CertwatchReceiver> {
  const dataDir = mkdtempSync(join(tmpdir(), 'certwatch-bench-'));
  const logPath = join(dataDir, 'service.log');
  const [httpPort, udpPort, tcpPort] = [
    await freePort('tcp', host),
    await freePort('udp', host),
    await freePort('tcp', host),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SYSLOG_HOST: host, SYSLOG_UDP_PORT: String(udpPort), SYSLOG_TCP_PORT: String(tcpPort), SYSLOG_TLS_PORT: '0',
    HTTP_HOST: host, HTTP_PORT: String(httpPort), DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...(process.env.BENCH_UDP_READER ? { SYSLOG_UDP_READER: process.env.BENCH_UDP_READER } : {}),
  };
  // The embedded redis-server and the outbox: no external Redis, no SMTP, no API token on loopback.
  for (const key of ['REDIS_URL', 'SMTP_URL', 'CERTWATCH_CONFIG', 'SYSLOG_TLS_CERT', 'SYSLOG_TLS_KEY', 'SYSLOG_ALLOW'])
    delete env[key];
  const log = createWriteStream(logPath);
  // The compiled service, as in production; CERTWATCH_BENCH_ENTRY=src/cli.ts drives the sources through tsx instead.
  const entry = process.env.CERTWATCH_BENCH_ENTRY;
  // BENCH_ROLES=ingest,api leaves the worker out: what the accept path costs without the back office beside it.
  const roles = (process.env.BENCH_ROLES ?? '')
    .split(',')
    .filter(Boolean)
    .flatMap((role) => ['--role', role]);
  const service = [
    ...(entry === undefined
      ? compiledServiceArgs(ROOT)
      : [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry, 'start']),
    ...roles,
  ];
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_NODE_FLAGS: more flags for the service's node (e.g. --trace-gc; its log says where it keeps them).
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  // After the service's own node flags (those of compiledServiceArgs), so that a flag given here wins.
  const script = service.findIndex((arg) => /\.[cm]?[jt]s$/.test(arg));
  const command = [
    ...prefix, process.execPath, ...profile, ...service.slice(0, script), ...flags, ...service.slice(script),
  ];
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const life = childLifecycle(child, 20_000);

  const base = `http://${host}:${httpPort}`;
  await waitFor(
    'certwatch to be ready',
    async () => {
      if (life.exitCode() !== undefined)
        throw new GiveUp(`certwatch exited with code ${life.exitCode()}; log: ${logPath}`);
      return (await fetch(`${base}/readyz`)).status === 200;
    },
    READY_TIMEOUT_MS,
    100,
  );

  const scrape = async () => parseExposition(await (await fetch(`${base}/metrics`)).text());
  const udpReader =
    (await scrape()).find((s) => s.name === 'certwatch_udp_reader_info' && s.value === 1)?.labels.reader ?? 'unknown';
  return {
    name: 'certwatch', pid: child.pid!, host, udpPort, tcpPort, dataDir, logPath, quietMs: 1_200, scrape, udpReader,
    counted: async (transport) => sumSamples(await scrape(), 'certwatch_messages_received_total', { transport }),
    alarmsKept: async () => sumSamples(await scrape(), 'certwatch_certificate_events_total'),
    socketDrops: async () => sumSamples(await scrape(), 'certwatch_udp_socket_drops_total'),
    heldBack: async () => sumSamples(await scrape(), 'certwatch_tcp_held_back_total'),
    stop: life.stop,
  };
}
