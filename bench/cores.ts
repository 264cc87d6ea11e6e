// Sender and receiver on different cores (when taskset exists and there are two), so the sender's work does not
// show up as the receiver's loss. The bench process itself is the sender.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface Pinning {
  /** CPUs of the machine (the sender's own affinity is one once pinned). */
  cpus: number;
  /** Prefix for a receiver's command line (empty when not pinned). */
  receiverPrefix: string[];
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
  if (cpus < 2 || !hasTaskset()) return { cpus, receiverPrefix: [], describe: `not pinned (${cpus} CPU(s), taskset ${hasTaskset() ? 'present' : 'missing'})` };
  const senderCore = 0;
  const receiverCore = cpus - 1;
  execFileSync('taskset', ['-p', '-c', String(senderCore), String(process.pid)], { stdio: 'ignore' });
  return { cpus, receiverPrefix: ['taskset', '-c', String(receiverCore)], describe: `sender on core ${senderCore}, receiver on core ${receiverCore} (taskset)` };
}
