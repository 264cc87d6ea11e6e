// A flood of rejected input cannot flood the log: per reason, the first few lines of a minute in full, the rest
// counted and summarised once the minute is over: by a timer at the minute's end (a flood that stops is summarised
// too), and at shutdown (flush).
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
  assert.deepEqual(
    lines.slice(20).map((l) => [l.event, l.suppressed]),
    [
      ['MessagesRejectedSummary', 9_980],
      ['MessageRejected', undefined],
    ],
  );
});

test('each reason has its own allowance: a flood of one does not silence another', () => {
  const { logger, lines } = capturingLogger();
  const log = createRejectionLog(logger, 3, () => 0);
  for (let i = 0; i < 100; i++) log.reject('binary', {}, 'x');
  log.reject('oversized', {}, 'too long');
  assert.deepEqual(lines.map((l) => l.reason), ['binary', 'binary', 'binary', 'oversized']);
});

test('a flood that stops is summarised when its minute ends, without a further rejection; the next one is logged in full', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const { logger, lines } = capturingLogger();
  const log = createRejectionLog(logger, 20);
  for (let i = 0; i < 500; i++) log.reject('binary', { transport: 'udp' }, 'control byte');
  t.mock.timers.tick(30_000); // the flood is over; half a minute of quiet
  assert.equal(
    lines.filter((l) => l.event === 'MessagesRejectedSummary').length,
    0,
    'no summary before the minute ends',
  );

  t.mock.timers.tick(30_000);
  assert.deepEqual(
    lines.slice(20).map((l) => [l.event, l.reason, l.suppressed]),
    [['MessagesRejectedSummary', 'binary', 480]],
  );

  log.reject('binary', {}, 'after the quiet');
  assert.deepEqual(
    lines.slice(21).map((l) => [l.event, l.msg]),
    [['MessageRejected', 'message rejected (binary): after the quiet']],
  );
  t.mock.timers.tick(120_000);
  assert.equal(lines.length, 22, 'nothing held back: no summary');
});

test('a rejection after the minute, before the late timer ran, writes the summary once', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const { logger, lines } = capturingLogger();
  let now = 0;
  const log = createRejectionLog(logger, 1, () => now);
  log.reject('oversized', {}, 'a');
  log.reject('oversized', {}, 'b');
  now = 61_000; // the clock the log reads is past the minute; the event loop has not run the timer yet
  log.reject('oversized', {}, 'c');
  t.mock.timers.tick(120_000);
  assert.deepEqual(
    lines.map((l) => [l.event, l.suppressed]),
    [
      ['MessageRejected', undefined],
      ['MessagesRejectedSummary', 1],
      ['MessageRejected', undefined],
    ],
  );
});

test('flush (at shutdown) writes what the running minutes held back, once', () => {
  const { logger, lines } = capturingLogger();
  const log = createRejectionLog(logger, 1, () => 0);
  for (let i = 0; i < 4; i++) log.reject('binary', {}, 'x');
  log.reject('oversized', {}, 'y');
  log.flush();
  log.flush();
  assert.deepEqual(
    lines.map((l) => [l.event, l.reason, l.suppressed]),
    [
      ['MessageRejected', 'binary', undefined],
      ['MessageRejected', 'oversized', undefined],
      ['MessagesRejectedSummary', 'binary', 3],
    ],
  );
});
