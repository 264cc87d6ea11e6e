// The certwatch command as a user runs it: bad configuration, missing redis-server, plan without an alarm.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const CLI = new URL('../../src/cli.ts', import.meta.url).pathname;

function certwatch(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-cli-')), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('certwatch CLI', () => {
  test('a bad configuration lists every problem and exits 2', () => {
    const r = certwatch(['start'], { SYSLOG_UDP_PORT: '70000', HTTP_PORT: 'eighty', SYSLOG_TLS_CERT: '/tmp/only-cert.pem', LOG_LEVEL: 'loud' });
    assert.equal(r.status, 2);
    for (const key of ['SYSLOG_UDP_PORT', 'HTTP_PORT', 'SYSLOG_TLS', 'LOG_LEVEL']) assert.match(r.stderr, new RegExp(key), `${key} named in:\n${r.stderr}`);
  });

  test('without redis-server on PATH and no REDIS_URL: one clear line, exit 1', () => {
    // A PATH with node alone (redis-server usually sits beside node in /usr/bin).
    const bin = mkdtempSync(join(tmpdir(), 'cw-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = certwatch(['start'], { PATH: bin, HTTP_PORT: '0', SYSLOG_UDP_PORT: '0', SYSLOG_TCP_PORT: '0' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /redis-server was not found.*apt-get install -y redis-server.*REDIS_URL/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  test('plan prints a renewal plan for a cluster from the inventory', () => {
    const r = certwatch(['plan', '--cluster', 'lab', '--unit', 'TVS', '--clusters-file', 'samples/clusters/lab.yaml']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /set cert regen TVS|TVS/);
    assert.match(r.stdout, /Cisco Trust Verification Service/);
  });

  test('unknown commands and options are usage errors', () => {
    assert.equal(certwatch(['frobnicate']).status, 2);
    assert.equal(certwatch(['start', '--role', 'janitor']).status, 2);
  });
});
