// The worker role in its own process, for a service that also runs ingest: plan building and mail composition then
// never hold up the event loop that reads the syslog sockets, and they run on another core. The process is supervised:
// restarted with a growing pause when it dies, told to stop (and waited for) at the service's shutdown, killed at once
// with the service (it exits when its IPC channel closes). Its log lines go to the same stdout and stderr in the same
// format (it builds its logger from the same configuration).
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { RedisTarget } from '../redis/connections.js';
import type { Shutdown } from '../shutdown.js';
import { encodeTarget, type FromWorkerProcess, type MetricsJson, type ToWorkerProcess } from './worker-messages.js';

/** The entry beside this module: worker-child.ts under tsx, worker-child.js when compiled. */
const ENTRY_EXTENSION = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
const ENTRY = fileURLToPath(new URL(`./worker-child${ENTRY_EXTENSION}`, import.meta.url));

/**
 * The child's heap flags: its own, after the flags it inherits from the service's command line (the two processes
 * have different needs), unless NODE_OPTIONS names them (the operator's choice, which both processes read). Both pace
 * the heap, neither is a tight cap (bench/README.md, "Back office and memory" and part 9).
 * - Old space 512 MB: with the default limit (GBs on a server) V8 lets the old space grow up to about four times what
 *   is live between full collections, with a lower limit less. In a burst of 7,500 alarms and 2,900 mails: the
 *   child's heap 180 -> 86 MB, its RSS 251 -> 156 MB. What is live stays far below it: about 30 MB, a mail job bounded
 *   by MAIL_MAX_TICKETS and MAIL_MAX_BYTES. A child that still reached it would be ended by V8 and started again by
 *   the supervision below, its job retried.
 * - Semi-spaces of 2 MB: V8 lets the young generation grow to three times the semi-space, 16 MB by default on 64
 *   bits, and keeps it. The worker allocates in bursts and can afford more frequent scavenges (20-50 % more CPU in
 *   a burst) for about 40 MB less; the service, whose UDP socket cannot wait, gets 8 MB from its launchers.
 */
const WORKER_HEAP_FLAGS = [
  { flag: '--max-old-space-size', value: 512 },
  { flag: '--max-semi-space-size', value: 2 },
] as const;

/**
 * The child's node flags: the service's own (the same loader, --cpu-prof), its heap flags (above), and tsx's
 * loader when the entry is a source file but the service loaded tsx without a flag the child could inherit
 * (bin/certwatch.js without a build registers it in-process): node alone cannot start a .ts entry. tsx by its
 * resolved URL: the service may run from any directory.
 */
export function childExecArgv(
  entry: string,
  serviceArgv: readonly string[],
  nodeOptions: string | undefined,
): string[] {
  const loadsTsx = serviceArgv.some(
    (arg, i) =>
      arg === '--import=tsx' || (arg === '--import' && serviceArgv[i + 1] === 'tsx') || /[\\/]tsx[\\/]/.test(arg),
  );
  const operators = nodeOptions?.split(/\s+/) ?? [];
  const named = (flag: string) => operators.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
  const heap = WORKER_HEAP_FLAGS.filter(({ flag }) => !named(flag)).map(({ flag, value }) => `${flag}=${value}`);
  return entry.endsWith('.ts') && !loadsTsx
    ? [...serviceArgv, ...heap, '--import', import.meta.resolve('tsx')]
    : [...serviceArgv, ...heap];
}

const RESTART_FIRST_DELAY_MS = 500;
const RESTART_MAX_DELAY_MS = 30_000;
/** A process that ran this long before dying is restarted after the first pause again. */
const STABLE_AFTER_MS = 60_000;
/** Within the shutdown step's deadline: a worker that does not stop by then is killed. */
const STOP_DEADLINE_MS = 12_000;
/** A scrape waits this long for the worker's figures, then takes the last ones it sent (a busy worker answers late). */
const METRICS_WAIT_MS = 250;

export interface WorkerProcess {
  /** Started, ready, and not exited since. */
  isRunning(): boolean;
  /** The worker's metrics: fresh, or the last it sent when it does not answer at once (busy, restarting), so its
   * series never vanish from a scrape. */
  metrics(): Promise<MetricsJson>;
}

export interface WorkerProcessOptions {
  redis: RedisTarget;
  env: Record<string, string | undefined>;
  logger: Logger;
  shutdown: Shutdown;
}

/** Resolves once the first worker process is ready; rejects if it exits before that. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const { logger } = options;
  let child: ChildProcess | null = null;
  let ready = false;
  let stopping = false;
  let restartDelayMs = RESTART_FIRST_DELAY_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  let nextMetricsId = 0;
  const pendingMetrics = new Map<number, () => void>();
  let lastMetrics: MetricsJson = [];

  function spawnWorker(first: boolean): Promise<void> {
    const env = Object.fromEntries(
      Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const execArgv = childExecArgv(ENTRY, process.execArgv, env.NODE_OPTIONS);
    const started = fork(ENTRY, [encodeTarget(options.redis)], { env, stdio: 'inherit', execArgv });
    child = started;
    const startedAt = Date.now();
    const readyOnce = new Promise<void>((resolve, reject) => {
      started.on('message', (message: FromWorkerProcess) => {
        if (message.type === 'ready') {
          ready = true;
          logger.info({ event: 'WorkerProcessReady', pid: started.pid }, 'worker process ready');
          resolve();
        } else if (message.type === 'metrics') {
          lastMetrics = message.metrics;
          pendingMetrics.get(message.id)?.();
        }
      });
      started.once('exit', (code, signal) => {
        const wasReady = ready;
        child = null;
        ready = false;
        for (const answer of pendingMetrics.values()) answer();
        pendingMetrics.clear();
        if (stopping) return;
        if (!wasReady && first) {
          reject(new Error(`the worker process exited before it was ready (${signal ?? `code ${code}`})`));
          return;
        }
        if (Date.now() - startedAt >= STABLE_AFTER_MS) restartDelayMs = RESTART_FIRST_DELAY_MS;
        logger.error(
          { event: 'WorkerProcessExited', pid: started.pid, code, signal, restartInMs: restartDelayMs },
          `worker process exited (${signal ?? `code ${code}`}); restarting it`,
        );
        restartTimer = setTimeout(() => {
          spawnWorker(false).catch((error: Error) =>
            logger.error({ event: 'WorkerProcessStartFailed', err: error.message }, 'worker process did not start'),
          );
        }, restartDelayMs);
        restartDelayMs = Math.min(restartDelayMs * 2, RESTART_MAX_DELAY_MS);
      });
    });
    logger.info({ event: 'WorkerProcessStarted', pid: started.pid }, 'worker role started in its own process');
    return readyOnce;
  }

  options.shutdown.add('worker', 'worker-process', async () => {
    stopping = true;
    clearTimeout(restartTimer);
    const running = child;
    if (!running) return;
    const exited = once(running, 'exit');
    running.send({ type: 'stop' } satisfies ToWorkerProcess);
    const deadline = new AbortController();
    const outcome = await Promise.race([
      exited.then(() => 'stopped' as const),
      delay(STOP_DEADLINE_MS, 'late' as const, { signal: deadline.signal }),
    ]);
    deadline.abort();
    if (outcome === 'late') {
      logger.error(
        { event: 'WorkerProcessKilled', pid: running.pid, deadlineMs: STOP_DEADLINE_MS },
        'worker process did not stop in time: killed',
      );
      running.kill('SIGKILL');
      await exited;
    }
  });
  await spawnWorker(true);

  return {
    isRunning: () => ready,
    async metrics() {
      const running = child;
      if (!running || !ready) return lastMetrics;
      const id = nextMetricsId++;
      const answered = new Promise<void>((resolve) => pendingMetrics.set(id, resolve));
      running.send({ type: 'metrics', id } satisfies ToWorkerProcess);
      const wait = new AbortController();
      await Promise.race([answered, delay(METRICS_WAIT_MS, undefined, { signal: wait.signal })]);
      wait.abort();
      pendingMetrics.delete(id);
      return lastMetrics;
    },
  };
}
