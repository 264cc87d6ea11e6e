// certwatch as built for the back-office benchmark: all roles in one process, on a Redis the bench starts itself
// (test/support/redis-server.ts) so it can count tickets and queue a tick; an inventory of generated clusters; the
// outbox instead of SMTP. BENCH_BACK_OFFICE_ROOT runs another checkout (e.g. the code before a change) the same way.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/free-port.js';
import { childLifecycle } from './child-lifecycle.js';
import { GiveUp, waitFor } from '../test/support/wait-for.js';
import { compiledServiceArgs } from './compiled-service.js';

export interface BackOfficeService {
  pid: number;
  base: string;
  udpPort: number;
  dataDir: string;
  logPath: string;
  /** Where each process of the service writes its memory samples (bench/back-office-memory.mjs). */
  memoryDir: string;
  stop(): Promise<void>;
}

/** Node names of generated cluster `c` (three per cluster). */
export function nodesOf(c: number): string[] {
  return [0, 1, 2].map((k) => `BO${String(c).padStart(3, '0')}N${k}`);
}

function clusterIdOf(c: number): string {
  return `bench-${String(c).padStart(3, '0')}`;
}

/** An inventory file of `count` clusters shaped like samples/clusters/lab.yaml. */
function writeInventory(dir: string, count: number): string {
  const lines = ['clusters:'];
  for (let c = 0; c < count; c += 1) {
    const [a, b, d] = nodesOf(c);
    lines.push(
      `  - id: ${clusterIdOf(c)}`, `    name: Bench cluster ${c}`, '    version: 12.5(1)SU6', '    securityMode: mixed',
      '    ctlSigner: tokenless', '    itlSigner: itlrecovery', '    rollbackToPre8: false', '    phoneInteraction: unknown',
      `    tftpServers: [${a}, ${b}]`, '    callManagerGroupsRedundant: true', '    nodes:',
      `      - { name: ${a}, addresses: [], roles: [publisher, tftp], timeZone: Europe/Berlin }`,
      `      - { name: ${b}, addresses: [], roles: [subscriber, tftp], timeZone: Europe/Berlin }`,
      `      - { name: ${d}, addresses: [], roles: [subscriber], timeZone: Europe/Berlin }`,
    );
  }
  const path = join(dir, 'clusters.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export async function startBackOfficeService(opts: { host: string; redisUrl: string; clusters: number }): Promise<BackOfficeService> {
  const root = process.env.BENCH_BACK_OFFICE_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
  const dataDir = mkdtempSync(join(tmpdir(), 'certwatch-back-office-'));
  const logPath = join(dataDir, 'service.log');
  const memoryDir = join(dataDir, 'memory');
  mkdirSync(memoryDir);
  const [httpPort, udpPort, tcpPort] = [await freePort('tcp', opts.host), await freePort('udp', opts.host), await freePort('tcp', opts.host)];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SYSLOG_HOST: opts.host, SYSLOG_UDP_PORT: String(udpPort), SYSLOG_TCP_PORT: String(tcpPort), SYSLOG_TLS_PORT: '0',
    HTTP_HOST: opts.host, HTTP_PORT: String(httpPort), DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    REDIS_URL: opts.redisUrl, CLUSTERS_FILE: writeInventory(dataDir, opts.clusters),
    // The bench queues each tick itself. The group window groups the seeded tickets of a cluster in a few mails.
    TICK_INTERVAL_MS: String(24 * 3600 * 1000), MAIL_GROUP_WINDOW_MS: '5000',
    BENCH_MEMORY_DIR: memoryDir,
  };
  for (const key of ['SMTP_URL', 'CERTWATCH_CONFIG', 'SYSLOG_TLS_CERT', 'SYSLOG_TLS_KEY', 'SYSLOG_ALLOW']) delete env[key];
  const log = createWriteStream(logPath);
  // BENCH_CPU_PROF: the service under --cpu-prof; its worker child inherits the flags and writes a profile of its own.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // Each process's memory from inside (the child inherits the preload); BENCH_NODE_FLAGS: node flags to try (both
  // processes), e.g. --max-semi-space-size=2.
  const sampler = ['--import', fileURLToPath(new URL('back-office-memory.mjs', import.meta.url))];
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...profile, ...sampler, ...flags, ...compiledServiceArgs(root)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const life = childLifecycle(child, 20_000);
  const base = `http://${opts.host}:${httpPort}`;
  await waitFor('certwatch to be ready', async () => {
    if (life.exitCode() !== undefined) throw new GiveUp(`certwatch exited with code ${life.exitCode()}; log: ${logPath}`);
    return (await fetch(`${base}/readyz`)).status === 200;
  }, 60_000, 100);
  return {
    pid: child.pid!, base, udpPort, dataDir, logPath, memoryDir,
    stop: life.stop,
  };
}
