// What an operator sees on the console: readable lines when asked (or on a terminal), JSON for collectors, and no
// "starting" line before a configuration error.
// Runs alone (scripts/run-tests.mjs): each case starts the CLI under tsx and waits for it within a deadline.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { childEnv } from '../support/child-env.js';
import { waitFor } from '../support/wait-for.js';

const CLI = new URL('../../src/cli.ts', import.meta.url).pathname;

function baseEnv(extra: Record<string, string>): Record<string, string> {
  return childEnv({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-log-')),
    HTTP_PORT: '0',
    SYSLOG_UDP_PORT: '0',
    SYSLOG_TCP_PORT: '0',
    ...extra,
  });
}

/** Starts the service, waits until HTTP listens, stops it with SIGTERM and returns what it printed. */
async function runUntilListening(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start'], {
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitFor('HTTP listening', () => /HTTP API on http/.test(out) || null, 30_000);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return out;
}

describe('console logs', () => {
  test('LOG_FORMAT=pretty prints readable lines, not JSON', async () => {
    const out = await runUntilListening({ LOG_FORMAT: 'pretty' });
    const starting = out.split('\n').find((l) => l.includes('certwatch starting'));
    assert.ok(starting, out);
    assert.ok(!starting.trimStart().startsWith('{'), starting);
    assert.match(starting, /INFO/);
  });

  test('LOG_FORMAT=json (and auto when stdout is not a terminal) prints one JSON object per line', async () => {
    for (const format of ['json', 'auto']) {
      const out = await runUntilListening({ LOG_FORMAT: format });
      const lines = out.trim().split('\n');
      for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `${format}: ${line}`);
      assert.ok(lines.some((l) => (JSON.parse(l) as { event?: string }).event === 'ServiceStarting'));
    }
  });

  test('a configuration error comes without any "starting" line before it', () => {
    const cases: Record<string, string>[] = [
      { CLUSTERS_FILE: '/nonexistent/clusters.yaml' },
      { HTTP_HOST: '0.0.0.0', API_TOKEN: 'short' },
      { LOG_FORMAT: 'fancy' },
    ];
    for (const env of cases) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'start'], {
        env: baseEnv(env),
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 2, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /starting/, JSON.stringify(env));
      assert.match(r.stderr, /invalid configuration/);
    }
  });
});
