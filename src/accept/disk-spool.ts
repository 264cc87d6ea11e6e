// The bounded append-only spool in DATA_DIR that holds accepted events while Redis is unreachable.
// One JSON line per event. Replay renames the file first, so events spooled during a replay go to a fresh file.
import { appendFile, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AcceptedEvent } from './accepted-event.js';

export type SpoolWriteResult = 'spooled' | 'spool-full';

export interface DiskSpool {
  write(event: AcceptedEvent): Promise<SpoolWriteResult>;
  /** Hands every spooled event to `deliver` in order; stops (keeping the rest) at the first failure. */
  replay(deliver: (event: AcceptedEvent) => Promise<void>): Promise<{ delivered: number; remaining: number }>;
  pendingBytes(): number;
}

export function createDiskSpool(dir: string, maxBytes: number): DiskSpool {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const activePath = join(dir, 'events.jsonl');
  const replayPath = join(dir, 'events.replaying.jsonl');
  let bytes = 0;
  // Writes are chained so lines never interleave and the size check stays exact.
  let chain: Promise<unknown> = Promise.resolve();
  const ready = (async () => {
    for (const path of [activePath, replayPath]) {
      if (existsSync(path)) bytes += (await stat(path)).size;
    }
  })();

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(() => ready).then(work);
    chain = next.catch(() => undefined);
    return next;
  }

  return {
    write(event) {
      return serial(async () => {
        const line = `${JSON.stringify(event)}\n`;
        const size = Buffer.byteLength(line);
        if (bytes + size > maxBytes) return 'spool-full';
        await appendFile(activePath, line, { mode: 0o600 });
        bytes += size;
        return 'spooled';
      });
    },
    replay(deliver) {
      return serial(async () => {
        // A replay interrupted by a crash left events.replaying.jsonl behind: it goes first.
        if (!existsSync(replayPath) && existsSync(activePath)) await rename(activePath, replayPath);
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
          await writeFile(replayPath, rest.map((l) => `${l}\n`).join(''), { mode: 0o600 });
        }
        bytes = 0;
        for (const path of [activePath, replayPath]) if (existsSync(path)) bytes += (await stat(path)).size;
        return { delivered, remaining: rest.length };
      });
    },
    pendingBytes() {
      return bytes;
    },
  };
}
