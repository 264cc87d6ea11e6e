// The embedded redis-server: unix socket when the path fits, loopback otherwise; a pid file that names some other
// process is never acted on.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { startEmbeddedRedis } from '../../src/redis/embedded-redis.js';

const logger = pino({ level: 'silent' });

async function ping(target: { path: string } | { url: string }): Promise<string> {
  const client = 'path' in target ? new Redis({ path: target.path }) : new Redis(target.url);
  try {
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

describe('embedded redis-server', () => {
  test('a short data path gets a unix socket; AOF and noeviction are on', async () => {
    const redis = await startEmbeddedRedis(mkdtempSync(join(tmpdir(), 'er-')), logger);
    try {
      assert.ok('path' in redis.target);
      assert.equal(await ping(redis.target), 'PONG');
      const client = new Redis({ path: (redis.target as { path: string }).path });
      const [, aof] = (await client.config('GET', 'appendonly')) as string[];
      const [, policy] = (await client.config('GET', 'maxmemory-policy')) as string[];
      client.disconnect();
      assert.equal(aof, 'yes');
      assert.equal(policy, 'noeviction');
    } finally {
      await redis.stop();
    }
  });

  test('a data path too long for a unix socket falls back to loopback', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'er-')), 'x'.repeat(60), 'y'.repeat(60));
    mkdirSync(dir, { recursive: true });
    const redis = await startEmbeddedRedis(dir, logger);
    try {
      assert.ok('url' in redis.target && redis.target.url.startsWith('redis://127.0.0.1:'));
      assert.equal(await ping(redis.target), 'PONG');
    } finally {
      await redis.stop();
    }
  });

  test('a stale pid file naming another process leaves that process alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'er-'));
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    mkdirSync(join(dir, 'redis'), { recursive: true });
    writeFileSync(join(dir, 'redis', 'redis.pid'), `${bystander.pid}\n`);
    const redis = await startEmbeddedRedis(dir, logger);
    try {
      assert.equal(bystander.exitCode, null);
      assert.equal(bystander.signalCode, null, 'the unrelated process was not signalled');
      assert.equal(await ping(redis.target), 'PONG');
    } finally {
      await redis.stop();
      bystander.kill();
    }
  });
});
