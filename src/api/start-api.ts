// HTTP for every role: /healthz, /readyz and /metrics always; /api/v1 where the API role runs.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Metrics } from '../observability/metrics.js';
import type { Shutdown } from '../shutdown.js';
import { isLoopback } from './api-token.js';
import { buildApp, type AppDeps } from './app.js';
import type { ApiDeps } from './routes/api-routes.js';

export interface ApiStartDeps {
  api: ApiDeps | undefined;
  /** The bearer token in force (API_TOKEN or the token file), if any. */
  token: string | undefined;
  readiness: AppDeps['readiness'];
  beforeMetrics: AppDeps['beforeMetrics'];
  metrics: Metrics;
  logger: Logger;
  shutdown: Shutdown;
}

/** Listens and returns the bound port. */
export async function startApi(config: Config, deps: ApiStartDeps): Promise<number> {
  const { logger } = deps;
  const app = await buildApp({
    logger,
    metrics: deps.metrics,
    bodyLimitBytes: config.httpBodyLimitBytes,
    writeRateLimitPerMinute: config.apiRateLimitPerMinute,
    requestTimeoutMs: config.httpRequestTimeoutMs,
    maxConnections: config.httpMaxConnections,
    readiness: deps.readiness,
    beforeMetrics: deps.beforeMetrics,
    api: deps.api,
    operatorToken: isLoopback(config.httpHost) ? undefined : deps.token,
  });
  await app.listen({ host: config.httpHost, port: config.httpPort });
  deps.shutdown.add('http', 'http', () => app.close());
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.httpPort;
  logger.info(
    { event: 'HttpListening', host: config.httpHost, port },
    `HTTP API on http://${config.httpHost}:${port} (docs at /docs)`,
  );
  return port;
}
