// Shared test harness for the ingest listeners: a collecting sink, a capturing logger, a throwaway CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { pino, type Logger } from 'pino';
import type { MessageMeta, ScreenNoise } from '../../src/ingest/message-meta.js';

export interface Collected {
  messages: { text: string; meta: MessageMeta }[];
  rejections: { reason: string; meta: MessageMeta; detail: string }[];
  onMessage(bytes: Buffer, meta: MessageMeta): void;
  onReject(reason: string, meta: MessageMeta, detail: string): void;
  /** Resolves once `predicate` holds after some message or rejection arrived (or already holds). */
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
}

export function collector(): Collected {
  const waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.predicate()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const c: Collected = {
    messages: [],
    rejections: [],
    onMessage(bytes, meta) {
      c.messages.push({ text: bytes.toString('utf8'), meta });
      check();
    },
    onReject(reason, meta, detail) {
      c.rejections.push({ reason, meta, detail });
      check();
    },
    until(predicate, what, timeoutMs = 5000) {
      if (predicate()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        // The timer only turns a hang into a readable failure; correctness never depends on it.
        const timer = setTimeout(() => {
          waiters.splice(
            waiters.findIndex((w) => w.resolve === done),
            1,
          );
          reject(
            new Error(
              `timed out waiting for ${what}: ${c.messages.length} messages, rejections ${JSON.stringify(c.rejections.map((r) => r.reason))}`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push({ predicate, resolve: done });
      });
    },
  };
  return c;
}

export interface CapturedLogger {
  logger: Logger;
  lines: { level: number; msg: string; event?: string; [k: string]: unknown }[];
}

export function capturingLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => { lines.push(JSON.parse(line)); } });
  return { logger, lines };
}

/** Resolves when the socket is fully closed (by either side). */
export async function closed(socket: Socket): Promise<void> {
  if (socket.closed) return;
  // Not events.once: that rejects on 'error', and a reset or an aborted handshake is what several tests expect.
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
}

export interface TestPki {
  dir: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  cleanup(): void;
}

/** Throwaway CA and a server certificate for 127.0.0.1 / localhost, made with the openssl CLI. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'certwatch-tls-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=certwatch test CA',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  ]);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '1',
    '-extfile',
    'ext.cnf',
  ]);
  return {
    dir,
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    certPem: readFileSync(join(dir, 'server.pem'), 'utf8'),
    keyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function octet(msg: string): string {
  return `${Buffer.byteLength(msg)} ${msg}`;
}

/** A noise screen for listener tests: a frame whose text starts with `noise` is noise; it records what it saw. */
export function recordingScreen(): {
  screenNoise: ScreenNoise;
  screened: { text: string; source: string; transport: string }[];
} {
  const screened: { text: string; source: string; transport: string }[] = [];
  const screenNoise: ScreenNoise = (chunk, frames, count, from, rest) => {
    let restCount = 0;
    for (let k = 0; k < count; k++) {
      const text = chunk.toString('utf8', frames[2 * k], frames[2 * k + 1]);
      screened.push({
        text,
        source: typeof from.sources === 'string' ? from.sources : from.sources[k]!,
        transport: from.transport,
      });
      if (!text.startsWith('noise')) rest[restCount++] = k;
    }
    return restCount;
  };
  return { screenNoise, screened };
}
