// A bare receiver for the bench: certwatch's UDP reader and TCP framer in a process of their own that only count
// (bench/bare-child.ts), started the same way as certwatch (compiled, pinned like the other receivers). The bench
// measures its CPU per message at the same fixed rate as certwatch's, so "certwatch's own work per message on top
// of the socket read" is a difference in one run, not a figure from another day.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_UDP_RECV_BUFFER_BYTES } from '../src/ingest/udp-listener.js';
import { freePort } from '../test/support/free-port.js';
import { GiveUp, waitFor } from '../test/support/wait-for.js';
import { childLifecycle } from './child-lifecycle.js';
import { compiledServiceArgs } from './compiled-service.js';
import type { Receiver } from './receiver.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** certwatch's default SYSLOG_MAX_MESSAGE_BYTES, so both cut the same datagrams (and ask the same receive buffer). */
const MAX_MESSAGE_BYTES = 8192;

export interface BareReceiver extends Receiver {
  /** recvmmsg or dgram: the reader it got, as certwatch would. */
  udpReader: string;
}

export async function startBare(host: string, prefix: string[]): Promise<BareReceiver> {
  const dir = mkdtempSync(join(tmpdir(), 'certwatch-bench-bare-'));
  const logPath = join(dir, 'bare.log');
  const [httpPort, udpPort, tcpPort] = [await freePort('tcp', host), await freePort('udp', host), await freePort('tcp', host)];
  compiledServiceArgs(ROOT); // builds dist/ when the sources changed, as for certwatch
  const args = [join(ROOT, 'dist', 'bench', 'bare-child.js'), host, udpPort, tcpPort, httpPort, MAX_MESSAGE_BYTES, DEFAULT_UDP_RECV_BUFFER_BYTES].map(String);
  const command = [...prefix, process.execPath, ...args];
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logPath);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const life = childLifecycle(child, 5_000);
  const counts = async () => (await (await fetch(`http://${host}:${httpPort}/`)).json()) as { udp: number; tcp: number; reader: string };
  await waitFor('the bare receiver to be ready', async () => {
    if (life.exitCode() !== undefined) throw new GiveUp(`the bare receiver exited with code ${life.exitCode()}; log: ${logPath}`);
    return counts().then(() => true, () => false);
  }, 30_000, 100);
  return {
    name: 'bare', pid: child.pid!, host, udpPort, tcpPort, logPath, quietMs: 300, udpReader: (await counts()).reader,
    counted: async (transport) => (await counts())[transport],
    alarmsKept: async () => 0,
    stop: life.stop,
  };
}
