#!/usr/bin/env node
// Finds every test file under test/ at any depth (a shell glob would not recurse under sh) and runs them with node's
// own test runner through tsx. Fails when no test file is found or when no test ran, so CI can never pass empty.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
const tapFile = join(mkdtempSync(join(tmpdir(), 'certwatch-tests-')), 'results.tap');
const args = [
  '--import', 'tsx', '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
  '--test-concurrency=1',
  ...files,
];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
const tap = readFileSync(tapFile, 'utf8');
const figure = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
const [tests, passed, failed, skipped] = ['tests', 'pass', 'fail', 'skipped'].map(figure);
console.log(`\nrun-tests: ${files.length} files, ${tests} tests`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (tests === 0) {
  console.error('run-tests: no test ran');
  process.exit(1);
}
process.exit(result.status ?? 1);
