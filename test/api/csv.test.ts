// CSV export: RFC 4180 quoting and formula-injection escaping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
