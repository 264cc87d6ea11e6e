// File descriptors: HTTP and syslog connections are capped so that together they leave a reserve (Redis, the spool,
// the outbox, the UDP socket) under the process's limit. Says so at start when the limit is too low for the caps.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';

/** Descriptors kept for everything that is not a client connection. */
export const DESCRIPTOR_RESERVE = 128;

export function descriptorShortfall(softLimit: number, caps: { http: number; syslog: number }): string | null {
  const needed = caps.http + caps.syslog + DESCRIPTOR_RESERVE;
  if (softLimit >= needed) return null;
  return `the open-file limit is ${softLimit}, below HTTP_MAX_CONNECTIONS (${caps.http}) + SYSLOG_MAX_TCP_CONNECTIONS (${caps.syslog}) + ${DESCRIPTOR_RESERVE} in reserve = ${needed}: raise it (ulimit -n ${needed}, or LimitNOFILE= in the systemd unit) or lower the caps`;
}

/** The soft "Max open files" of this process, or null where /proc does not tell. */
export function openFileSoftLimit(limitsText = readProcLimits()): number | null {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limitsText ?? '');
  if (!match) return null;
  return match[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}

function readProcLimits(): string | null {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
}

export function warnOnDescriptorShortfall(caps: { http: number; syslog: number }, logger: Logger): void {
  const limit = openFileSoftLimit();
  const problem = limit === null ? null : descriptorShortfall(limit, caps);
  if (problem) logger.warn({ event: 'DescriptorLimitLow', limit, ...caps, reserve: DESCRIPTOR_RESERVE }, problem);
}
