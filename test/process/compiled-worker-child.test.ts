// The compiled service (scripts/build.sh -> dist/, as scripts/run.sh and `npm start` run it) starts its worker child
// compiled too: `node dist/src/service/worker-child.js`, with no tsx in the child (tsx's compiler would cost the child
// about 37 MB of RSS and seconds of start-up, bench/README.md). Read from the child's own command line in /proc.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startCertwatchProcess, type CertwatchProcess } from '../support/certwatch-process.js';
import { waitFor } from '../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The argument vector of a running process, as the kernel holds it. */
function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

describe('the compiled service and its worker child', () => {
  let service: CertwatchProcess | undefined;

  before(() => {
    // Compiles only when the sources are newer than the last build (a few seconds otherwise).
    execFileSync('bash', [join(ROOT, 'scripts', 'build.sh')], { cwd: ROOT, stdio: 'ignore' });
    process.env.CERTWATCH_BUILT_CLI = join(ROOT, 'dist', 'src', 'cli.js');
  });
  after(() => service?.stop());

  test('node dist/src/cli.js start (all roles) forks node dist/src/service/worker-child.js, without tsx', { timeout: 180_000 }, async () => {
    service = await startCertwatchProcess({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-compiled-')) });
    assert.deepEqual(commandLine(service.child.pid!).slice(1), [join(ROOT, 'dist', 'src', 'cli.js'), 'start'], 'the service itself runs from dist');
    const ready = await waitFor('the worker process to be ready', () => service!.logs.find((l) => l.event === 'WorkerProcessReady'), 60_000);
    const child = commandLine(Number(ready.pid));
    assert.equal(child[0], process.execPath, 'the child is node');
    const entry = child.findIndex((arg) => arg.endsWith('worker-child.js'));
    assert.equal(child[entry], join(ROOT, 'dist', 'src', 'service', 'worker-child.js'), `the child runs the compiled entry: ${child.join(' ')}`);
    assert.deepEqual(child.slice(1, entry), [], 'no loader or flag before the entry (no --import tsx)');
    assert.ok(!child.some((arg) => /tsx|\.ts$/.test(arg)), `nothing of tsx or the sources on its command line: ${child.join(' ')}`);
    const stat = readFileSync(`/proc/${ready.pid}/stat`, 'utf8');
    assert.equal(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), service.child.pid, 'it is the service\'s own child');
  });
});
