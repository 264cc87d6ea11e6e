import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame } from '../../src/parse/decode-frame.js';

describe('decodeFrame', () => {
  const line = '<186>1: CUCM01: Nov 24 2026 08:00:00.000 UTC : %UC_CERT-2-CertValidfor7days: x';
  const cases: { title: string; bytes: Uint8Array; max?: number; text?: string; reason?: string }[] = [
    { title: 'plain text', bytes: Buffer.from(line), text: line },
    { title: 'trailing LF', bytes: Buffer.from(`${line}\n`), text: line },
    { title: 'trailing CRLF', bytes: Buffer.from(`${line}\r\n`), text: line },
    { title: 'trailing NUL', bytes: Buffer.from(`${line}\0`), text: line },
    { title: 'trailing CRLF then NUL', bytes: Buffer.from(`${line}\r\n\0`), text: line },
    { title: 'trailing NUL then LF', bytes: Buffer.from(`${line}\0\n`), text: line },
    { title: 'two trailing NULs: binary', bytes: Buffer.from(`${line}\0\0`), reason: 'binary' },
    { title: 'NUL inside', bytes: Buffer.from(`<186>1: a\0b`), reason: 'binary' },
    { title: 'ESC inside', bytes: Buffer.from('<186>1: \x1b[31mred'), reason: 'binary' },
    { title: 'DEL inside', bytes: Buffer.from('<186>1: a\x7fb'), reason: 'binary' },
    { title: 'tab is text', bytes: Buffer.from('<186>1:\tx'), text: '<186>1:\tx' },
    { title: 'embedded CRLF is text (the parser judges it)', bytes: Buffer.from('a\r\nb'), text: 'a\r\nb' },
    { title: 'UTF-8 multibyte', bytes: Buffer.from('<186>1: Müller 株式会社'), text: '<186>1: Müller 株式会社' },
    { title: 'invalid UTF-8', bytes: Buffer.from([0x3c, 0x31, 0x3e, 0xc3, 0x28]), reason: 'invalid-utf8' },
    { title: 'overlong encoding', bytes: Buffer.from([0x41, 0xc0, 0xaf]), reason: 'invalid-utf8' },
    { title: 'lone surrogate', bytes: Buffer.from([0x41, 0xed, 0xa0, 0x80]), reason: 'invalid-utf8' },
    { title: 'truncated multibyte at the end', bytes: Buffer.from([0x41, 0xe6, 0xa0]), reason: 'invalid-utf8' },
    { title: 'empty', bytes: new Uint8Array(0), reason: 'empty' },
    { title: 'only CRLF', bytes: Buffer.from('\r\n'), reason: 'empty' },
    { title: 'only spaces', bytes: Buffer.from('   '), reason: 'empty' },
    { title: 'only NULs', bytes: Buffer.from('\0\0\0\0'), reason: 'empty' },
    { title: 'NULs, CR and LF mixed', bytes: Buffer.from('\r\n\0\n\0\r'), reason: 'empty' },
    { title: 'over the limit', bytes: Buffer.alloc(101, 0x41), max: 100, reason: 'oversized' },
    { title: 'exactly the limit', bytes: Buffer.alloc(100, 0x41), max: 100, text: 'A'.repeat(100) },
    { title: 'a Uint8Array view into a larger buffer', bytes: ((b: Buffer) => new Uint8Array(b.buffer, b.byteOffset + 2, line.length))(Buffer.from(`xx${line}yy`)), text: line },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const r = decodeFrame(c.bytes, c.max ?? 8192);
      if (c.text !== undefined) assert.deepEqual(r, { ok: true, text: c.text });
      else {
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.reason, c.reason);
          assert.ok(r.detail.length > 0);
        }
      }
    });
  }
});
