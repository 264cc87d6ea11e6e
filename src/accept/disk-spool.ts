// The bounded append-only spool in DATA_DIR that holds accepted events while Redis is unreachable.
// One JSON line per event. Replay renames the file first, so events spooled during a replay go to a fresh file.
// A full or failing disk never throws out of here: a write that fails is a counted "spool full", the file is cut
// back to its last whole line, and the spool reports itself unhealthy until a write or a probe succeeds again.
import { appendFile, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AcceptedEvent } from './accepted-event.js';

export type SpoolWriteResult =
  | { outcome: 'spooled' }
  /** Over SPOOL_MAX_BYTES, or the disk itself is full (ENOSPC, EDQUOT). */
  | { outcome: 'spool-full'; detail: string }
  /** Any other write error (EIO, EROFS, EACCES, ...). */
  | { outcome: 'spool-error'; detail: string };

export interface DiskSpool {
  write(event: AcceptedEvent): Promise<SpoolWriteResult>;
  /** Hands every spooled event to `deliver` in order; stops (keeping the rest) at the first failure. */
  replay(deliver: (event: AcceptedEvent) => Promise<void>): Promise<{ delivered: number; remaining: number }>;
  pendingBytes(): number;
  /** False from a failed write until a later write or probe succeeds. */
  healthy(): boolean;
  /** While unhealthy: checks whether an event would fit now (room under the limit and a small test write). */
  probe(): Promise<boolean>;
}

const PROBE_BYTES = 4096;

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

export function createDiskSpool(dir: string, maxBytes: number): DiskSpool {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const activePath = join(dir, 'events.jsonl');
  const replayPath = join(dir, 'events.replaying.jsonl');
  const probePath = join(dir, 'probe.tmp');
  let bytes = 0;
  let activeBytes = 0;
  let failing = false;
  // A failed write whose half line could not be cut off: the next line starts with a newline of its own.
  let halfLine = false;
  // Writes are chained so lines never interleave and the size check stays exact.
  let chain: Promise<unknown> = Promise.resolve();
  const ready = (async () => {
    for (const path of [activePath, replayPath]) {
      if (existsSync(path)) bytes += (await stat(path)).size;
    }
    if (existsSync(activePath)) activeBytes = (await stat(activePath)).size;
  })().catch(() => undefined);

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(() => ready).then(work);
    chain = next.catch(() => undefined);
    return next;
  }

  async function recount(): Promise<void> {
    bytes = 0;
    for (const path of [activePath, replayPath]) if (existsSync(path)) bytes += (await stat(path)).size;
    activeBytes = existsSync(activePath) ? (await stat(activePath)).size : 0;
  }

  async function append(event: string): Promise<SpoolWriteResult> {
    const line = halfLine ? `\n${event}` : event;
    const size = Buffer.byteLength(line);
    if (bytes + size > maxBytes) return { outcome: 'spool-full', detail: `SPOOL_MAX_BYTES (${maxBytes}) reached` };
    try {
      await appendFile(activePath, line, { mode: 0o600 });
    } catch (error) {
      // A short write leaves half a line: cut it off so the next event starts on a line of its own.
      await truncate(activePath, activeBytes).then(() => (halfLine = false), () => (halfLine = true));
      const code = errorCode(error);
      return code === 'ENOSPC' || code === 'EDQUOT'
        ? { outcome: 'spool-full', detail: `the disk is full (${code})` }
        : { outcome: 'spool-error', detail: `cannot write the spool (${code})` };
    }
    bytes += size;
    activeBytes += size;
    halfLine = false;
    return { outcome: 'spooled' };
  }

  return {
    write(event) {
      return serial(async () => {
        const result = await append(`${JSON.stringify(event)}\n`);
        failing = result.outcome !== 'spooled';
        return result;
      });
    },
    replay(deliver) {
      return serial(async () => {
        // A replay interrupted by a crash left events.replaying.jsonl behind: it goes first.
        if (!existsSync(replayPath) && existsSync(activePath)) {
          await rename(activePath, replayPath);
          activeBytes = 0;
        }
        if (!existsSync(replayPath)) return { delivered: 0, remaining: 0 };
        const lines = (await readFile(replayPath, 'utf8')).split('\n').filter((l) => l.length > 0);
        let delivered = 0;
        for (const line of lines) {
          let event: AcceptedEvent;
          try {
            event = JSON.parse(line) as AcceptedEvent;
          } catch {
            delivered += 1; // a line cut by a crash mid-write: nothing to deliver
            continue;
          }
          try {
            await deliver(event);
            delivered += 1;
          } catch {
            break;
          }
        }
        const rest = lines.slice(delivered);
        if (rest.length === 0) {
          await rm(replayPath, { force: true });
        } else {
          // Written beside and renamed: a full disk must not cut the replay file. Should that write fail, the whole
          // file stays and the delivered events are offered again (their job ids make the second add a no-op).
          const restPath = `${replayPath}.rest`;
          try {
            await writeFile(restPath, rest.map((l) => `${l}\n`).join(''), { mode: 0o600 });
            await rename(restPath, replayPath);
          } catch {
            await rm(restPath, { force: true }).catch(() => undefined);
          }
        }
        await recount();
        return { delivered, remaining: rest.length };
      });
    },
    pendingBytes() {
      return bytes;
    },
    healthy() {
      return !failing;
    },
    probe() {
      return serial(async () => {
        if (!failing) return true;
        if (bytes + PROBE_BYTES > maxBytes) return false;
        try {
          await writeFile(probePath, Buffer.alloc(PROBE_BYTES));
          failing = false;
        } catch {
          // still full
        }
        await rm(probePath, { force: true }).catch(() => undefined);
        return !failing;
      });
    },
  };
}
