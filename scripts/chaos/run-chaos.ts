// `npm run chaos`: runs the chaos scenarios one after another against the real service and prints the table.
// CHAOS_SCALE (0 < s <= 1, default 1) shrinks every duration and count; CHAOS_ONLY=name,name picks scenarios (by a
// part of their name); CHAOS_SETTLE_SECONDS bounds the wait for each scenario's books (default 180). Exits 1 when a
// row loses an alarm, duplicates a delivery, goes over 250 MB RSS or never recovers. The service runs from the compiled
// build, as in production (tsx's compiler alone holds about 100 MB); CHAOS_TSX=1 runs the sources through tsx instead.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { scaleFromEnv } from './scale.js';
import { rowProblems } from './scenario.js';
import { SCENARIOS } from './scenarios.js';
import type { Row } from './stage.js';
import { formatTable } from './table.js';

const scale = scaleFromEnv();
const only = (process.env.CHAOS_ONLY ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
const chosen = SCENARIOS.filter((s) => only.length === 0 || only.some((o) => s.name.toLowerCase().includes(o)));
if (chosen.length === 0) {
  console.error(`chaos: no scenario matches CHAOS_ONLY=${process.env.CHAOS_ONLY}; scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

if (process.env.CHAOS_TSX !== '1') {
  console.log('chaos: building (tsc) so the service runs as in production');
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
  process.env.CERTWATCH_BUILT_CLI = new URL('../../dist/src/cli.js', import.meta.url).pathname;
}
console.log(`chaos: ${chosen.length} scenario(s), CHAOS_SCALE=${scale.factor}, settle bound ${scale.settleMs / 1000} s, node ${process.version}`);
const rows: Row[] = [];
const problems = new Map<string, string[]>();
const started = Date.now();
for (const scenario of chosen) {
  const at = Date.now();
  console.log(`chaos: ${scenario.name} ...`);
  try {
    const row = await scenario.run(scale);
    rows.push(row);
    problems.set(row.scenario, rowProblems(row, scenario));
  } catch (error) {
    console.error(`chaos: ${scenario.name} could not run: ${(error as Error).stack ?? String(error)}`);
    problems.set(scenario.name, [`did not run: ${(error as Error).message}`]);
  }
  console.log(`chaos: ${scenario.name} done in ${((Date.now() - at) / 1000).toFixed(0)} s`);
}

console.log(`\n${formatTable(rows, problems)}`);
const failed = [...problems.entries()].filter(([, p]) => p.length > 0).map(([name]) => name);
console.log(`\nchaos: ${rows.length} of ${chosen.length} ran in ${((Date.now() - started) / 1000).toFixed(0)} s; ${failed.length === 0 ? 'all held' : `failed: ${failed.join(', ')}`}`);
process.exit(failed.length === 0 ? 0 : 1);
