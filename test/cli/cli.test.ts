// The certwatch command as a user runs it: bad configuration, missing redis-server, plan without an alarm, help,
// version, usage errors, and a reader that leaves early.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readClustersFile } from '../../src/config/load-clusters.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import { allOwnUnits } from '../../src/plan/all-units.js';
import { childEnv } from '../support/child-env.js';

/** The lab cluster as the service reads it from samples/clusters/lab.yaml. */
function labCluster(): ClusterState {
  const read = readClustersFile('samples/clusters/lab.yaml');
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.clusters.find((c) => c.id === 'lab')!;
}


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
    const r = certwatch(['start'], {
      SYSLOG_UDP_PORT: '70000',
      HTTP_PORT: 'eighty',
      SYSLOG_TLS_CERT: '/tmp/only-cert.pem',
      LOG_LEVEL: 'loud',
    });
    assert.equal(r.status, 2);
    for (const key of ['SYSLOG_UDP_PORT', 'HTTP_PORT', 'SYSLOG_TLS', 'LOG_LEVEL']) {
      assert.match(r.stderr, new RegExp(key), `${key} named in:\n${r.stderr}`);
    }
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
    assert.match(r.stdout, /`set cert regen TVS` on CUCM01 -> CUCM02 -> CUCM03/);
    assert.match(r.stdout, /TVS = Trust\s+Verification Service/);
  });

  const LAB_FILE = ['--clusters-file', 'samples/clusters/lab.yaml'];
  test("several --unit give one combined plan, one step per certificate type, in the engine's order", () => {
    const r = certwatch([
      'plan',
      '--cluster',
      'lab',
      '--unit',
      'TVS',
      '--unit',
      'CallManager',
      ...LAB_FILE,
      '--format',
      'json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { stages: { unit: string }[]; targets: { unit: string }[] };
    assert.deepEqual(
      plan.targets.map((t) => t.unit),
      ['TVS', 'CallManager'],
    );
    assert.deepEqual(
      plan.stages.map((s) => s.unit),
      ['CallManager', 'TVS'],
      'TVS after CallManager, whatever the order asked',
    );
  });

  test('--unit all plans every own certificate of the cluster\'s version, trust stores left out', () => {
    const r = certwatch(['plan', '--cluster', 'lab', '--unit', 'all', ...LAB_FILE, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { targets: { unit: string; kind: string }[] };
    assert.deepEqual(
      plan.targets.map((t) => t.unit),
      allOwnUnits(labCluster()).units,
    );
    assert.ok(
      plan.targets.length >= 8,
      'tomcat, CallManager, CAPF, TVS, ipsec, ITLRecovery and the ECDSA ones at least',
    );
    assert.ok(plan.targets.every((t) => t.kind === 'own'));
  });

  test('steps are dated PLAN_STEP_GAP_DAYS apart, as in the mailed plan; a bad value is a configuration problem', () => {
    const days = (env: Record<string, string>) => {
      const r = certwatch(
        ['plan', '--cluster', 'lab', '--unit', 'CallManager', '--unit', 'TVS', ...LAB_FILE, '--format', 'json'],
        env,
      );
      assert.equal(r.status, 0, r.stderr);
      const [a, b] = (JSON.parse(r.stdout) as { stages: { date: string }[] }).stages.map((s) => Date.parse(s.date));
      return (b! - a!) / 86_400_000;
    };
    assert.equal(days({}), 7);
    assert.equal(days({ PLAN_STEP_GAP_DAYS: '14' }), 14);
    const bad = certwatch(['plan', '--cluster', 'lab', '--unit', 'TVS', ...LAB_FILE], { PLAN_STEP_GAP_DAYS: '0' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /PLAN_STEP_GAP_DAYS/);
  });

  test('--route ordered-tftp where it is unsafe: the plan is still printed, with the refusal and its reason', () => {
    const r = certwatch(['plan', '--cluster', 'lab', '--unit', 'CallManager', '--route', 'ordered-tftp', ...LAB_FILE]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Route +standard \(ordered-tftp refused: see the notices\)$/m);
    assert.match(
      r.stdout.replace(/\s+/g, ' '),
      /Requested route refused: Ordered TFTP route \(extra ITL safety\): only on 8\.x to 11\.5/,
    );
  });

  test('--route ordered-tftp where it is safe (11.5, two TFTP servers, a CallManager change) is used', () => {
    const r = certwatch([
      'plan',
      '--cluster',
      'lab115',
      '--unit',
      'CallManager',
      '--route',
      'ordered-tftp',
      '--clusters-file',
      'samples/clusters/lab115.yaml',
      '--format',
      'json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { route: { requested: string; used: string; refused: unknown[] } };
    assert.deepEqual(plan.route, { ...plan.route, requested: 'ordered-tftp', used: 'ordered-tftp', refused: [] });
  });

  test('unknown commands and options are usage errors', () => {
    assert.equal(certwatch(['frobnicate']).status, 2);
    assert.equal(certwatch(['start', '--role', 'janitor']).status, 2);
  });

  const LAB = ['--cluster', 'lab', '--unit', 'TVS'];
  const usageErrors = [
    {
      title: "an unknown option names itself and the command's help",
      args: ['plan', ...LAB, '--bogus'],
      says: /^certwatch plan: Unknown option '--bogus'.*certwatch plan --help/,
    },
    {
      title: 'a missing clusters file says so and how to give one',
      args: ['plan', ...LAB, '--clusters-file', 'no-such-inventory.yaml'],
      says: /^certwatch plan: no-such-inventory\.yaml: no such file \(check CLUSTERS_FILE or --clusters-file; .*samples\/clusters\/lab\.yaml shows the format\)$/,
    },
    {
      title: 'a directory as clusters file says so',
      args: ['plan', ...LAB, '--clusters-file', 'samples'],
      says: /^certwatch plan: samples: is a directory, not an inventory file$/,
    },
    {
      title: '--node with several units',
      args: ['plan', ...LAB, '--unit', 'CAPF', '--node', 'CUCM01', ...LAB_FILE],
      says: /^certwatch plan: --node narrows a single unit only, but the plan covers 2 \(TVS, CAPF\); leave out --node or give one --unit$/,
    },
    {
      title: '--node with --unit all',
      args: ['plan', '--cluster', 'lab', '--unit', 'all', '--node', 'CUCM01', ...LAB_FILE],
      says: /^certwatch plan: --node narrows a single unit only, but the plan covers \d+ \(tomcat, /,
    },
    {
      title: 'an unknown route lists the routes',
      args: ['plan', ...LAB, '--route', 'rollback-ish', ...LAB_FILE],
      says: /^certwatch plan: --route must be one of standard, ordered-tftp, got "rollback-ish"$/,
    },
    {
      title: 'an unknown plan format lists the formats',
      args: ['plan', ...LAB, '--clusters-file', 'samples/clusters/lab.yaml', '--format', 'pdf'],
      says: /^certwatch plan: --format must be one of text, markdown, html, json, got "pdf"$/,
    },
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

  for (const args of [
    ['start', '--help'],
    ['replay', '--help'],
    ['plan', '--help'],
    ['plan', '-h'],
    ['help', 'plan'],
  ]) {
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
    for (const command of ['start', 'replay', 'plan', '--version']) {
      assert.match(r.stdout, new RegExp(`certwatch ${command}`));
    }
    assert.equal(certwatch([]).status, 2);
  });

  test('certwatch --version prints the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const r = certwatch(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${version}\n`);
  });

  test('a reader that leaves before the plan is written (| head -1) ends it quietly, no EPIPE crash', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'plan', ...LAB, '--clusters-file', 'samples/clusters/lab.yaml'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Close our end of its stdout before it starts: its first write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.equal(stderr, '');
    assert.equal(status, 0);
  });

  test('a reader that takes the first line of a long plan and leaves (| head -1, review m11) ends it quietly', () => {
    // A real shell pipe into head: the whole-cluster plan as JSON is far larger than a pipe's buffer, so certwatch is
    // still writing when head has its line and closes the pipe. pipefail makes the exit status certwatch's own.
    const cli = [
      process.execPath,
      '--import',
      'tsx',
      CLI,
      'plan',
      '--cluster',
      'lab',
      '--unit',
      'all',
      ...LAB_FILE,
      '--format',
      'json',
    ];
    const quoted = cli.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${quoted} | head -1`], {
      env: childEnv({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-cli-')) }), encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(r.stdout, '{\n');
    assert.equal(r.stderr, '', 'no EPIPE stack trace');
    // Only a plan larger than the pipe's buffer and head's read together makes the writer meet the closed pipe.
    const whole = certwatch(cli.slice(4));
    assert.ok(
      whole.stdout.length > 80 * 1024,
      `the plan (${whole.stdout.length} bytes) must outgrow the pipe for this test to mean anything`,
    );
    assert.equal(r.status, 0);
  });
});
