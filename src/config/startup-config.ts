// What must be right before anything starts or logs "starting": the configuration, the inventory file, the data
// folder and the API token. Every problem is a ConfigError (the CLI lists them and exits 2).
import { mkdirSync } from 'node:fs';
import { resolveApiToken } from '../api/api-token.js';
import { clusterFileReader } from '../clusters/cluster-directory.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

export function loadStartupConfig(env: Record<string, string | undefined>) {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new ConfigError(loaded.problems);
  const config = loaded.config;
  const clusterFile = clusterFileReader(config.clustersFile);
  try {
    clusterFile.read();
  } catch (error) {
    throw new ConfigError([`CLUSTERS_FILE ${(error as Error).message}`]);
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // Every role serves /metrics and /docs, which need the token beyond loopback; /api/v1 needs it wherever it is set.
  const token = resolveApiToken({ configured: config.apiToken, httpHost: config.httpHost, dataDir: config.dataDir });
  if (!token.ok) throw new ConfigError([token.problem]);
  return { config, warnings: loaded.warnings, clusterFile, token };
}
