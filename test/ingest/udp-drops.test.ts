// Parsing of /proc/net/udp{,6} and /proc/net/snmp{,6}, tolerance of a missing /proc, and kernel figures as counters.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelCounterIncrease, parseProcNetUdp, parseSnmpUdpRcvbufErrors, parseSnmp6UdpRcvbufErrors, readUdpDrops, socketDropsFrom } from '../../src/ingest/udp-drops.js';

const PROC_NET_UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  123: 0100007F:15B2 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 41001 2 0000000000000000 17
  456: 00000000:15B2 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 41002 2 0000000000000000 5
  789: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12 2 0000000000000000 99
`;
const PROC_NET_UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
   12: 00000000000000000000000000000000:15B2 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 41003 2 0000000000000000 3
`;
const SNMP = `Ip: Forwarding DefaultTTL
Ip: 1 64
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 26 0 0 27 42 0 0 0 0
UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
UdpLite: 0 0 0 0 7 0 0 0 0
`;
const SNMP6 = 'Udp6InDatagrams                 \t5\nUdp6RcvbufErrors                \t8\nUdpLite6RcvbufErrors            \t1\n';

describe('/proc/net/udp parsing', () => {
  const rows = [...parseProcNetUdp(PROC_NET_UDP), ...parseProcNetUdp(PROC_NET_UDP6)];
  const cases: { title: string; port: number; inodes?: number[]; expected: number | null }[] = [
    { title: 'by inode: only our socket on a shared port', port: 5554, inodes: [41002], expected: 5 },
    { title: 'by inode across udp and udp6', port: 5554, inodes: [41001, 41003], expected: 20 },
    { title: 'by port alone: every socket on the port is summed', port: 5554, expected: 25 },
    { title: 'a port nobody listens on', port: 9999, expected: null },
    { title: 'an inode not on that port', port: 5554, inodes: [12], expected: null },
  ];
  for (const c of cases) {
    test(c.title, () => {
      assert.equal(socketDropsFrom(rows, c.inodes ? { port: c.port, inodes: new Set(c.inodes) } : { port: c.port }), c.expected);
    });
  }
  test('rows carry port, inode and drops; the header is skipped', () => {
    assert.deepEqual(parseProcNetUdp(PROC_NET_UDP)[2], { localPort: 68, inode: 12, drops: 99 });
    assert.equal(parseProcNetUdp(PROC_NET_UDP).length, 3);
  });
});

describe('/proc/net/snmp parsing', () => {
  const cases: { title: string; parse: () => number | null; expected: number | null }[] = [
    { title: 'Udp RcvbufErrors by column name (not UdpLite)', parse: () => parseSnmpUdpRcvbufErrors(SNMP), expected: 42 },
    { title: 'no Udp lines', parse: () => parseSnmpUdpRcvbufErrors('Ip: a\nIp: 1\n'), expected: null },
    { title: 'Udp6RcvbufErrors (not UdpLite6)', parse: () => parseSnmp6UdpRcvbufErrors(SNMP6), expected: 8 },
    { title: 'no Udp6RcvbufErrors line', parse: () => parseSnmp6UdpRcvbufErrors('Udp6InDatagrams 5\n'), expected: null },
  ];
  for (const c of cases) test(c.title, () => assert.equal(c.parse(), c.expected));
});

describe('readUdpDrops', () => {
  test('reads a proc tree and sums IPv4 and IPv6 namespace figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certwatch-proc-'));
    try {
      mkdirSync(join(dir, 'net'));
      writeFileSync(join(dir, 'net', 'udp'), PROC_NET_UDP);
      writeFileSync(join(dir, 'net', 'udp6'), PROC_NET_UDP6);
      writeFileSync(join(dir, 'net', 'snmp'), SNMP);
      writeFileSync(join(dir, 'net', 'snmp6'), SNMP6);
      assert.deepEqual(await readUdpDrops({ port: 5554, inodes: new Set([41001]) }, dir), { socketDrops: 17, namespaceRcvbufErrors: 50 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a missing /proc gives nulls, never an error', async () => {
    assert.deepEqual(await readUdpDrops({ port: 5554 }, join(tmpdir(), 'certwatch-no-such-proc')), { socketDrops: null, namespaceRcvbufErrors: null });
  });
});

describe('kernel figures as counter increases', () => {
  const cases: { title: string; baseline: number | null; readings: number[]; increases: number[] }[] = [
    { title: 'our own socket starts at 0: its first drops are counted', baseline: 0, readings: [4, 4, 10], increases: [4, 0, 6] },
    { title: 'a figure counted since boot: the first reading is the baseline', baseline: null, readings: [5000, 5003, 5003, 5010], increases: [0, 3, 0, 7] },
    { title: 'a lower reading (other sockets read) becomes the baseline, nothing counted', baseline: 0, readings: [9, 2, 5], increases: [9, 0, 3] },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const increase = kernelCounterIncrease(c.baseline);
      assert.deepEqual(c.readings.map((r) => increase(r)), c.increases);
    });
  }
});
