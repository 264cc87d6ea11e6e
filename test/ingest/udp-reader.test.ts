// Which UDP reader runs (SYSLOG_UDP_READER) and what only batches can get wrong: several datagrams and oversized
// ones in one read, sources on a dual-stack socket, closing while datagrams pour in. Real sockets, real addon.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createMetrics } from '../../src/observability/metrics.js';
import { ownSocketInodes, parseProcNetUdp } from '../../src/ingest/udp-drops.js';
import { startUdpListener, type UdpListenerOptions } from '../../src/ingest/udp-listener.js';
import { metricValue } from '../support/metrics.js';
import { capturingLogger, collector } from './harness.js';
import { UDP_READER_RUNS } from './udp-readers.js';

const MISSING_ADDON = '/nonexistent/native/build/udp_batch.node';
const recvmmsgSkip = UDP_READER_RUNS.find((r) => r.reader === 'recvmmsg')!.skip;

async function start(overrides: Partial<UdpListenerOptions>) {
  const metrics = overrides.metrics ?? createMetrics();
  const sink = collector();
  const listener = await startUdpListener({
    host: '127.0.0.1', port: 0, maxMessageBytes: 2048, recvBufferBytes: 1024 * 1024,
    onMessage: sink.onMessage, onReject: sink.onReject, logger: pino({ level: 'silent' }), metrics, dropsPollMs: 0,
    ...overrides,
  });
  return { listener, metrics, sink };
}

/**
 * Sends the datagrams from a child process while this one waits for it: JavaScript here is blocked, so the datagrams
 * queue up and the recvmmsg reader hands them over many at a time. A number is a datagram of that many bytes.
 */
function sendWhileBlocked(port: number, datagrams: (string | number)[], from: 'udp4' | 'udp6' = 'udp4', to = '127.0.0.1'): void {
  execFileSync(process.execPath, ['-e', `
    const s = require('node:dgram').createSocket(${JSON.stringify(from)});
    const all = ${JSON.stringify(datagrams)};
    let i = 0;
    const next = () => {
      if (i === all.length) return s.close();
      const d = all[i++];
      s.send(typeof d === 'number' ? Buffer.alloc(d, 0x78) : d, ${port}, ${JSON.stringify(to)}, next);
    };
    next();`]);
}

/** Rows of /proc/net/udp for `port` whose socket this process holds: what the kernel-drop selector counts. */
async function ownSocketRows(port: number) {
  const own = await ownSocketInodes();
  return parseProcNetUdp(readFileSync('/proc/net/udp', 'utf8')).filter((r) => r.localPort === port && own.has(r.inode));
}

function ipv6Available(): boolean {
  try {
    return readFileSync('/proc/net/if_inet6', 'utf8').includes('lo');
  } catch {
    return false;
  }
}

describe('SYSLOG_UDP_READER', () => {
  test('auto without the addon reads with dgram and says why in one warning', async () => {
    const { logger, lines } = capturingLogger();
    const { listener, metrics, sink } = await start({ reader: 'auto', batchAddonPath: MISSING_ADDON, logger });
    try {
      assert.equal(listener.reader, 'dgram');
      const warnings = lines.filter((l) => l.event === 'UdpBatchReaderUnavailable');
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]!.level, 40);
      assert.match(String(warnings[0]!.reason), /\/nonexistent\/native\/build\/udp_batch\.node is not built.*build-native\.sh/);
      assert.ok(lines.some((l) => l.event === 'SyslogListening' && l.reader === 'dgram'));
      assert.equal(await metricValue(metrics.udpReaderInfo, { reader: 'dgram' }), 1);
      assert.equal(await metricValue(metrics.udpReaderInfo, { reader: 'recvmmsg' }), 0);
      sendWhileBlocked(listener.port, ['still heard']);
      await sink.until(() => sink.messages.length === 1, 'the datagram');
      assert.equal(sink.messages[0]!.text, 'still heard');
    } finally {
      await listener.close();
    }
  });

  test('auto with a file that is no loadable addon falls back to dgram, naming the load error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certwatch-addon-'));
    const broken = join(dir, 'udp_batch.node');
    writeFileSync(broken, 'not an ELF file');
    const { logger, lines } = capturingLogger();
    try {
      const { listener } = await start({ reader: 'auto', batchAddonPath: broken, logger });
      await listener.close();
      assert.equal(listener.reader, 'dgram');
      assert.match(String(lines.find((l) => l.event === 'UdpBatchReaderUnavailable')?.reason), /udp_batch\.node does not load: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('recvmmsg without the addon refuses to start, naming the path', async () => {
    await assert.rejects(
      start({ reader: 'recvmmsg', batchAddonPath: MISSING_ADDON }),
      /SYSLOG_UDP_READER=recvmmsg, but the recvmmsg reader cannot load: \/nonexistent\/native\/build\/udp_batch\.node is not built/,
    );
  });

  test('dgram is used when asked for, without looking for the addon', async () => {
    const { logger, lines } = capturingLogger();
    const { listener, metrics } = await start({ reader: 'dgram', batchAddonPath: MISSING_ADDON, logger });
    await listener.close();
    assert.equal(listener.reader, 'dgram');
    assert.equal(lines.some((l) => l.event === 'UdpBatchReaderUnavailable'), false);
    assert.equal(await metricValue(metrics.udpReaderInfo, { reader: 'dgram' }), 1);
  });

  test('auto with the addon built reads with recvmmsg, without a warning', { skip: recvmmsgSkip }, async () => {
    const { logger, lines } = capturingLogger();
    const { listener, metrics } = await start({ reader: 'auto', logger });
    await listener.close();
    assert.equal(listener.reader, 'recvmmsg');
    assert.equal(lines.some((l) => l.event === 'UdpBatchReaderUnavailable'), false);
    assert.ok(lines.some((l) => l.event === 'SyslogListening' && l.reader === 'recvmmsg'));
    assert.equal(await metricValue(metrics.udpReaderInfo, { reader: 'recvmmsg' }), 1);
  });
});

for (const { reader, skip } of UDP_READER_RUNS) {
  describe(`UDP reads in batches (${reader})`, { skip }, () => {
    test('many datagrams read while JavaScript is busy all arrive, in order', async () => {
      const { listener, sink } = await start({ reader, recvBufferBytes: 4 * 1024 * 1024 });
      try {
        const total = 1000;
        sendWhileBlocked(listener.port, Array.from({ length: total }, (_, i) => `datagram ${i}`));
        await sink.until(() => sink.messages.length === total, `${total} datagrams`);
        assert.deepEqual(sink.messages.map((m) => m.text), Array.from({ length: total }, (_, i) => `datagram ${i}`));
        assert.equal((await listener.kernelDrops()).socketDrops, 0);
        if (reader === 'recvmmsg') {
          // Datagrams of one batch share their receivedAt: far fewer reads than datagrams.
          const reads = new Set(sink.messages.map((m) => m.meta.receivedAt)).size;
          assert.ok(reads <= total / 10, `${total} datagrams came in ${reads} reads`);
        }
      } finally {
        await listener.close();
      }
    });

    test('a flood is handed over a few batches per turn of the event loop, so the turn\'s other work keeps running', async () => {
      // The batched persist runs from setImmediate and its Redis reply is a socket read: both wait for the turn to
      // end. Before, the recvmmsg reader handed over every datagram read while JavaScript worked, all in one turn.
      const total = 2000;
      let inThisTurn = 0;
      let mostInOneTurn = 0;
      const { listener, sink } = await start({
        reader, recvBufferBytes: 4 * 1024 * 1024,
        onMessage(bytes, meta) {
          inThisTurn += 1;
          const busyUntil = performance.now() + 0.05; // JavaScript slower than the reader thread: batches pile up
          while (performance.now() < busyUntil);
          sink.onMessage(bytes, meta); // set once start() returned; no datagram comes before that
        },
      });
      let turning = true;
      const endOfTurn = () => {
        mostInOneTurn = Math.max(mostInOneTurn, inThisTurn);
        inThisTurn = 0;
        if (turning) setImmediate(endOfTurn);
      };
      try {
        sendWhileBlocked(listener.port, Array.from({ length: total }, (_, i) => `datagram ${i}`));
        setImmediate(endOfTurn);
        await sink.until(() => sink.messages.length === total, `${total} datagrams`);
        mostInOneTurn = Math.max(mostInOneTurn, inThisTurn);
        // recvmmsg: at most its pool (4 batches of 64) per delivery; dgram: libuv reads at most 32 per socket event.
        assert.ok(mostInOneTurn <= 4 * 64, `${mostInOneTurn} datagrams were handed over in one turn of the event loop`);
      } finally {
        turning = false;
        await listener.close();
      }
    });

    test('oversized datagrams among others in one read are rejected with their real size, the others kept whole', async () => {
      const { listener, metrics, sink } = await start({ reader, maxMessageBytes: 100 });
      try {
        // 101 fits the reader's slot (max + 1) and is over the limit; 5000 is cut by the kernel (MSG_TRUNC).
        const datagrams = ['first', 101, 'second', 5000, 'third', 100];
        sendWhileBlocked(listener.port, datagrams);
        await sink.until(() => sink.messages.length + sink.rejections.length === datagrams.length, 'every datagram');
        assert.deepEqual(sink.messages.map((m) => m.text), ['first', 'second', 'third', 'x'.repeat(100)]);
        assert.deepEqual(sink.rejections.map((r) => [r.reason, r.detail]), [
          ['oversized', 'datagram of 101 bytes exceeds 100'],
          ['oversized', 'datagram of 5000 bytes exceeds 100'],
        ]);
        assert.equal(await metricValue(metrics.bytesReceived, { transport: 'udp' }), 5 + 101 + 6 + 5000 + 5 + 100);
        assert.equal(await metricValue(metrics.rejected, { transport: 'udp', reason: 'oversized' }), 2);
      } finally {
        await listener.close();
      }
    });

    test('a dual-stack socket names an IPv4 source as Node does (IPv4-mapped IPv6)', { skip: ipv6Available() ? false : 'no IPv6 here' }, async () => {
      const { listener, sink } = await start({ reader, host: '::' });
      try {
        sendWhileBlocked(listener.port, ['over v4'], 'udp4', '127.0.0.1');
        sendWhileBlocked(listener.port, ['over v6'], 'udp6', '::1');
        await sink.until(() => sink.messages.length === 2, 'both datagrams');
        assert.deepEqual(sink.messages.map((m) => [m.text, m.meta.remoteAddress]), [['over v4', '::ffff:127.0.0.1'], ['over v6', '::1']]);
      } finally {
        await listener.close();
      }
    });

    test('an empty datagram is an empty message, and the next one follows', async () => {
      const { listener, sink } = await start({ reader });
      try {
        sendWhileBlocked(listener.port, ['', 'after empty']);
        await sink.until(() => sink.messages.length === 2, 'both datagrams');
        assert.deepEqual(sink.messages.map((m) => m.text), ['', 'after empty']);
      } finally {
        await listener.close();
      }
    });

    test('a port in use is refused with EADDRINUSE', async () => {
      const first = await start({ reader });
      try {
        await assert.rejects(start({ reader, port: first.listener.port }), { code: 'EADDRINUSE' });
      } finally {
        await first.listener.close();
      }
    });

    test('closing during a flood stops delivery, frees the socket and the port', async () => {
      const { listener, sink } = await start({ reader });
      const port = listener.port;
      const flood = spawn(process.execPath, ['-e', `
        const s = require('node:dgram').createSocket('udp4');
        const msg = Buffer.alloc(200, 0x61);
        const burst = () => { for (let i = 0; i < 200; i++) s.send(msg, ${port}, '127.0.0.1'); setImmediate(burst); };
        burst();`], { stdio: 'ignore' });
      try {
        assert.equal((await ownSocketRows(port)).length, 1, 'the socket is found among ours by its inode (kernel-drop selector)');
        await sink.until(() => sink.messages.length > 1000, 'the flood to arrive');
        await listener.close();
        const atClose = sink.messages.length;
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(sink.messages.length, atClose, 'nothing is delivered after close()');
        assert.deepEqual(await ownSocketRows(port), [], 'our socket is gone from /proc/net/udp');
        const again = await start({ reader, port });
        await again.listener.close();
      } finally {
        flood.kill();
        await listener.close();
      }
    });
  });
}
