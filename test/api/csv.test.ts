// CSV export: RFC 4180 quoting and formula-injection escaping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { csvCell, toCsv } from '../../src/api/csv.js';

describe('csvCell', () => {
  const cases: { title: string; value: unknown; expected: string }[] = [
    { title: 'plain text', value: 'tomcat', expected: 'tomcat' },
    { title: 'comma is quoted', value: 'a,b', expected: '"a,b"' },
    { title: 'quotes are doubled', value: 'say "hi"', expected: '"say ""hi"""' },
    { title: 'newline is quoted', value: 'a\nb', expected: '"a\nb"' },
    { title: 'formula =', value: '=HYPERLINK("http://evil","x")', expected: `"'=HYPERLINK(""http://evil"",""x"")"` },
    { title: 'formula +', value: '+1+1', expected: "'+1+1" },
    { title: 'formula -', value: '-2+3', expected: "'-2+3" },
    { title: 'formula @', value: '@SUM(A1)', expected: "'@SUM(A1)" },
    { title: 'leading tab', value: '\t=1', expected: "'\t=1" },
    { title: 'leading CR', value: '\r=1', expected: `"'\r=1"` },
    { title: 'negative number stays a number', value: -5, expected: '-5' },
    { title: 'null is empty', value: null, expected: '' },
    { title: 'undefined is empty', value: undefined, expected: '' },
    { title: 'array joined with ;', value: ['CUCM01', 'CUCM02'], expected: 'CUCM01;CUCM02' },
    { title: 'array with a formula element', value: ['=cmd', 'x'], expected: "'=cmd;x" },
    { title: 'date as ISO', value: new Date('2026-11-20T10:00:00Z'), expected: '2026-11-20T10:00:00.000Z' },
    { title: 'ISO date string unchanged', value: '2026-11-20T10:00:00.000Z', expected: '2026-11-20T10:00:00.000Z' },
  ];
  for (const c of cases) test(c.title, () => assert.equal(csvCell(c.value), c.expected));
});

describe('toCsv', () => {
  test('header, rows in column order, CRLF, missing values empty', () => {
    const csv = toCsv(
      [
        { id: 'lab.a', unit: 'tomcat', nodes: ['CUCM01'], occurrences: 3 },
        { id: 'lab.b', unit: '=evil()', occurrences: 1, extra: 'ignored' },
      ],
      ['id', 'unit', 'nodes', 'occurrences'],
    );
    assert.equal(csv, "id,unit,nodes,occurrences\r\nlab.a,tomcat,CUCM01,3\r\nlab.b,'=evil(),,1\r\n");
  });
  test('no rows: header only', () => assert.equal(toCsv([], ['a', 'b']), 'a,b\r\n'));
});

/** Minimal RFC 4180 reader for the round-trip property. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 1; }
    else cell += ch;
  }
  return rows;
}

describe('toCsv properties', () => {
  test('round-trips any strings; no cell a spreadsheet would run as a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 8 }), (pairs) => {
        const rows = pairs.map(([a, b]) => ({ a, b }));
        const back = readCsv(toCsv(rows, ['a', 'b']));
        assert.deepEqual(back[0], ['a', 'b']);
        back.slice(1).forEach((cells, i) => {
          for (const [j, key] of (['a', 'b'] as const).entries()) {
            const original = rows[i]![key];
            const cell = cells[j]!;
            assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
            assert.equal(cell, /^[=+\-@\t\r]/.test(original) ? `'${original}` : original);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
