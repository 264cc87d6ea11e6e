// The embedded Redis: a private redis-server child used when REDIS_URL is unset (single-host, zero configuration).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { RedisTarget } from './connections.js';

export interface EmbeddedRedis {
  /** Where to connect: a unix socket path, or a loopback URL. */
  target: RedisTarget;
  stop(): Promise<void>;
}

export class RedisServerMissingError extends Error {
  constructor() {
    super(
      'redis-server was not found on PATH. Install it (Debian/Ubuntu: apt-get install -y redis-server) ' +
        'or set REDIS_URL to an existing Redis 6.2+ server.',
    );
  }
}

// sockaddr_un.sun_path holds 108 bytes including the terminating NUL.
const MAX_UNIX_SOCKET_PATH = 107;

function redisServerAvailable(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/**
 * Is `pid` a redis-server working in our data folder? Checked through /proc before we ever signal it: the executable
 * is redis and its working directory is our `--dir` (redis rewrites its command line, so the arguments cannot tell).
 */
function isOurRedis(pid: number, dir: string): boolean {
  try {
    // Debian's redis-server is a link to redis-check-rdb, and redis retitles itself "redis-server <address>".
    const exe = readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    const isRedis = /redis-(server|check-rdb|check-aof)$/.test(exe) || /^\S*redis-server\b/.test(title);
    return isRedis && resolve(cwd) === resolve(dir);
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!existsSync(`/proc/${pid}`)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !existsSync(`/proc/${pid}`);
}

/** A redis-server left behind by a crashed (SIGKILLed) certwatch keeps the socket and the AOF: stop it first. */
async function stopStaleRedis(dir: string, pidFile: string, logger: Logger): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  if (Number.isInteger(pid) && pid > 1 && isOurRedis(pid, dir)) {
    logger.warn({ event: 'EmbeddedRedisStale', pid }, 'stopping an embedded redis-server left by an earlier run');
    process.kill(pid, 'SIGTERM');
    if (!(await waitForExit(pid, 10_000))) process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 2_000);
  }
  rmSync(pidFile, { force: true });
}

const RESTART_FIRST_DELAY_MS = 500;
const RESTART_MAX_DELAY_MS = 30_000;

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts redis-server with its data in `<dataDir>/redis` (AOF on, noeviction as BullMQ requires), listening on a unix
 * socket there, or on a free loopback port when the socket path would be too long.
 */
export async function startEmbeddedRedis(dataDir: string, logger: Logger): Promise<EmbeddedRedis> {
  if (!redisServerAvailable()) throw new RedisServerMissingError();
  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pidFile = join(dir, 'redis.pid');
  const socketPath = join(dir, 'redis.sock');
  await stopStaleRedis(dir, pidFile, logger);

  const useSocket = Buffer.byteLength(socketPath) <= MAX_UNIX_SOCKET_PATH;
  const port = useSocket ? 0 : await freeLoopbackPort();
  const args = [
    '--dir', dir,
    '--pidfile', pidFile,
    '--daemonize', 'no',
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--maxmemory-policy', 'noeviction',
    '--save', '',
    '--bind', '127.0.0.1',
    '--port', String(port),
    '--protected-mode', 'yes',
    '--loglevel', 'warning',
  ];
  if (useSocket) args.push('--unixsocket', socketPath, '--unixsocketperm', '700');

  // detached: a Ctrl-C in the terminal goes to certwatch, which then stops redis in order (after the worker is done).
  function spawnChild(): ChildProcess {
    rmSync(socketPath, { force: true });
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    started.stderr?.on('data', (chunk: Buffer) =>
      logger.warn({ event: 'EmbeddedRedisStderr' }, chunk.toString('utf8').trim()),
    );
    started.stdout?.resume();
    return started;
  }
  let child = spawnChild();
  await waitForReadyOrPing(child, useSocket ? socketPath : null, port);
  const target: RedisTarget = useSocket ? { path: socketPath } : { url: `redis://127.0.0.1:${port}` };
  logger.info(
    { event: 'EmbeddedRedisStarted', pid: child.pid, ...target, dir },
    'embedded redis-server started: fine for a single host; production should set REDIS_URL to a managed Redis with AOF',
  );

  // Supervision: a redis-server that dies (OOM killer, kill -9) is started again on the same socket or port and the
  // same AOF, with a growing pause between tries; meanwhile /readyz reports Redis as not ready and ingest spools.
  let stopped = false;
  let restartDelayMs = RESTART_FIRST_DELAY_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  function supervise(watched: ChildProcess): void {
    watched.once('exit', (code, signal) => {
      if (stopped) return;
      logger.error(
        { event: 'EmbeddedRedisExited', pid: watched.pid, code, signal, restartInMs: restartDelayMs },
        `embedded redis-server exited (${signal ?? `code ${code}`}); restarting it`,
      );
      restartTimer = setTimeout(() => void restart(), restartDelayMs);
      restartDelayMs = Math.min(restartDelayMs * 2, RESTART_MAX_DELAY_MS);
    });
  }
  async function restart(): Promise<void> {
    if (stopped) return;
    child = spawnChild();
    supervise(child);
    try {
      await waitForReadyOrPing(child, useSocket ? socketPath : null, port);
      restartDelayMs = RESTART_FIRST_DELAY_MS;
      logger.warn({ event: 'EmbeddedRedisRestarted', pid: child.pid }, 'embedded redis-server is back');
    } catch (error) {
      // The failed child's exit schedules the next try.
      logger.error(
        { event: 'EmbeddedRedisRestartFailed', err: (error as Error).message },
        'embedded redis-server did not come back; trying again',
      );
    }
  }
  supervise(child);

  return {
    target,
    async stop() {
      stopped = true;
      clearTimeout(restartTimer);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      logger.info({ event: 'EmbeddedRedisStopped' }, 'embedded redis-server stopped');
    },
  };
}

/** Readiness: a PING answered over the socket (the banner is not printed at loglevel warning). */
async function waitForReadyOrPing(child: ChildProcess, socketPath: string | null, port: number): Promise<void> {
  let exited: Error | null = null;
  child.once('exit', (code) => {
    exited = new Error(`embedded redis-server exited during start (code ${code})`);
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited) throw exited;
    const ok = await new Promise<boolean>((r) => {
      const socket = socketPath ? connect(socketPath) : connect(port, '127.0.0.1');
      socket.once('error', () => r(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        r(data.toString().startsWith('+PONG'));
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error('embedded redis-server did not answer PING within 15 s');
}

