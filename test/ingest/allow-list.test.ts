// SYSLOG_ALLOW parsing and decisions, including IPv4-mapped IPv6 sources.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllowList, AllowListError } from '../../src/ingest/allow-list.js';

describe('allow-list decisions', () => {
  const cases: { title: string; spec: string; address: string | undefined; expected: string }[] = [
    { title: 'empty list allows everyone', spec: '', address: '203.0.113.9', expected: 'allow-all' },
    { title: 'blank and comma-only list allows everyone', spec: ' , ,', address: '::1', expected: 'allow-all' },
    { title: 'exact IPv4 address matches', spec: '192.0.2.7', address: '192.0.2.7', expected: 'matched' },
    { title: 'other IPv4 address is refused', spec: '192.0.2.7', address: '192.0.2.8', expected: 'not-allowed' },
    { title: 'IPv4 CIDR matches inside', spec: '10.0.0.0/8, 192.0.2.7', address: '10.200.3.4', expected: 'matched' },
    { title: 'IPv4 CIDR refuses outside', spec: '10.0.0.0/8', address: '11.0.0.1', expected: 'not-allowed' },
    { title: 'IPv4-mapped IPv6 source matches an IPv4 rule', spec: '10.0.0.0/8', address: '::ffff:10.1.2.3', expected: 'matched' },
    { title: 'IPv4-mapped IPv6 source outside the IPv4 rule', spec: '10.0.0.0/8', address: '::ffff:11.1.2.3', expected: 'not-allowed' },
    { title: 'IPv6 CIDR matches', spec: '2001:db8::/32', address: '2001:db8:1::5', expected: 'matched' },
    { title: 'IPv6 CIDR refuses outside', spec: '2001:db8::/32', address: '2001:db9::5', expected: 'not-allowed' },
    { title: 'IPv6 loopback address', spec: '127.0.0.1,::1', address: '::1', expected: 'matched' },
    { title: 'IPv4 rule does not match an IPv6 address', spec: '127.0.0.1', address: '::1', expected: 'not-allowed' },
    { title: 'whitespace separated entries', spec: '10.0.0.1 10.0.0.2', address: '10.0.0.2', expected: 'matched' },
    { title: '/32 is a single host', spec: '192.0.2.7/32', address: '192.0.2.7', expected: 'matched' },
    { title: '/0 allows every IPv4 source', spec: '0.0.0.0/0', address: '198.51.100.1', expected: 'matched' },
    { title: 'unknown source (socket already gone) is refused', spec: '10.0.0.0/8', address: undefined, expected: 'not-allowed' },
    { title: 'a host name as source is refused', spec: '10.0.0.0/8', address: 'cucm01', expected: 'not-allowed' },
  ];
  for (const c of cases) {
    test(c.title, () => {
      assert.equal(parseAllowList(c.spec).check(c.address).reason, c.expected);
    });
  }

  test('allowed flag agrees with the reason', () => {
    const list = parseAllowList('10.0.0.0/8');
    assert.equal(list.check('10.0.0.1').allowed, true);
    assert.equal(list.check('11.0.0.1').allowed, false);
  });

  test('an array of specs is accepted and rules are kept for logs', () => {
    assert.deepEqual(parseAllowList(['10.0.0.0/8', ' ::1 ']).rules, ['10.0.0.0/8', '::1']);
  });
});

describe('allow-list parse errors', () => {
  const bad: { title: string; spec: string; invalid: string[] }[] = [
    { title: 'host name', spec: 'cucm01.example.net', invalid: ['cucm01.example.net'] },
    { title: 'IPv4 prefix too long', spec: '10.0.0.0/33', invalid: ['10.0.0.0/33'] },
    { title: 'IPv6 prefix too long', spec: '2001:db8::/129', invalid: ['2001:db8::/129'] },
    { title: 'non-numeric prefix', spec: '10.0.0.0/x', invalid: ['10.0.0.0/x'] },
    { title: 'empty prefix', spec: '10.0.0.0/', invalid: ['10.0.0.0/'] },
    { title: 'bad octet', spec: '10.0.0.256, 10.0.0.1', invalid: ['10.0.0.256'] },
    { title: 'every bad entry is named', spec: 'a, 10.0.0.1, b/8', invalid: ['a', 'b/8'] },
  ];
  for (const c of bad) {
    test(c.title, () => {
      assert.throws(() => parseAllowList(c.spec), (err: unknown) => {
        assert.ok(err instanceof AllowListError);
        assert.deepEqual(err.invalidEntries, c.invalid);
        return true;
      });
    });
  }
});
