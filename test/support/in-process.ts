// Starts certwatch in this test process (all roles unless told), on free ports and a temp DATA_DIR.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchJson } from './http-json.js';
import { parseExposition, sumSamples } from './metrics.js';
import { ALL_ROLES, startService, type Role, type RunningService, type StartOptions } from '../../src/main.js';

export interface TestService extends RunningService {
  dataDir: string;
  api<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }>;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

export async function startTestService(
  env: Record<string, string>,
  roles: readonly Role[] = ALL_ROLES,
  hooks: Partial<StartOptions> = {},
): Promise<TestService> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'cw-'));
  const service = await startService({
    roles,
    env: {
      SYSLOG_HOST: '127.0.0.1', SYSLOG_UDP_PORT: '0', SYSLOG_TCP_PORT: '0', SYSLOG_TLS_PORT: '0', HTTP_PORT: '0',
      LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env,
    },
    ...hooks,
  });
  const base = `http://127.0.0.1:${service.ports.http}`;
  const api = <T>(path: string, init?: RequestInit) => fetchJson<T>(base, path, init);
  return {
    ...service,
    dataDir,
    api,
    async metric(name, labels = {}) {
      const { body } = await api<string>('/metrics');
      return sumSamples(parseExposition(String(body)), name, labels);
    },
  };
}
