// A flood of rejected input cannot flood the log: per reason, the first few lines of a minute in full, the rest
// counted and summarised once the minute is over.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRejectionLog } from '../../src/observability/rejection-log.js';
import { capturingLogger } from '../ingest/harness.js';

test('10,000 rejections of one reason in a minute log 20 lines; the next minute starts with a summary of the rest', () => {
  const { logger, lines } = capturingLogger();
  let now = 1_000_000;
  const log = createRejectionLog(logger, 20, () => now);
  for (let i = 0; i < 10_000; i++) {
    log.reject('binary', { transport: 'udp', source: '10.0.0.1' }, `control byte at ${i}`);
    now += 5; // 10,000 x 5 ms = 50 s: all within the first minute
  }
  assert.equal(lines.length, 20);
  assert.ok(lines.every((l) => l.event === 'MessageRejected' && l.reason === 'binary'));
  assert.match(lines[0]!.msg, /message rejected \(binary\): control byte at 0/);

  now += 10_000;
  log.reject('binary', { transport: 'udp', source: '10.0.0.1' }, 'one more');
  assert.deepEqual(lines.slice(20).map((l) => [l.event, l.suppressed]), [['MessagesRejectedSummary', 9_980], ['MessageRejected', undefined]]);
});

test('each reason has its own allowance: a flood of one does not silence another', () => {
  const { logger, lines } = capturingLogger();
  const log = createRejectionLog(logger, 3, () => 0);
  for (let i = 0; i < 100; i++) log.reject('binary', {}, 'x');
  log.reject('oversized', {}, 'too long');
  assert.deepEqual(lines.map((l) => l.reason), ['binary', 'binary', 'binary', 'oversized']);
});
