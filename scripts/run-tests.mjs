#!/usr/bin/env node
// Finds every test file under test/ at any depth (a shell glob would not recurse under sh) and runs them with node's
// own test runner through tsx. Fails when no test file is found or when no test ran, so CI can never pass empty.
//
// Coverage: the whole suite runs under c8 (V8 coverage, mapped back to the .ts sources through tsx's source maps) and
// fails when the line coverage of src/ is below the gate in scripts/coverage-gate.json. Node 20's runner has no
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
const tapFile = join(workDir, 'results.tap');
const testArgs = [
  '--import', 'tsx', '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
  // One file at a time unless TEST_CONCURRENCY says otherwise (CI's Node 24 run, which skips the load-sensitive heavy
  // tests, runs two).
  `--test-concurrency=${Number(process.env.TEST_CONCURRENCY ?? 1)}`,
  ...files,
];
const coverageDir = join(workDir, 'coverage');
// --all: a file of src/ that no test loads counts as uncovered instead of vanishing from the figure.
const c8Args = [
  `--reports-dir=${coverageDir}`, `--temp-directory=${join(coverageDir, 'v8')}`,
  '--all', '--src=src', '--include=src/**/*.ts', '--reporter=text-summary', '--reporter=json-summary',
];
const command = coverage
  ? [createRequire(import.meta.url).resolve('c8/bin/c8.js'), ...c8Args, process.execPath, ...testArgs]
  : testArgs;
const result = spawnSync(process.execPath, command, { stdio: 'inherit' });

const tap = readFileSync(tapFile, 'utf8');
const figure = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
const [tests, passed, failed, skipped] = ['tests', 'pass', 'fail', 'skipped'].map(figure);
console.log(`\nrun-tests: ${files.length} files, ${tests} tests`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (tests === 0) {
  console.error('run-tests: no test ran');
  process.exit(1);
}
let status = result.status ?? 1;

if (coverage) {
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
