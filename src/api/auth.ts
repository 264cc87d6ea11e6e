// API access: with a token in force (API_TOKEN, or the token file beyond loopback: api-token.ts) every /api/v1 route
// needs it, reads included. The token is compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** onRequest hook for /api/v1: with a token in force every route needs it. */
export function requireToken(token: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!token) return;
    if (!tokenMatches(request.headers.authorization, token)) {
      await reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ error: 'Unauthorized', message: 'a valid "Authorization: Bearer <token>" header is required' });
    }
  };
}

/** Who did it, for ticket history: X-Certwatch-User, else the body's `user`, else "api". */
export function actorOf(request: FastifyRequest): string {
  const header = request.headers['x-certwatch-user'];
  const body = request.body as { user?: unknown } | undefined;
  const raw = (typeof header === 'string' && header) || (typeof body?.user === 'string' && body.user) || 'api';
  return raw.replace(/[\r\n\t]/g, ' ').slice(0, 100);
}
