// A real redis-server for a test, on a free loopback port in a temp folder; can be stopped and started again on the
// same port and data (AOF) to simulate a Redis outage.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { Redis, type RedisOptions } from 'ioredis';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that keeps its connections but answers nothing. */
  freeze(): void;
  thaw(): void;
  /** SIGKILL and wait for the exit: a Redis that dies (OOM killer, kill -9) rather than shutting down. */
  kill(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'certwatch-test-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  async function start() {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    await waitFor('test redis to answer', async () => {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    });
  }
  await start();
  return {
    url,
    port,
    start,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    },
  };
}

/** useTestRedis's server and client: read them in hooks and tests (they exist once its `before` ran). */
export interface SuiteRedis {
  readonly server: TestRedis;
  readonly client: Redis;
}

/**
 * A real Redis and one client for the tests of the describe block it is called in: started before them, stopped
 * after. `flushEachTest`: emptied before each test, so each starts from nothing. Hooks the block adds after this call
 * run after these (node:test runs hooks in order), so they may use the client.
 */
export function useTestRedis(options: { flushEachTest?: boolean; client?: RedisOptions } = {}): SuiteRedis {
  let server: TestRedis | undefined;
  let client: Redis | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTestRedis: read the server and client in hooks and tests');
    return value;
  };
  before(async () => {
    server = await startTestRedis();
    client = new Redis(server.url, options.client ?? {});
  });
  after(async () => {
    client?.disconnect();
    await server?.stop();
  });
  if (options.flushEachTest) {
    beforeEach(async () => {
      await started(client).flushall();
    });
  }
  return {
    get server() {
      return started(server);
    },
    get client() {
      return started(client);
    },
  };
}
