// The ITL/CTL reader under hostile input: a file cut at every byte, random bytes, random byte changes and wrong
// lengths give a named failure or whole records only, never a throw, and facts that pass their schema.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import '../support/fast-check-seed.js';
import { DiscoveredFactsSchema } from '../../src/discovery/facts-schema.js';
import { readTlvFile, TLV_FAILURES, type TlvRead } from '../../src/discovery/tlv/read-tlv-file.js';
import { tlvFacts } from '../../src/discovery/tlv/tlv-facts.js';
import { ctlFile, itlFile, simulatedCluster } from '../support/tlv-builder.js';

const cluster = simulatedCluster({ nodes: ['cucm-pub', 'cucm-sub1'] });
const itl = itlFile(cluster, 'itlrecovery');
const ctl = ctlFile(simulatedCluster({ nodes: ['cucm-pub'] }), 'etoken');
const whole = readTlvFile(itl);
assert.ok(whole.ok);
const recordEnds = whole.file.records.map((_record, i, all) => all[i + 1]?.offset ?? itl.length);

function assertNamed(read: TlvRead): void {
  if (!read.ok) {
    assert.ok((TLV_FAILURES as readonly string[]).includes(read.reason), read.reason);
    assert.equal(typeof read.detail, 'string');
  }
}

function assertFactsValid(data: Uint8Array): void {
  const facts = tlvFacts(data, 'ITLFile.tlv', 'fuzz');
  assert.ok(
    Value.Check(DiscoveredFactsSchema, facts),
    JSON.stringify([...Value.Errors(DiscoveredFactsSchema, facts)].slice(0, 2)),
  );
}

describe('ITL/CTL reader, hostile input', () => {
  test('cut at every byte: a named failure, or (cut between records) the whole records before the cut', () => {
    for (let cut = 0; cut < itl.length; cut += 1) {
      const read = readTlvFile(itl.subarray(0, cut));
      assertNamed(read);
      if (read.ok) {
        const kept = read.file.records.length;
        assert.ok(cut === whole.file.headerLength || recordEnds.includes(cut), `cut ${cut} read as whole`);
        assert.equal(cut, kept === 0 ? whole.file.headerLength : recordEnds[kept - 1]);
      } else if (cut > 0) {
        assert.ok(
          ['truncated', 'bad-length', 'not-a-tlv', 'missing-field'].includes(read.reason),
          `cut ${cut}: ${read.reason} ${read.detail}`,
        );
      }
    }
  });

  test('facts from a file cut at every byte pass their schema', () => {
    for (let cut = 0; cut <= ctl.length; cut += 1) assertFactsValid(ctl.subarray(0, cut));
  });

  test('random bytes: a named failure, never a throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
      assertNamed(readTlvFile(bytes));
      assertFactsValid(bytes);
    }), { numRuns: 2000 });
  });

  test('random bytes behind a valid start (version and header length): still named', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.integer({ min: 0, max: 0xffff }), (rest, headerLength) => {
        const data = Buffer.concat([
          Buffer.from([1, 0, 2, 1, 2, 2, 0, 2, headerLength >> 8, headerLength & 0xff]),
          rest,
        ]);
        assertNamed(readTlvFile(data));
        assertFactsValid(data);
      }),
      { numRuns: 2000 },
    );
  });

  test('random byte changes of a valid file: never a throw, facts valid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(itl.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (changes) => {
          const data = Buffer.from(itl);
          for (const [at, value] of changes) data[at] = value;
          assertNamed(readTlvFile(data));
          assertFactsValid(data);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('wrong lengths: any item length of a valid file set to any value gives a named outcome', () => {
    // Offsets of every length field: walk the file as the reader does (header items and record items).
    const lengthFields: number[] = [];
    for (let at = 0; at < itl.length;) {
      if (at < whole.file.headerLength && itl[at] === 13) { at += 1; continue; }
      lengthFields.push(at + 1);
      const tag = itl[at] ?? 0;
      const length = itl.readUInt16BE(at + 1);
      const container = at < whole.file.headerLength && [3, 7, 9].includes(tag);
      at += 3 + (container ? 0 : length);
    }
    assert.ok(lengthFields.length > 40);
    fc.assert(fc.property(fc.constantFrom(...lengthFields), fc.integer({ min: 0, max: 0xffff }), (field, length) => {
      const data = Buffer.from(itl);
      data.writeUInt16BE(length, field);
      const read = readTlvFile(data);
      assertNamed(read);
      assertFactsValid(data);
    }), { numRuns: 1000 });
  });

  test('named failures for the plain cases', () => {
    const cases: [string, Uint8Array, string][] = [
      ['no bytes', new Uint8Array(0), 'empty'],
      ['a text file', Buffer.from('<html>404 Not Found</html>'), 'not-a-tlv'],
      ['more than a megabyte', new Uint8Array(1024 * 1024 + 1).fill(1), 'oversized'],
      ['header longer than the file', Buffer.from([1, 0, 2, 1, 2, 2, 0, 2, 0xff, 0xff]), 'truncated'],
      ['header length inside its own first items', Buffer.from([1, 0, 2, 1, 2, 2, 0, 2, 0, 4]), 'bad-length'],
      ['a header without signer', Buffer.from([1, 0, 2, 1, 2, 2, 0, 2, 0, 12, 13, 13]), 'missing-field'],
      ['an unknown header tag', Buffer.from([1, 0, 2, 1, 2, 2, 0, 2, 0, 13, 99, 0, 0]), 'unknown-tag'],
      [
        'a record that does not start with RECORDLENGTH',
        Buffer.concat([itl.subarray(0, whole.file.headerLength), Buffer.from([3, 0, 1, 0])]),
        'bad-record',
      ],
    ];
    for (const [title, data, reason] of cases) {
      const read = readTlvFile(data);
      assert.equal(read.ok ? 'ok' : read.reason, reason, title);
    }
  });

  test('a record whose certificate is not DER: that record unread as bad-certificate, the others kept', () => {
    const data = Buffer.from(itl);
    const first = whole.file.records[1];
    assert.ok(first);
    // The certificate's first byte (SEQUENCE 0x30) sits after the item's 3-byte head; find it from the record's end.
    const der = cluster.certificates.get('cucm-pub')?.CallManager?.der;
    assert.ok(der);
    const at = data.indexOf(der, first.offset);
    data[at] = 0x04;
    const facts = tlvFacts(data, 'ITLFile.tlv', 'posted');
    assert.deepEqual(facts.unread.map((u) => [u.reason, u.source.detail]), [['bad-certificate', 'posted record 2']]);
    assert.equal(facts.certificates.length, whole.file.records.length - 1);
  });
});
