// Pasted text under hostile input: random text, random changes of the real fixtures and long adversarial lines give
// facts that pass their schema, never a throw, and in bounded time (no regular expression that backtracks).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import '../support/fast-check-seed.js';
import { DiscoveredFactsSchema } from '../../src/discovery/facts-schema.js';
import { readPasted } from '../../src/discovery/show/read-pasted.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/discovery/show');
const samples = readdirSync(FIXTURES).sort().map((name) => readFileSync(join(FIXTURES, name), 'utf8'));

function assertValid(text: string): void {
  const facts = readPasted(text, 'fuzz');
  assert.ok(
    Value.Check(DiscoveredFactsSchema, facts),
    JSON.stringify([...Value.Errors(DiscoveredFactsSchema, facts)].slice(0, 2)),
  );
}

describe('pasted show outputs, fuzzed', () => {
  test('random text, with and without prompts', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.constantFrom(
        'admin:show itl',
        'admin:show ctl',
        'admin:show cert own tomcat/tomcat.pem',
        'admin:show network cluster',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => assertValid(lines.join('\n'))),
      { numRuns: 1500 },
    );
  });

  test('random changes of the real fixtures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 6 })), { maxLength: 6 }),
        (sample, edits) => {
          let text = sample;
          for (const [at, insert] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + insert + text.slice(i + 1);
          }
          assertValid(text);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('long adversarial lines are read in bounded time', () => {
    const hostile = [
      `admin:show cert own tomcat/tomcat.pem\n  Serial Number: ${'0'.repeat(200_000)}\n  Subject Name: ${'CN='.repeat(50_000)}\n  To: ${' Mon'.repeat(50_000)}\n`,
      `admin:show itl\n${'1 SIGNERNAME 5 '.repeat(30_000)}\n${'  ITL Record #:'.repeat(20_000)}\n`,
      `admin:show cert list own\n${'a/'.repeat(100_000)}: x\n${'tomcat/tomcat.pem'.repeat(20_000)}:\n`,
      `admin:show network cluster\n${'1.1.1.1 '.repeat(100_000)}\n`,
      `-----BEGIN CERTIFICATE-----${'A'.repeat(500_000)}\n`,
      `${'admin:'.repeat(100_000)}\n${'\r'.repeat(100_000)}`,
    ];
    for (const text of hostile) {
      const started = performance.now();
      assertValid(text);
      assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
    }
  });
});
