// Sender and receiver on different cores (when taskset exists and there are two), so the sender's work does not
// show up as the receiver's loss. The bench process itself is the sender.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface Pinning {
  /** CPUs of the machine (the sender's own affinity is one once pinned). */
  cpus: number;
  /** Prefix for a receiver's command line (empty when not pinned). */
  receiverPrefix: string[];
  /**
   * Lets a receiver's child processes (certwatch's embedded redis-server and worker child) run on any core: they
   * inherit the receiver's core, where in production they are free to use the other one. Returns their pids.
   */
  freeChildren(pid: number): number[];
  describe: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function pinSenderAndReceivers(): Pinning {
  const cpus = availableParallelism();
  if (cpus < 2 || !hasTaskset()) {
    return {
      cpus,
      receiverPrefix: [],
      freeChildren: () => [],
      describe: `not pinned (${cpus} CPU(s), taskset ${hasTaskset() ? 'present' : 'missing'})`,
    };
  }
  const senderCore = 0;
  const receiverCore = cpus - 1;
  execFileSync('taskset', ['-p', '-c', String(senderCore), String(process.pid)], { stdio: 'ignore' });
  // BENCH_CHILD_CORES (a taskset list) puts them elsewhere, e.g. on the receiver's core, to see what sharing costs.
  const childCores = process.env.BENCH_CHILD_CORES ?? `0-${cpus - 1}`;
  const freeChildren = (pid: number) => {
    const children = descendants(pid);
    for (const child of children) {
      execFileSync('taskset', ['-a', '-p', '-c', childCores, String(child)], { stdio: 'ignore' });
    }
    return children;
  };
  return {
    cpus, receiverPrefix: ['taskset', '-c', String(receiverCore)], freeChildren,
    describe: `sender on core ${senderCore}, receiver on core ${receiverCore} (taskset; certwatch's redis-server and worker child on any core)`,
  };
}

/** Every process below pid (the children of each of its threads, recursively); gone ones are skipped. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const child of children.split(' ').filter(Boolean).map(Number)) found.push(child, ...descendants(child));
  }
  return found;
}
