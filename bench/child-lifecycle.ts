// A receiver the bench started as a child process: whether (and how) it exited, and a stop that asks first (SIGTERM)
// and insists (SIGKILL) after a grace period.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ChildLifecycle {
  /** The exit code once it exited (null: killed by a signal); undefined while it runs. */
  exitCode(): number | null | undefined;
  stop(): Promise<void>;
}

export function childLifecycle(child: ChildProcess, graceMs: number): ChildLifecycle {
  let code: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (c) => { code = c; resolve(); }));
  return {
    exitCode: () => code,
    async stop() {
      if (code !== undefined) return;
      child.kill('SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]))) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
