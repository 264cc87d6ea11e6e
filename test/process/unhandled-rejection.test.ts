// Issue 9, defect 2: a promise rejection nothing handled is logged and counted; the process does not die mid-flow.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { childEnv } from '../support/child-env.js';
import { startTestRedis } from '../support/redis-server.js';

const CHILD = new URL('./unhandled-rejection-child.ts', import.meta.url).pathname;

test('an unhandled rejection is logged (UnhandledRejection) and counted; the service keeps answering', async () => {
  const redis = await startTestRedis();
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD], {
      env: childEnv({ REDIS_URL: redis.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-')) }),
      encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const logged = lines.find((l) => l.event === 'UnhandledRejection');
    assert.ok(logged, 'logged with its event name');
    assert.match(String(logged.err), /deliberate unhandled rejection/);
    assert.deepEqual(lines.at(-1), { result: 'alive', counted: 1 });
  } finally {
    await redis.stop();
  }
});
