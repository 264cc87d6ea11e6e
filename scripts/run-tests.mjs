#!/usr/bin/env node
// Finds every test file under test/ at any depth (a shell glob would not recurse under sh) and runs them with node's
// own test runner through tsx. Fails when no test file is found or when no test ran, so CI can never pass empty.
//
// Coverage: the whole suite runs with V8 coverage on (NODE_V8_COVERAGE, inherited by every process a test spawns), and
// c8 maps it back to the .ts sources through tsx's source maps once all passes are done. The run fails when the line coverage of src/ is below the gate in scripts/coverage-gate.json. Node 20's runner has no
// coverage thresholds, hence c8. A run of some files only (`node scripts/run-tests.mjs parse/`) measures nothing
// unless COVERAGE=1, and is never gated: part of the suite covers part of src/. COVERAGE=0 skips the measurement.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = findTests('test').sort();
if (filter.length > 0) files = files.filter((f) => filter.some((part) => f.includes(part)));
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const wholeSuite = filter.length === 0;
const coverage = process.env.COVERAGE === '1' || (wholeSuite && process.env.COVERAGE !== '0');

const workDir = mkdtempSync(join(tmpdir(), 'certwatch-tests-'));
const concurrency = Number(process.env.TEST_CONCURRENCY ?? 1);
// Files that measure the machine's load (a CPU share, a start within a deadline) or flood it run after the others, one
// at a time: the heavy fault tests (test/support/heavy.ts) and any file that says it runs alone. The others may run
// TEST_CONCURRENCY files at a time.
const ALONE_MARK = 'Runs alone (scripts/run-tests.mjs)';
const runsAlone = (file) => {
  const text = readFileSync(file, 'utf8');
  return text.includes('support/heavy.js') || text.includes(ALONE_MARK);
};
const passes = concurrency > 1
  ? [{ files: files.filter((f) => !runsAlone(f)), concurrency }, { files: files.filter(runsAlone), concurrency: 1 }]
  : [{ files, concurrency }];

const coverageDir = join(workDir, 'coverage');
const v8Dir = join(coverageDir, 'v8');
const tapFiles = [];
let status = 0;
for (const [index, pass] of passes.entries()) {
  if (pass.files.length === 0) continue;
  const tapFile = join(workDir, `results-${index}.tap`);
  tapFiles.push(tapFile);
  if (passes.length > 1) console.log(`\nrun-tests: ${pass.files.length} files, ${pass.concurrency} at a time`);
  const result = spawnSync(process.execPath, [
    '--import', 'tsx', '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    `--test-concurrency=${pass.concurrency}`,
    ...pass.files,
  ], {
    stdio: 'inherit',
    // V8 writes each process's coverage (spawned services included) to this folder; c8 reports it once at the end.
    env: coverage ? { ...process.env, NODE_V8_COVERAGE: v8Dir } : process.env,
  });
  status ||= result.status ?? 1;
}

const figure = (name) => tapFiles.reduce((sum, tapFile) => {
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  return sum + Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
}, 0);
const [tests, passed, failed, skipped] = ['tests', 'pass', 'fail', 'skipped'].map(figure);
console.log(`\nrun-tests: ${files.length} files, ${tests} tests`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (tests === 0) {
  console.error('run-tests: no test ran');
  process.exit(1);
}

if (coverage) {
  // --all: a file of src/ that no test loads counts as uncovered instead of vanishing from the figure.
  spawnSync(process.execPath, [
    createRequire(import.meta.url).resolve('c8/bin/c8.js'), 'report',
    `--reports-dir=${coverageDir}`, `--temp-directory=${v8Dir}`,
    '--all', '--src=src', '--include=src/**/*.ts', '--reporter=text-summary', '--reporter=json-summary',
  ], { stdio: 'inherit' });
  const summary = join(coverageDir, 'coverage-summary.json');
  if (!existsSync(summary)) {
    console.error('run-tests: c8 wrote no coverage summary');
    process.exit(1);
  }
  const lines = JSON.parse(readFileSync(summary, 'utf8')).total.lines;
  const gate = JSON.parse(readFileSync(new URL('./coverage-gate.json', import.meta.url), 'utf8')).lines;
  console.log(`coverage: ${lines.pct}% of the lines of src/ (${lines.covered} of ${lines.total})${wholeSuite ? `, gate ${gate}%` : ', not gated (part of the suite)'}`);
  if (wholeSuite && lines.pct < gate) {
    console.error(`run-tests: line coverage ${lines.pct}% is below the gate of ${gate}% (scripts/coverage-gate.json)`);
    status ||= 1;
  }
}
process.exit(status);
