// RFC 6587 framer: table of framings, every split point of multi-frame inputs, and random chunking properties.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { FrameOffsets } from '../../src/ingest/frame-offsets.js';
import { createStreamFramer, type FrameResult } from '../../src/ingest/stream-framer.js';

const CERT_LINE =
  '<187>864: CUCM02.localdomain: Sep 05 2014 00:00:06.433 UTC : %UC_CERT-2-CertValidfor7days: %[Message=Certificate expiration Notification. Certificate name:CUCM01.der Unit:tomcat-trust Type:own-cert Expiration:Mon May 19 14:46:][AppID=Cisco Certificate Monitor][ClusterID=][NodeID=CUCM02]: Alarm to indicate that Certificate has Expired or Expires in less than seven days';
const NO_PRI_LINE =
  '864: CUCM02.localdomain: Sep 05 2014 00:00:06.433 UTC : %UC_CALLMANAGER-3-EndPointUnregistered: %[DeviceName=SEPE0D1730A8137][AppID=Cisco CallManager][ClusterID=][NodeID=CUCM02]: An endpoint has unregistered';

function octet(msg: string): string {
  return `${Buffer.byteLength(msg)} ${msg}`;
}

/** Frames as strings and rejections as `!reason`, so results compare without their free-text details. */
function summarize(results: FrameResult[]): string[] {
  return results.map((r) => (r.ok ? r.frame.toString('latin1') : `!${r.reason}`));
}

function frameAll(input: Buffer, chunks: number[], maxFrameBytes: number): string[] {
  const framer = createStreamFramer({ maxFrameBytes });
  const out: FrameResult[] = [];
  let pos = 0;
  for (const size of chunks) {
    out.push(...framer.push(input.subarray(pos, pos + size)));
    pos += size;
  }
  out.push(...framer.push(input.subarray(pos)));
  out.push(...framer.end());
  return summarize(out);
}

describe('stream framer: framings', () => {
  const cases: { title: string; input: string; max?: number; expected: string[] }[] = [
    { title: 'one octet-counted frame', input: octet(CERT_LINE), expected: [CERT_LINE] },
    {
      title: 'octet-counted frames back to back',
      input: octet('<13>a') + octet('<13>bb') + octet('x'),
      expected: ['<13>a', '<13>bb', 'x'],
    },
    { title: 'octet-counted frame keeps LF and CR inside the message', input: octet('a\nb\r'), expected: ['a\nb\r'] },
    { title: 'newline framing with LF', input: '<13>one\n<13>two\n', expected: ['<13>one', '<13>two'] },
    {
      title: 'newline framing strips one trailing CR',
      input: '<13>one\r\n<13>two\r\r\n',
      expected: ['<13>one', '<13>two\r'],
    },
    { title: 'NUL terminates a frame too', input: '<13>one\0<13>two\0', expected: ['<13>one', '<13>two'] },
    { title: 'blank lines are not messages', input: '\n\r\n<13>one\n\n', expected: ['<13>one'] },
    {
      title: 'CiscoLog line without PRI starting with "864:" is newline framed',
      input: `${NO_PRI_LINE}\n`,
      expected: [NO_PRI_LINE],
    },
    { title: 'digits then a letter are text', input: '12ab cd\n', expected: ['12ab cd'] },
    { title: 'a line of digits only', input: '8642\n', expected: ['8642'] },
    {
      title: 'an 11-digit run followed by a space is text, not a length',
      input: '12345678901 x\n',
      expected: ['12345678901 x'],
    },
    {
      title: 'framing detected per frame: octet then newline then octet',
      input: octet('a') + 'plain line\n' + octet('b'),
      expected: ['a', 'plain line', 'b'],
    },
    {
      title: 'unterminated last line is flushed at end of stream',
      input: '<13>one\n<13>last',
      expected: ['<13>one', '<13>last'],
    },
    { title: 'cut octet-counted frame is reported incomplete at end', input: '10 abc', expected: ['!incomplete'] },
    {
      title: 'leading zero octet count is rejected, framing resumes after LF',
      input: '05 hello\n<13>next\n',
      expected: ['!bad-octet-count', '<13>next'],
    },
    {
      title: 'frame of exactly maxFrameBytes is accepted (octet)',
      input: octet('12345678'),
      max: 8,
      expected: ['12345678'],
    },
    {
      title: 'frame of exactly maxFrameBytes is accepted (line, with CR)',
      input: '12345678\r\n',
      max: 8,
      expected: ['12345678'],
    },
    {
      title: 'oversized octet frame is skipped by its length and the next frame survives',
      input: octet('123456789') + octet('ok'),
      max: 8,
      expected: ['!oversized', 'ok'],
    },
    {
      title: 'oversized line (one byte over) is rejected, next line survives',
      input: '123456789\nok\n',
      max: 8,
      expected: ['!oversized', 'ok'],
    },
    {
      title: 'oversized line (far over) is discarded up to LF',
      input: `${'x'.repeat(100)}\nok\n`,
      max: 8,
      expected: ['!oversized', 'ok'],
    },
    {
      title:
        'an empty octet-counted frame ("0 ") is an empty rejection and the next frame follows (issue 9, defect 11)',
      input: `0 ${octet('<13>next')}0 ${octet('b')}`,
      expected: ['!empty', '<13>next', '!empty', 'b'],
    },
    { title: 'a chunk of only NULs holds nothing and yields nothing', input: '\0'.repeat(100_000), expected: [] },
    { title: 'a chunk of only LFs holds nothing and yields nothing', input: '\n'.repeat(100_000), expected: [] },
    {
      title: 'NUL runs and LF runs around frames',
      input: `${'\0'.repeat(1000)}<13>a\n${'\n'.repeat(1000)}<13>b\0${'\0\n'.repeat(500)}`,
      expected: ['<13>a', '<13>b'],
    },
    {
      title: 'oversized line then octet frame',
      input: `${'x'.repeat(100)}\n${octet('ok')}`,
      max: 8,
      expected: ['!oversized', 'ok'],
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      assert.deepEqual(frameAll(Buffer.from(c.input, 'latin1'), [], c.max ?? 2048), c.expected);
    });
  }

  test('rejects a non-positive maxFrameBytes at construction', () => {
    assert.throws(() => createStreamFramer({ maxFrameBytes: 0 }), RangeError);
  });
});

describe('stream framer: byte by byte', () => {
  const inputs: { title: string; input: string; max: number }[] = [
    { title: 'octet-counted CUCM stream', input: octet(CERT_LINE) + octet(NO_PRI_LINE) + octet('<13>x'), max: 2048 },
    { title: 'newline CUCM stream with CRLF and NUL', input: `${CERT_LINE}\r\n${NO_PRI_LINE}\n<13>z\0tail`, max: 2048 },
    {
      title: 'mixed framings with oversized frames',
      input: `${octet('a'.repeat(40))}${'b'.repeat(50)}\r\n${octet('ok')}05 bad\n864: x\n${octet('12')}`,
      max: 32,
    },
  ];
  for (const { title, input, max } of inputs) {
    test(`${title}: every single split point gives the same frames`, () => {
      const bytes = Buffer.from(input, 'latin1');
      const whole = frameAll(bytes, [], max);
      assert.ok(whole.length >= 3, 'the input holds several frames');
      for (let i = 0; i <= bytes.length; i++) {
        assert.deepEqual(frameAll(bytes, [i], max), whole, `split at ${i}`);
      }
    });
    test(`${title}: one byte at a time gives the same frames`, () => {
      const bytes = Buffer.from(input, 'latin1');
      assert.deepEqual(frameAll(bytes, new Array<number>(bytes.length).fill(1), max), frameAll(bytes, [], max));
    });
  }

  test('expected frames of the mixed stream', () => {
    const bytes = Buffer.from(inputs[2]!.input, 'latin1');
    assert.deepEqual(frameAll(bytes, [], 32), ['!oversized', '!oversized', 'ok', '!bad-octet-count', '864: x', '12']);
  });
});

describe('stream framer: properties', () => {
  // Bytes biased towards the characters that drive the state machine.
  const streamByte = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(0x0a, 0x0d, 0x00, 0x20, 0x30, 0x31, 0x35, 0x39) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }) },
  );
  const stream = fc.array(streamByte, { maxLength: 600 }).map((a) => Buffer.from(a));
  const chunking = fc.array(fc.integer({ min: 0, max: 64 }), { maxLength: 40 });

  test('random bytes in random chunks never throw and stay bounded', () => {
    fc.assert(
      fc.property(stream, chunking, fc.integer({ min: 1, max: 64 }), (bytes, chunks, max) => {
        const framer = createStreamFramer({ maxFrameBytes: max });
        let pos = 0;
        for (const size of [...chunks, bytes.length]) {
          for (const r of framer.push(bytes.subarray(pos, pos + size))) {
            if (r.ok) assert.ok(r.frame.length <= max && r.frame.length > 0);
          }
          pos = Math.min(bytes.length, pos + size);
          assert.ok(framer.bufferedBytes() <= max + 1 + 10, `buffered ${framer.bufferedBytes()} > ${max} + 11`);
        }
        framer.end();
        assert.equal(framer.bufferedBytes(), 0);
      }),
      { numRuns: 500 },
    );
  });

  test('the frames do not depend on how the stream is chunked', () => {
    fc.assert(
      fc.property(stream, chunking, fc.integer({ min: 1, max: 64 }), (bytes, chunks, max) => {
        assert.deepEqual(frameAll(bytes, chunks, max), frameAll(bytes, [], max));
      }),
      { numRuns: 500 },
    );
  });

  test('octet-counted encoding of arbitrary messages round-trips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 80 }), { maxLength: 20 }),
        chunking,
        (messages, chunks) => {
          const encoded = Buffer.concat(
            messages.map((m) => Buffer.concat([Buffer.from(`${m.length} `), Buffer.from(m)])),
          );
          assert.deepEqual(
            frameAll(encoded, chunks, 80),
            messages.map((m) => Buffer.from(m).toString('latin1')),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  test('asked for offsets, a chunk gives the same frames: the assembled ones first, then the ones in the chunk', () => {
    fc.assert(
      fc.property(stream, chunking, fc.integer({ min: 1, max: 64 }), (bytes, chunks, max) => {
        const views = createStreamFramer({ maxFrameBytes: max });
        const offsets = createStreamFramer({ maxFrameBytes: max });
        const inChunk = new FrameOffsets();
        let pos = 0;
        for (const size of [...chunks, bytes.length]) {
          const chunk = bytes.subarray(pos, pos + size);
          pos = Math.min(bytes.length, pos + size);
          const expected = views.push(chunk);
          inChunk.clear();
          const got = offsets.push(chunk, inChunk);
          const frames = got.flatMap((r) => (r.ok ? [r.frame.toString('latin1')] : []));
          for (let k = 0; k < inChunk.count; k++) {
            frames.push(chunk.toString('latin1', inChunk.frames[2 * k], inChunk.frames[2 * k + 1]));
          }
          assert.deepEqual(
            frames,
            expected.flatMap((r) => (r.ok ? [r.frame.toString('latin1')] : [])),
          );
          assert.deepEqual(
            got.flatMap((r) => (r.ok ? [] : [r.reason])),
            expected.flatMap((r) => (r.ok ? [] : [r.reason])),
          );
        }
        assert.deepEqual(summarize(offsets.end()), summarize(views.end()));
      }),
      { numRuns: 500 },
    );
  });

  test('offsets for many frames: they grow past their first size', () => {
    const messages = Array.from({ length: 3000 }, (_, i) => `<13>m${i}`);
    const chunk = Buffer.from(messages.map(octet).join(''), 'latin1');
    const inChunk = new FrameOffsets();
    assert.deepEqual(createStreamFramer({ maxFrameBytes: 64 }).push(chunk, inChunk), []);
    assert.equal(inChunk.count, 3000);
    assert.ok(inChunk.rest.length >= 3000);
    assert.equal(chunk.toString('latin1', inChunk.frames[2 * 2999], inChunk.frames[2 * 2999 + 1]), '<13>m2999');
  });

  test('a huge unterminated line is never buffered beyond the limit', () => {
    const framer = createStreamFramer({ maxFrameBytes: 1024 });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const results: FrameResult[] = [];
    for (let i = 0; i < 100; i++) {
      results.push(...framer.push(chunk));
      assert.ok(framer.bufferedBytes() <= 1025);
    }
    results.push(...framer.push(Buffer.from('\n<13>after\n')));
    assert.deepEqual(summarize(results), ['!oversized', '<13>after']);
  });
});

describe('stream framer: no copy for a frame whole in its chunk (issue 11)', () => {
  test('many octet-counted frames in one chunk: each a view of the chunk, in order', () => {
    const messages = Array.from({ length: 1000 }, (_, i) => `<13>message ${i} ${'x'.repeat(i % 300)}`);
    const chunk = Buffer.from(messages.map(octet).join(''), 'latin1');
    const results = createStreamFramer({ maxFrameBytes: 2048 }).push(chunk);
    assert.deepEqual(summarize(results), messages);
    for (const r of results) assert.ok(r.ok && r.frame.buffer === chunk.buffer, 'a view of the chunk, not a copy');
  });

  test('many LF-framed lines in one chunk, digits-first lines included: each a view of the chunk', () => {
    const lines = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? `<13>line ${i}` : `${i}: host: line`));
    const chunk = Buffer.from(`${lines.join('\r\n')}\n`, 'latin1');
    const results = createStreamFramer({ maxFrameBytes: 2048 }).push(chunk);
    assert.deepEqual(summarize(results), lines);
    for (const r of results) assert.ok(r.ok && r.frame.buffer === chunk.buffer, 'a view of the chunk, not a copy');
  });

  test('a frame split across chunks is its own copy: reusing the chunks afterwards does not change it', () => {
    const framer = createStreamFramer({ maxFrameBytes: 2048 });
    const first = Buffer.from('11 <13>abc', 'latin1');
    const second = Buffer.from('def\n<13>ab', 'latin1');
    const third = Buffer.from('c\n', 'latin1');
    const results = [...framer.push(first), ...framer.push(second), ...framer.push(third)];
    first.fill(0x3f);
    second.fill(0x3f);
    third.fill(0x3f);
    assert.deepEqual(summarize(results), ['<13>abcdef\n', '<13>abc']);
  });

  test('multi-digit octet counts split at every byte, over chunk sizes 1 to 7: the same frames', () => {
    const messages = [`<13>${'a'.repeat(1230)}`, '<13>b', `<13>${'c'.repeat(95)}`, `<13>${'d'.repeat(9996)}`];
    const bytes = Buffer.from(messages.map(octet).join(''), 'latin1');
    for (let i = 0; i <= bytes.length; i++) assert.deepEqual(frameAll(bytes, [i], 10_000), messages, `split at ${i}`);
    for (let size = 1; size <= 7; size++) {
      assert.deepEqual(
        frameAll(bytes, new Array<number>(Math.ceil(bytes.length / size)).fill(size), 10_000),
        messages,
        `chunks of ${size}`,
      );
    }
  });

  test('an octet count of 11 digits whole in the chunk is text (a line), as byte by byte', () => {
    const input = Buffer.from('12345678901 x\n5 <13>a', 'latin1');
    assert.deepEqual(frameAll(input, [], 2048), ['12345678901 x', '<13>a']);
    assert.deepEqual(frameAll(input, new Array<number>(input.length).fill(1), 2048), ['12345678901 x', '<13>a']);
  });
});
