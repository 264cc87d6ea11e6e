// The C noise screen (native/frame-scan) against the JavaScript reference (frame-screen.ts: prefilter, then sniffNode
// on noise): the same verdict and the same node for every frame, over the benchmark's traffic, the published corpus,
// text made of the pieces the scanners look for, and random bytes; several frames per chunk, at any offsets.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { buildTraffic } from '../../bench/traffic.js';
import { screenFramesInJs, type FrameScreen } from '../../src/parse/frame-screen.js';
import { loadNativeFrameScreen } from '../../src/parse/native-frame-screen.js';
import type { PrefilterVerdict } from '../../src/parse/prefilter.js';

const native = loadNativeFrameScreen();
const CORPUS = new URL('../../../shared/corpus/public/', import.meta.url);

type Seen = [PrefilterVerdict, string | null][];

function run(screen: FrameScreen, chunk: Buffer, frames: Int32Array, count: number): Seen {
  const seen: Seen = [];
  screen(chunk, frames, count, (index, verdict, node) => {
    assert.equal(index, seen.length, 'frames are visited in order');
    seen.push([verdict, node]);
  });
  return seen;
}

/** The messages laid one after another in one chunk, after `lead` bytes of something else, as a read holds them. */
function chunkOf(messages: Buffer[], lead = 0): { chunk: Buffer; frames: Int32Array } {
  const frames = new Int32Array(2 * messages.length);
  let at = lead;
  messages.forEach((m, k) => {
    frames[2 * k] = at;
    at += m.length;
    frames[2 * k + 1] = at;
  });
  return { chunk: Buffer.concat([Buffer.alloc(lead, 0x41), ...messages]), frames };
}

function assertSame(messages: Buffer[], lead = 0): Seen {
  if (!native.loaded) throw new Error(native.reason);
  const { chunk, frames } = chunkOf(messages, lead);
  const reference = run(screenFramesInJs, chunk, frames, messages.length);
  assert.deepEqual(run(native.screen, chunk, frames, messages.length), reference);
  return reference;
}

const pieces = fc.constantFrom(
  'NodeID=',
  'Node ID=',
  'NodeId=',
  ' Node ID:',
  'Node',
  'ID',
  '=',
  ':',
  ']',
  '[',
  ' ',
  '.',
  '-',
  '_',
  'cucm01',
  'CUCM-PUB.example.com',
  '10.1.2.3',
  '<78>',
  '<187>12: ',
  'Nov 24 09:01:01 ',
  'Nov  4 09:01:01 ',
  '%UC_A-3-B: ',
  '%CCM_X-Y-6-Z: ',
  'Nov 24 09:01:01 cucm01',
  'Nov 24 09:01:01 10.1.2',
  '.',
  '.3 ',
  '- ',
  '.x ',
  '\t',
  '\r',
  '\n',
  '\0',
  '|',
  '\u00a0',
  'é',
  '€',
  '😀',
  'x'.repeat(260),
  'crond[1]: ',
  'CERT-',
  'Cert-',
  'cert-',
  'Certificate name',
  'ertificate nam',
  '%UC_CERT',
  '_CERT',
  'f',
  '\udc00',
);
const textOfPieces = fc.array(pieces, { maxLength: 14 }).map((p) => p.join(''));
const message = fc.oneof(
  textOfPieces.map((t) => Buffer.from(t, 'utf8')),
  textOfPieces.map((t) => Buffer.from(t, 'latin1')),
  fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 200 }).map((t) => Buffer.from(t)),
);

describe('the C noise screen decides as the JavaScript one', { skip: native.loaded ? false : native.reason }, () => {
  test('the benchmark traffic: every noise line, every alarm', () => {
    const traffic = buildTraffic(new Date('2026-11-28T10:00:00Z'));
    const messages = Array.from({ length: 12_000 }, (_, i) => traffic.at(i));
    const seen = assertSame(messages);
    assert.ok(seen.filter(([v]) => v === 'might-be-alarm').length >= 12, 'the alarms were among them');
    assert.ok(new Set(seen.map(([, node]) => node)).size >= 6, 'each node was named');
  });
  test('the published corpus, line by line', () => {
    const lines = readdirSync(CORPUS).flatMap((f) => readFileSync(join(CORPUS.pathname, f), 'utf8').split('\n'))
      .filter((l) => l.trim() !== '').map((l) => Buffer.from(l));
    assert.ok(lines.length > 20);
    assertSame(lines);
  });
  test('runs of one node, a header node between them, and the node after it', () => {
    const seen = assertSame(
      [
        '[NodeID=a1]',
        '[NodeID=a1]',
        '<78>Nov 24 09:01:01 b2 crond[1]: x',
        'x [NodeID=a1]',
        '<187>1: c3.example.com: %UC_X-3-Y: %[AppID=z]: no node label',
        '[NodeID=a1]',
        'x',
        '',
      ].map((s) => Buffer.from(s)),
    );
    assert.deepEqual(seen, [
      ['noise', 'a1'],
      ['noise', 'a1'],
      ['noise', 'b2'],
      ['noise', 'a1'],
      ['noise', 'c3'],
      ['noise', 'a1'],
      ['noise', null],
      ['not-text', null],
    ]);
  });
  test('the edges of each rule', () => {
    const host = (h: string) => `<78>Nov 24 09:01:01 ${h} crond[1]: (root) CMD (x)`;
    assertSame([
      host('cucm01.'), host('cucm01-'), host('cucm01.example.com'), host('10.1.2.3'), host('10.1.2.3.4'), host('1.2.3'),
      host('x'.repeat(256)), host('x'.repeat(240)), host('x'.repeat(230)), host('cucm01 %UC_A-3-B:'), host('cucm01 %CCM_A'), 'Nov 24 09:01:01 cucm01 x', '<1>Nov 4 09:01:01 a x',
      '<1234>Nov 24 09:01:01 a x', 'Nov 24 9:01:01 a x', '[NodeID=]', '[NodeID=-a][Node ID=b]', '[NodeID=a.][NodeId=c]',
      `[NodeID=${'a'.repeat(255)}]`, `[NodeID=${'a'.repeat(256)}]`, `[NodeID=${'a'.repeat(300)}`, '[NodeID= \u00a0a\t]',
      'x Node ID: ', 'x Node ID:b|c', 'x Node ID:\tb]', 'xNode ID:b', 'ID:b', 'D=x', 'Certificate name', 'a_CERT', `a_CERT${'x'.repeat(8)}`,
      `a_CERT${'x'.repeat(9)}`, 'CERT-', 'xCert-', 'cerT-', '\0', 'a\0', 'a\0b', ' \r\n\t', '\x7f', '\x01',
    ].map((s) => Buffer.from(s)));
    assertSame([Buffer.from([0xc3]), Buffer.from([0xe0, 0x9f, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80]),
      Buffer.from([0xf0, 0x8f, 0x80, 0x80]), Buffer.from([0x61, 0xf0, 0x9f, 0x98]), Buffer.from([0xc0, 0x80]), Buffer.from([0x80])]);
  });
  test('any frames, at any offset in their chunk', () => {
    fc.assert(fc.property(fc.array(message, { maxLength: 8 }), fc.nat(7), (messages, lead) => {
      assertSame(messages, lead);
    }), { numRuns: 4000 });
  });
  test('a frame outside its chunk is a RangeError, in both', () => {
    if (!native.loaded) return;
    for (const screen of [native.screen, screenFramesInJs]) {
      assert.throws(() => screen(Buffer.from('abc'), Int32Array.of(1, 4), 1, () => undefined), RangeError);
    }
  });
});

describe('loading the addon', () => {
  test('an absent file: the reason names it and how to build it', () => {
    const load = loadNativeFrameScreen('/nonexistent/frame_scan.node');
    assert.equal(load.loaded, false);
    assert.match(load.loaded ? '' : load.reason, /\/nonexistent\/frame_scan\.node is not built.*build-native\.sh/);
  });
  test('another addon is refused by name', () => {
    const load = loadNativeFrameScreen(new URL('../../native/build/udp_batch.node', import.meta.url).pathname);
    assert.equal(load.loaded, false);
    assert.match(load.loaded ? '' : load.reason, /is not the frame_scan addon/);
  });
});
