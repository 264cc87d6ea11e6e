// Ordered shutdown: stop listeners, drain in-flight messages, close the worker (finishing a mail in progress), close
// HTTP, then queues and Redis connections, and last the embedded Redis itself. Every step has a deadline: a step that
// hangs (Redis gone for good) is logged and left behind, never holding the exit.
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';

export const SHUTDOWN_PHASES = ['listeners', 'drain', 'worker', 'http', 'queues', 'redis', 'embedded'] as const;
export type ShutdownPhase = (typeof SHUTDOWN_PHASES)[number];

type Step = () => Promise<unknown> | void;

export interface Shutdown {
  /** Runs `step` in `phase`, after the steps added before it (`first`: before them). */
  add(phase: ShutdownPhase, name: string, step: Step, first?: boolean): void;
  run(): Promise<void>;
}

/** The service's stop(): logs around the shutdown, and a second call waits for the first. */
export function stopOnce(shutdown: Shutdown, logger: Logger): () => Promise<void> {
  let stopping: Promise<void> | null = null;
  return () => {
    stopping ??= (async () => {
      logger.info({ event: 'ServiceStopping' }, 'certwatch stopping');
      await shutdown.run();
      logger.info({ event: 'ServiceStopped' }, 'certwatch stopped');
      logger.flush?.();
    })();
    return stopping;
  };
}

export function createShutdown(logger: Logger, stepDeadlineMs = 15_000): Shutdown {
  const phases = new Map<ShutdownPhase, { name: string; step: Step }[]>(SHUTDOWN_PHASES.map((p) => [p, []]));
  return {
    add(phase, name, step, first = false) {
      const steps = phases.get(phase)!;
      if (first) steps.unshift({ name, step });
      else steps.push({ name, step });
    },
    async run() {
      for (const [phase, steps] of phases) {
        for (const { name, step } of steps.splice(0)) {
          const deadline = new AbortController();
          try {
            const outcome = await Promise.race([
              Promise.resolve().then(step).then(() => 'done' as const),
              delay(stepDeadlineMs, 'late' as const, { signal: deadline.signal }),
            ]);
            if (outcome === 'late') {
              logger.error(
                { event: 'ShutdownStepTimedOut', phase, step: name, deadlineMs: stepDeadlineMs },
                `shutdown step ${name} did not finish in time; going on`,
              );
            }
          } catch (error) {
            logger.error(
              { event: 'ShutdownStepFailed', phase, step: name, err: (error as Error).message },
              `shutdown step ${name} failed`,
            );
          } finally {
            deadline.abort();
          }
        }
      }
    },
  };
}
