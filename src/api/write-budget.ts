// One write budget per client for the whole API: the client is its token (when one is in force) and its address,
// so a client cannot multiply its budget by spreading writes over routes. Fixed one-minute windows, in memory.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface WriteBudget {
  /** preHandler for write routes: runs after authentication, so a refused (401) call spends nothing. */
  check(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

const WINDOW_MS = 60_000;
/** Clients remembered at most; the oldest windows are dropped first (a flood of addresses cannot grow memory). */
const MAX_CLIENTS = 10_000;

export function clientKey(request: Pick<FastifyRequest, 'headers' | 'ip'>): string {
  const authorization = request.headers.authorization;
  // The token itself is never kept in memory: a short hash tells clients apart.
  const token = authorization ? createHash('sha256').update(authorization).digest('hex').slice(0, 16) : '-';
  return `${token}|${request.ip}`;
}

export function createWriteBudget(perMinute: number, now: () => number = Date.now): WriteBudget {
  const windows = new Map<string, { start: number; used: number }>();
  return {
    async check(request, reply) {
      const t = now();
      const key = clientKey(request);
      let w = windows.get(key);
      if (!w || t - w.start >= WINDOW_MS) {
        windows.delete(key);
        if (windows.size >= MAX_CLIENTS) windows.delete(windows.keys().next().value!);
        w = { start: t, used: 0 };
        windows.set(key, w);
      }
      w.used += 1;
      if (w.used > perMinute) {
        const retryAfter = Math.ceil((w.start + WINDOW_MS - t) / 1000);
        await reply
          .code(429)
          .header('Retry-After', String(retryAfter))
          .send({
            error: 'Too Many Requests',
            message: `at most ${perMinute} writes per minute per client; try again in ${retryAfter} s`,
          });
      }
    },
  };
}
