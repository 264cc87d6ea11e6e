// Who may read the web pages: the rule of /docs and /metrics (the API token beyond loopback). A browser cannot send a
// Bearer header, so it gives the token once in a form (POST /login) and gets an HttpOnly, SameSite=Strict cookie for
// the browser session. The cookie holds an HMAC of the token, not the token: it opens the pages (read-only), never
// the API. Nothing secret ever goes in a URL.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokenMatches } from '../api/auth.js';
import type { Metrics } from '../observability/metrics.js';
import { html } from '../render/html.js';
import { page, PAGE_POLICY } from './page-layout.js';

export const PAGE_COOKIE = 'certwatch_pages';
/** A login form is a token and little else. */
const LOGIN_BODY_LIMIT = 4096;

function cookieValue(token: string): string {
  return createHmac('sha256', token).update('certwatch web pages').digest('base64url');
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sendPage(reply: FastifyReply, code: number, text: string): FastifyReply {
  return reply.code(code).type('text/html; charset=utf-8').header('Content-Security-Policy', PAGE_POLICY)
    .header('X-Content-Type-Options', 'nosniff').header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-store')
    .send(text);
}

function loginPage(problem: string): string {
  return page('Sign in', html`<p>${problem}</p>
<form method="post" action="/login">
<label>API token <input type="password" name="token" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>
<p>The token is the API's (API_TOKEN, or the api-token file in DATA_DIR). The pages then stay open in this browser
until it closes or you <a href="/logout">sign out</a>.</p>`);
}

/** onRequest hook of the page routes: with a token in force, a Bearer header or the pages' cookie is needed. */
export function requirePageAccess(token: string | undefined) {
  const expected = token === undefined ? undefined : cookieValue(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (token === undefined || expected === undefined) return;
    if (tokenMatches(request.headers.authorization, token)) return;
    const cookie = cookieOf(request, PAGE_COOKIE);
    if (cookie !== undefined && sameSecret(cookie, expected)) return;
    await sendPage(reply, 401, loginPage('These pages need the API token.'));
  };
}

/** POST /login (the form) and GET /logout; outside the guard. A refused sign-in is counted and logged. */
export function registerLogin(
  app: FastifyInstance, token: string | undefined, metrics: Pick<Metrics, 'webSignInsRefused'>,
): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: LOGIN_BODY_LIMIT },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
  app.post('/login', async (request, reply) => {
    if (token === undefined) return reply.code(303).header('Location', '/expiries').send();
    const given = (request.body as Record<string, unknown> | undefined)?.token;
    if (typeof given !== 'string' || !tokenMatches(`Bearer ${given}`, token)) {
      metrics.webSignInsRefused.inc();
      request.log.warn({ event: 'WebSignInRefused', ip: request.ip }, 'web page sign-in refused: not the API token');
      return sendPage(reply, 401, loginPage('That is not the API token.'));
    }
    const secure = request.protocol === 'https' ? '; Secure' : '';
    return reply.code(303).header('Location', '/expiries')
      .header('Set-Cookie', `${PAGE_COOKIE}=${cookieValue(token)}; Path=/; HttpOnly; SameSite=Strict${secure}`).send();
  });
  app.get('/logout', async (_request, reply) => reply.code(303).header('Location', '/expiries')
    .header('Set-Cookie', `${PAGE_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`).send());
}
