// The bench measures certwatch as it runs in production: compiled JavaScript (scripts/build.sh: tsc to dist/ when the
// sources changed), not the sources through tsx, whose compiler costs each process about 37 MB of RSS and its start-up.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Builds the checkout at `root` when its sources changed and returns the node arguments that start its service. */
export function compiledServiceArgs(root: string): string[] {
  if (existsSync(join(root, 'scripts', 'build.sh'))) {
    execFileSync('bash', [join(root, 'scripts', 'build.sh')], { cwd: root, stdio: 'inherit' });
  }
  // Another checkout (BENCH_BACK_OFFICE_ROOT) from before scripts/build.sh: its own tsc, every time.
  else {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')],
      { cwd: root, stdio: 'inherit' },
    );
  }
  // As scripts/run.sh and `npm start` run it.
  return ['--enable-source-maps', '--max-semi-space-size=8', join(root, 'dist', 'src', 'cli.js'), 'start'];
}
