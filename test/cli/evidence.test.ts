// `certwatch evidence` as a user runs it, against a listening service: a paste from a file, an ITL file from stdin,
// refused evidence (exit 1, the named reason on stderr), a service that does not answer, and usage errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { childEnv } from '../support/child-env.js';
import { freePort } from '../support/free-port.js';
import { itlFile, simulatedCluster } from '../support/tlv-builder.js';

const CLI = new URL('../../src/cli.ts', import.meta.url).pathname;
const TOKEN = 'test-token-0123456789';

/** Asynchronous: the service answering it runs in this process (a spawnSync would block it). */
function certwatch(
  args: string[],
  env: Record<string, string>,
  input?: Buffer,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'evidence', ...args], { env: childEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  child.stdin.end(input ?? Buffer.alloc(0));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('certwatch evidence', () => {
  let service: TestApp;
  let env: Record<string, string>;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN, CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
    env = { CERTWATCH_URL: await service.app.listen({ host: '127.0.0.1', port: 0 }), API_TOKEN: TOKEN };
  });
  after(async () => {
    await service.close();
  });

  test('a paste from --file: the certificate and the state facts printed, the conflict with the inventory named', async () => {
    const r = await certwatch(
      ['--cluster', 'lab', '--file', 'test/fixtures/discovery/show/cert-own-callmanager.txt'],
      env,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^certificate CallManager on cucm-pub\.example\.net \(CallManager\): serial 6d2b9e61a7c2f1d0e3a4b5c6d7e8f901, not after 2026-02-27T21:00:00\.000Z/m,
    );
    const ctl = await certwatch(
      ['--cluster', 'lab', '--file', 'test/fixtures/discovery/show/show-ctl-etoken-11.5.txt'],
      env,
    );
    assert.equal(ctl.status, 0, ctl.stderr);
    assert.match(ctl.stdout, /^state ctlSigner: "etoken"/m);
    assert.match(ctl.stdout, /^conflict ctlSigner \(differs-from-inventory\): inventory "tokenless", found "etoken"/m);
  });

  test('an ITL file on stdin goes as a file: every record read, JSON on request', async () => {
    const sim = simulatedCluster({ nodes: ['CUCM01'], notAfter: { TVS: new Date('2027-01-12T00:00:00Z') } });
    const r = await certwatch(['--cluster', 'lab', '--json'], env, itlFile(sim, 'itlrecovery'));
    assert.equal(r.status, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as {
      certificates: { unit: string; notAfter: string; source: { kind: string } }[];
    };
    assert.deepEqual(
      answer.certificates.filter((c) => c.unit === 'TVS').map((c) => [c.notAfter, c.source.kind]),
      [['2027-01-12T00:00:00.000Z', 'itl-file']],
    );
  });

  test('refused evidence: exit 1 and the named reason on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-evidence-'));
    writeFileSync(join(dir, 'ITLFile.tlv'), Buffer.from('<html>not found</html>'));
    const r = await certwatch(['--cluster', 'lab', '--file', join(dir, 'ITLFile.tlv')], env);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^certwatch evidence: refused \(400\): nothing could be read from the evidence \(not-a-tlv\)\n {2}not-a-tlv: /,
    );
    const unknown = await certwatch(
      ['--cluster', 'nope', '--file', 'test/fixtures/discovery/show/version-active-12.5.txt'],
      env,
    );
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /refused \(404\): no cluster nope/);
  });

  test('a service that does not answer, a missing --cluster, a missing file', async () => {
    const r = await certwatch(['--cluster', 'lab', '--file', 'test/fixtures/discovery/show/version-active-12.5.txt'], {
      ...env,
      CERTWATCH_URL: `http://127.0.0.1:${await freePort()}`,
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /did not answer .*is the service running\?/);
    assert.equal((await certwatch(['--file', 'x'], env)).status, 2);
    const missing = await certwatch(['--cluster', 'lab', '--file', 'no-such-paste.txt'], env);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no-such-paste\.txt: no such file/);
  });
});
