// Builds the fastify application (never listens: the composition root does). Every role serves /healthz, /readyz and
// /metrics; the /api/v1 routes and the web pages are registered only where their dependencies are given.
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { refreshDiscoveryMetrics } from '../observability/discovery-metrics.js';
import type { Metrics } from '../observability/metrics.js';
import { requireToken } from './auth.js';
import { countKeys, MAX_JSON_KEYS } from './json-keys.js';
import { registerApiRoutes, type ApiDeps } from './routes/api-routes.js';
import { requirePageAccess } from '../web/page-access.js';
import { registerPageRoutes } from '../web/page-routes.js';

/** ioredis errors that mean "Redis is away", as opposed to a bug. */
export function isRedisUnavailable(error: Error): boolean {
  return /Command timed out|Connection is closed|Stream isn't writeable|ECONNREFUSED|Reached the max retries per request/i.test(
    error.message,
  );
}

export interface AppDeps {
  logger: Logger;
  metrics: Metrics;
  bodyLimitBytes: number;
  writeRateLimitPerMinute: number;
  /** Whole request (headers and body) within this long, else 408 and closed; idle keep-alive sockets close too. */
  requestTimeoutMs: number;
  /** Open HTTP connections; further ones are closed at once, so HTTP cannot use up the descriptors syslog needs. */
  maxConnections: number;
  /** Readiness checks by name; /readyz is 200 only when all pass. */
  readiness: () => Promise<Record<string, boolean>>;
  /** Beyond loopback, /metrics and /docs need the API's bearer token too (Prometheus sends it as `authorization`). */
  operatorToken?: string | undefined;
  /** Called before /metrics is rendered (refresh gauges that are read on demand). */
  beforeMetrics?: () => Promise<void> | void;
  api?: ApiDeps;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: deps.bodyLimitBytes,
    // Half-sent requests must not hold sockets for minutes: Node checks these deadlines every checking interval.
    requestTimeout: deps.requestTimeoutMs,
    connectionTimeout: deps.requestTimeoutMs * 2,
    http: {
      headersTimeout: deps.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, deps.requestTimeoutMs),
    },
    // Per-request logs would drown the decision logs; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
  });

  // One error handler: clients get a clear JSON message, never a stack trace.
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (isRedisUnavailable(error)) {
      request.log.warn(
        { event: 'HttpRedisUnavailable', url: request.url, err: error.message },
        'Redis unavailable for an API request',
      );
      void reply
        .code(503)
        .header('Retry-After', '5')
        .send({ error: 'Service Unavailable', message: 'Redis is not reachable right now; try again shortly' });
      return;
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ event: 'HttpError', err: error, url: request.url }, 'request failed');
    void reply.code(status).send({ error: status >= 500 ? 'Internal Server Error' : error.name, message: status >= 500 ? 'internal error; see the service log' : error.message });
  });
  // JSON bodies: fastify's own parser (prototype-poisoning checks), then a cap on the number of keys, so a body of
  // thousands of small properties is refused before any route walks it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      if (countKeys(value, MAX_JSON_KEYS) > MAX_JSON_KEYS) {
        return done(
          Object.assign(new Error(`a JSON body may hold at most ${MAX_JSON_KEYS} keys`), { statusCode: 413 }),
          undefined,
        );
      }
      done(null, value);
    });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send({ error: 'Not Found', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'certwatch API', version: '1', description: 'CUCM certificate expiry tickets and renewal plans' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  // /docs (and everything under it) and /metrics follow the API's token rule beyond loopback; /docs is read in a
  // browser, so the web pages' sign-in cookie opens it too (web/page-access.ts).
  const guardOperatorPages = requireToken(deps.operatorToken);
  await app.register(async (docs) => {
    docs.addHook('onRequest', requirePageAccess(deps.operatorToken));
    await docs.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const checks = await deps.readiness();
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  });
  app.get('/metrics', { schema: { hide: true }, onRequest: guardOperatorPages }, async (_request, reply) => {
    await deps.beforeMetrics?.();
    if (deps.api) {
      await refreshDiscoveryMetrics(
        deps.metrics,
        { discovery: deps.api.discovery.store, tickets: deps.api.store, clusters: deps.api.clusters },
        deps.logger,
      );
    }
    return reply.header('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  if (deps.api) {
    await registerApiRoutes(app, deps.api, { writeRateLimitPerMinute: deps.writeRateLimitPerMinute });
    // The web pages follow the /docs rule: the token beyond loopback (a browser signs in once: web/page-access.ts).
    await registerPageRoutes(app, deps.api, { token: deps.operatorToken, metrics: deps.metrics });
  }
  app.server.maxConnections = deps.maxConnections;
  return app;
}
