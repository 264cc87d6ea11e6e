// The certwatch command as a user runs it: bad configuration, missing redis-server, plan without an alarm, help,
// version, usage errors, and a reader that leaves early.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { childEnv } from '../support/child-env.js';

const CLI = new URL('../../src/cli.ts', import.meta.url).pathname;

function certwatch(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: childEnv({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-cli-')), ...env }),
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

  const LAB = ['--cluster', 'lab', '--unit', 'TVS'];
  const usageErrors = [
    { title: 'an unknown option names itself and the command\'s help', args: ['plan', ...LAB, '--bogus'], says: /^certwatch plan: Unknown option '--bogus'.*certwatch plan --help/ },
    { title: 'a missing clusters file says so and how to give one', args: ['plan', ...LAB, '--clusters-file', 'no-such-inventory.yaml'], says: /^certwatch plan: no-such-inventory\.yaml: no such file \(check CLUSTERS_FILE or --clusters-file; .*samples\/clusters\/lab\.yaml shows the format\)$/ },
    { title: 'a directory as clusters file says so', args: ['plan', ...LAB, '--clusters-file', 'samples'], says: /^certwatch plan: samples: is a directory, not an inventory file$/ },
    { title: 'an unknown plan format lists the formats', args: ['plan', ...LAB, '--clusters-file', 'samples/clusters/lab.yaml', '--format', 'pdf'], says: /^certwatch plan: --format must be one of text, markdown, html, json, got "pdf"$/ },
  ];
  for (const c of usageErrors) {
    test(`usage error: ${c.title}; one line, no stack, exit 2`, () => {
      const r = certwatch(c.args);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, c.says);
    });
  }

  for (const args of [['start', '--help'], ['replay', '--help'], ['plan', '--help'], ['plan', '-h'], ['help', 'plan']]) {
    test(`certwatch ${args.join(' ')} prints that command's usage and exits 0`, () => {
      const r = certwatch(args);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^usage: certwatch ${args.find((a) => !a.startsWith('-') && a !== 'help')} `));
      assert.equal(r.stderr, '');
    });
  }

  test('certwatch --help lists every command and exits 0; no command at all is a usage error', () => {
    const r = certwatch(['--help']);
    assert.equal(r.status, 0);
    for (const command of ['start', 'replay', 'plan', '--version']) assert.match(r.stdout, new RegExp(`certwatch ${command}`));
    assert.equal(certwatch([]).status, 2);
  });

  test('certwatch --version prints the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = certwatch(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${version}\n`);
  });

  test('a reader that leaves before the plan is written (| head -1) ends it quietly, no EPIPE crash', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'plan', ...LAB, '--clusters-file', 'samples/clusters/lab.yaml'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close our end of its stdout before it starts: its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.equal(stderr, '');
    assert.equal(status, 0);
  });
});
