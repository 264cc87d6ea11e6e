// How the service starts its worker child, read from the child's own command line in /proc:
// - the compiled service (scripts/build.sh -> dist/, as scripts/run.sh and `npm start` run it) starts it compiled too:
//   `node dist/src/service/worker-child.js`, with no tsx (tsx's compiler would cost the child about 37 MB of RSS and
//   seconds of start-up, bench/README.md), with heap flags that keep its heap near what is live;
// - the sources with tsx registered in-process (what bin/certwatch.js does when there is no build) start it with tsx's
//   loader: node alone cannot start worker-child.ts, and the service used to fail at start-up that way.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startCertwatchProcess, type CertwatchProcess } from '../support/certwatch-process.js';
import { childEnv } from '../support/child-env.js';
import { heavySkip } from '../support/heavy.js';
import { GiveUp, waitFor } from '../support/wait-for.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The argument vector of a running process, as the kernel holds it. */
function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

/** Processes whose command line names `dir` (the service's embedded redis-server names its socket there). */
function processesNaming(dir: string): string[] {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
    try {
      const line = commandLine(Number(pid)).join(' ');
      return line.includes(dir) ? [`${pid}: ${line}`] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

describe('the compiled service and its worker child', { skip: heavySkip }, () => {
  let service: CertwatchProcess | undefined;

  before(() => {
    // Compiles only when the sources are newer than the last build (a few seconds otherwise).
    execFileSync('bash', [join(ROOT, 'scripts', 'build.sh')], { cwd: ROOT, stdio: 'ignore' });
    process.env.CERTWATCH_BUILT_CLI = join(ROOT, 'dist', 'src', 'cli.js');
  });
  after(() => service?.stop());

  test(
    'node dist/src/cli.js start (all roles) forks node dist/src/service/worker-child.js, without tsx',
    { timeout: 180_000 },
    async () => {
      service = await startCertwatchProcess({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-compiled-')) });
      assert.deepEqual(
        commandLine(service.child.pid!).slice(1),
        [join(ROOT, 'dist', 'src', 'cli.js'), 'start'],
        'the service itself runs from dist',
      );
      const ready = await waitFor(
        'the worker process to be ready',
        () => service!.logs.find((l) => l.event === 'WorkerProcessReady'),
        60_000,
      );
      const child = commandLine(Number(ready.pid));
      assert.equal(child[0], process.execPath, 'the child is node');
      const entry = child.findIndex((arg) => arg.endsWith('worker-child.js'));
      assert.equal(
        child[entry],
        join(ROOT, 'dist', 'src', 'service', 'worker-child.js'),
        `the child runs the compiled entry: ${child.join(' ')}`,
      );
      assert.deepEqual(
        child.slice(1, entry),
        ['--max-old-space-size=512', '--max-semi-space-size=2'],
        'no loader before the entry (no --import tsx), only the heap flags that pace its heap (worker-process.ts)',
      );
      assert.ok(
        !child.some((arg) => /tsx|\.ts$/.test(arg)),
        `nothing of tsx or the sources on its command line: ${child.join(' ')}`,
      );
      const stat = readFileSync(`/proc/${ready.pid}/stat`, 'utf8');
      assert.equal(
        Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]),
        service.child.pid,
        "it is the service's own child",
      );
    },
  );

  test(
    "the sources with tsx registered in-process (bin/certwatch.js without a build) start the child with tsx's loader",
    { timeout: 120_000 },
    async () => {
      // bin/certwatch.js's fallback, as a script of its own: tsx registered by its API, no flag for the child to inherit.
      const dir = mkdtempSync(join(tmpdir(), 'cw-sources-'));
      const entry = join(dir, 'certwatch-without-build.mjs');
      writeFileSync(
        entry,
        [
          `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});`,
          'register();',
          `await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'cli.ts')).href)});`,
        ].join('\n'),
      );
      const sources = spawn(process.execPath, [entry, 'start'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: childEnv({
          DATA_DIR: dir,
          SYSLOG_HOST: '127.0.0.1',
          SYSLOG_UDP_PORT: '0',
          SYSLOG_TCP_PORT: '0',
          SYSLOG_TLS_PORT: '0',
          HTTP_PORT: '0',
          LOG_LEVEL: 'info',
        }),
      });
      let output = '';
      sources.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      sources.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const exited = new Promise((resolve) => sources.once('exit', resolve));
      try {
        const pid = await waitFor(
          'the worker process to be ready',
          () => {
            if (sources.exitCode !== null) {
              throw new GiveUp(`the service exited with ${sources.exitCode}: ${output.slice(-1500)}`);
            }
            return /"event":"WorkerProcessReady","pid":(\d+)/.exec(output)?.[1];
          },
          90_000,
        );
        const child = commandLine(Number(pid));
        assert.equal(child.at(-2), join(ROOT, 'src', 'service', 'worker-child.ts'), 'the child runs the source entry');
        assert.ok(
          child.some((arg) => /tsx[\\/]dist[\\/]loader\.mjs$/.test(arg)),
          `tsx's loader on the child's command line: ${child.join(' ')}`,
        );
      } finally {
        sources.kill('SIGTERM');
        await exited;
      }
      // Killed as soon as its worker was ready, before the service had finished starting: it still stops whole.
      assert.equal(sources.exitCode, 0, output.slice(-1500));
      assert.match(output, /"event":"EmbeddedRedisStopped"/);
      assert.deepEqual(processesNaming(dir), [], 'nothing of the service is left running');
    },
  );
});
