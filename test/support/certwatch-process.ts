// Runs certwatch as a real child process (`certwatch start`), reads the ports it bound from its log, and talks to it
// over real sockets: for restart, SIGTERM and kill -9 tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { childEnv } from './child-env.js';
import { fetchJson } from './http-json.js';
import { GiveUp, waitFor } from './wait-for.js';

export interface CertwatchProcess {
  child: ChildProcess;
  ports: { udp: number; tcp: number; http: number; tls?: number };
  logs: Record<string, unknown>[];
  api<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  sendUdp(lines: string[]): Promise<void>;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

const CLI = new URL('../../src/cli.ts', import.meta.url).pathname;

/**
 * The command line of the service: the compiled build when CERTWATCH_BUILT_CLI names it (the chaos suite measures
 * memory as production runs it, without tsx's compiler in the process), else the sources through tsx.
 */
function serviceArgs(): string[] {
  const built = process.env.CERTWATCH_BUILT_CLI;
  return built ? [built] : ['--import', 'tsx', CLI];
}

export async function startCertwatchProcess(
  env: Record<string, string>,
  roles: string[] = [],
): Promise<CertwatchProcess> {
  const child = spawn(process.execPath, [...serviceArgs(), 'start', ...roles.flatMap((r) => ['--role', r])], {
    env: childEnv({
      SYSLOG_HOST: '127.0.0.1',
      SYSLOG_UDP_PORT: '0',
      SYSLOG_TCP_PORT: '0',
      SYSLOG_TLS_PORT: '0',
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ text: line });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Generous: several processes compiling through tsx at once on a loaded machine take 30 s; an exit ends it at once.
  const http = await waitFor('certwatch to listen', () => {
    if (child.exitCode !== null) throw new GiveUp(`certwatch exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
    const line = logs.find((l) => l.event === 'HttpListening');
    return line ? Number(line.port) : null;
  }, 60_000).catch(async (error: unknown) => {
    // The caller never gets a handle to stop it: a child left running would keep the test file from ever ending.
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    throw error;
  });
  const syslog = logs.find((l) => l.event === 'IngestReady') as
    { udp?: number; tcp?: number; tls?: number } | undefined;
  const base = `http://127.0.0.1:${http}`;

  return {
    child,
    logs,
    ports: { udp: syslog?.udp ?? 0, tcp: syslog?.tcp ?? 0, http, tls: syslog?.tls },
    api: <T>(path: string, init?: RequestInit) => fetchJson<T>(base, path, init),
    async sendUdp(lines) {
      const socket = createSocket('udp4');
      for (const line of lines) {
        await new Promise<void>((resolve, reject) =>
          socket.send(Buffer.from(line), syslog?.udp ?? 0, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
        );
      }
      socket.close();
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
