// UDP listener over real loopback sockets, once per reader (recvmmsg addon, dgram): messages, counters, rejections,
// receive buffer, kernel drops. The recvmmsg runs are skipped, and say so, where the addon is not built.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { createMetrics } from '../../src/observability/metrics.js';
import { parseAllowList } from '../../src/ingest/allow-list.js';
import { startUdpListener, type UdpListenerOptions } from '../../src/ingest/udp-listener.js';
import type { UdpReaderKind } from '../../src/ingest/udp-reader.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/wait-for.js';
import { capturingLogger, collector, recordingScreen, type Collected } from './harness.js';
import { UDP_READER_RUNS } from './udp-readers.js';

const CERT_ALARM =
  '<187>864: CUCM02.localdomain: Sep 05 2014 00:00:06.433 UTC : %UC_CERT-2-CertValidfor7days: %[Message=Certificate expiration Notification. Certificate name:CUCM01.der Unit:tomcat-trust Type:own-cert Expiration:Mon May 19 14:46:][AppID=Cisco Certificate Monitor][ClusterID=][NodeID=CUCM02]: Alarm to indicate that Certificate has Expired or Expires in less than seven days';

const sender = dgram.createSocket('udp4');
after(() => sender.close());

function send(port: number, text: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    sender.send(text, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
  );
}

async function start(
  reader: UdpReaderKind,
  overrides: Partial<UdpListenerOptions> = {},
  sink: Collected = collector(),
) {
  const metrics = overrides.metrics ?? createMetrics();
  const listener = await startUdpListener({
    host: '127.0.0.1', port: 0, maxMessageBytes: 2048, recvBufferBytes: 1024 * 1024, reader,
    onMessage: sink.onMessage, onReject: sink.onReject, logger: pino({ level: 'silent' }), metrics, dropsPollMs: 0,
    ...overrides,
  });
  assert.equal(listener.reader, reader);
  return { listener, metrics, sink };
}

for (const { reader, skip } of UDP_READER_RUNS) {

describe(`UDP listener (${reader})`, { skip }, () => {
  test('one datagram is one message, with meta and counters', async () => {
    const { listener, metrics, sink } = await start(reader);
    try {
      await send(listener.port, CERT_ALARM);
      await send(listener.port, 'line one\nline two'); // a datagram is never split on newlines
      await sink.until(() => sink.messages.length === 2, 'two messages');
      assert.deepEqual(sink.messages.map((m) => m.text), [CERT_ALARM, 'line one\nline two']);
      assert.equal(sink.messages[0]!.meta.transport, 'udp');
      assert.equal(sink.messages[0]!.meta.remoteAddress, '127.0.0.1');
      assert.ok(sink.messages[0]!.meta.receivedAt instanceof Date);
      assert.equal(await metricValue(metrics.messagesReceived, { transport: 'udp' }), 2);
      assert.equal(await metricValue(metrics.bytesReceived, { transport: 'udp' }), Buffer.byteLength(CERT_ALARM) + 17);
    } finally {
      await listener.close();
    }
  });

  const rejections: { title: string; overrides: Partial<UdpListenerOptions>; payload: string; reason: string }[] = [
    { title: 'a datagram over maxMessageBytes is rejected as oversized', overrides: { maxMessageBytes: 100 }, payload: 'x'.repeat(101), reason: 'oversized' },
    { title: 'a source outside SYSLOG_ALLOW is rejected as not-allowed', overrides: { allow: parseAllowList('10.0.0.0/8') }, payload: CERT_ALARM, reason: 'not-allowed' },
  ];
  for (const c of rejections) {
    test(c.title, async () => {
      const { listener, metrics, sink } = await start(reader, c.overrides);
      try {
        await send(listener.port, c.payload);
        await sink.until(() => sink.rejections.length === 1, 'the rejection');
        assert.equal(sink.rejections[0]!.reason, c.reason);
        assert.equal(sink.messages.length, 0);
        assert.equal(await metricValue(metrics.rejected, { transport: 'udp', reason: c.reason }), 1);
        assert.equal(await metricValue(metrics.messagesReceived, { transport: 'udp' }), 0);
      } finally {
        await listener.close();
      }
    });
  }

  test('a datagram of exactly maxMessageBytes passes and the listener keeps going after an oversized one', async () => {
    const { listener, sink } = await start(reader, { maxMessageBytes: 100 });
    try {
      await send(listener.port, 'y'.repeat(101));
      await send(listener.port, 'z'.repeat(100));
      await sink.until(() => sink.messages.length === 1 && sink.rejections.length === 1, 'one of each');
      assert.equal(sink.messages[0]!.text, 'z'.repeat(100));
    } finally {
      await listener.close();
    }
  });

  test('with a noise screen: the noise stops there, the rest reach onMessage in order, every datagram is received', async () => {
    const { screenNoise, screened } = recordingScreen();
    const { listener, metrics, sink } = await start(reader, { screenNoise, maxMessageBytes: 100 });
    try {
      const datagrams = ['noise 1', 'first', 'noise 2', 'x'.repeat(101), 'second', 'noise 3'];
      // Sent in one go, so the recvmmsg reader may hand several over in one batch (an oversized one among them).
      await Promise.all(datagrams.map((d) => send(listener.port, d)));
      await sink.until(() => sink.messages.length === 2 && sink.rejections.length === 1, 'the two others and the oversized one');
      await waitFor('every datagram received', async () => (await metricValue(metrics.messagesReceived, { transport: 'udp' })) === 5);
      assert.deepEqual(sink.messages.map((m) => m.text), ['first', 'second']);
      assert.deepEqual(screened.map((s) => s.text), ['noise 1', 'first', 'noise 2', 'second', 'noise 3']);
      assert.ok(screened.every((s) => s.source === '127.0.0.1' && s.transport === 'udp'));
      assert.equal(await metricValue(metrics.bytesReceived, { transport: 'udp' }), datagrams.join('').length);
    } finally {
      await listener.close();
    }
  });

  test('an allowed source passes the allow-list', async () => {
    const { listener, sink } = await start(reader, { allow: parseAllowList('10.0.0.0/8, 127.0.0.0/8') });
    try {
      await send(listener.port, CERT_ALARM);
      await sink.until(() => sink.messages.length === 1, 'the message');
      assert.equal(sink.rejections.length, 0);
    } finally {
      await listener.close();
    }
  });

  test('IPv6 socket: a loopback datagram arrives', async (t) => {
    const metrics = createMetrics();
    const sink = collector();
    let listener;
    try {
      listener = await startUdpListener({ reader, host: '::1', port: 0, maxMessageBytes: 2048, recvBufferBytes: 65536, onMessage: sink.onMessage, onReject: sink.onReject, logger: pino({ level: 'silent' }), metrics, dropsPollMs: 0 });
    } catch {
      t.skip('no IPv6 loopback in this environment');
      return;
    }
    const s6 = dgram.createSocket('udp6');
    try {
      await new Promise<void>((resolve, reject) => s6.send('v6 hello', listener.port, '::1', (err) => (err ? reject(err) : resolve())));
      await sink.until(() => sink.messages.length === 1, 'the message');
      assert.equal(sink.messages[0]!.meta.remoteAddress, '::1');
      const drops = await listener.kernelDrops();
      assert.equal(drops.socketDrops, 0, 'our udp6 socket is found in /proc/net/udp6');
    } finally {
      s6.close();
      await listener.close();
    }
  });
});

describe(`UDP receive buffer (${reader})`, { skip }, () => {
  const rmemMax = (() => {
    try {
      return Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim());
    } catch {
      return undefined;
    }
  })();

  const cases = rmemMax === undefined ? [] : [
    { title: 'a request within net.core.rmem_max is granted without a warning', requested: Math.min(65536, rmemMax), capped: false },
    { title: 'a request above net.core.rmem_max is capped and the sysctl line is logged', requested: rmemMax * 4, capped: true },
    // Linux reports twice what it granted: 2 x rmem_max >= rmem_max + 4096, yet the request was cut.
    { title: 'a request just above net.core.rmem_max is reported capped despite the doubled figure', requested: rmemMax + 4096, capped: true },
  ];
  for (const c of cases) {
    test(c.title, async () => {
      const { logger, lines } = capturingLogger();
      const { listener } = await start(reader, { recvBufferBytes: c.requested, logger });
      try {
        const warning = lines.find((l) => l.event === 'UdpRecvBufferCapped');
        if (c.capped) {
          assert.ok(warning, 'a UdpRecvBufferCapped warning');
          assert.ok((warning.grantedBytes as number) < c.requested);
          assert.equal(warning.level, 40);
          assert.match(warning.msg, new RegExp(`sysctl -w net\\.core\\.rmem_max=${c.requested}\\b`));
          assert.equal(warning.effectiveBytes, listener.effectiveRecvBufferBytes);
        } else {
          assert.ok(listener.effectiveRecvBufferBytes >= c.requested);
          assert.equal(warning, undefined);
          assert.ok(lines.some((l) => l.event === 'UdpRecvBuffer' && l.effectiveBytes === listener.effectiveRecvBufferBytes));
        }
        assert.ok(lines.some((l) => l.event === 'SyslogListening' && l.port === listener.port));
      } finally {
        await listener.close();
      }
    });
  }
});

describe(`UDP kernel drops (${reader})`, { skip }, () => {
  /** Sends `total` datagrams while this process is blocked in execFileSync, so a tiny receive buffer must overflow. */
  function flood(port: number, total: number): void {
    execFileSync(process.execPath, ['-e', `
      const s = require('node:dgram').createSocket('udp4');
      let sent = 0; const msg = Buffer.alloc(200, 0x61);
      const next = () => { if (sent === ${total}) return s.close(); sent++; s.send(msg, ${port}, '127.0.0.1', next); };
      next();`]);
  }

  test('drops of our own socket are read from /proc/net/udp and account for every lost datagram', async (t) => {
    const { listener, metrics, sink } = await start(reader, { recvBufferBytes: 4096 });
    try {
      const before = await listener.kernelDrops();
      if (before.socketDrops === null) {
        t.skip('/proc/net/udp not readable here');
        return;
      }
      assert.equal(before.socketDrops, 0);
      const total = 3000;
      flood(listener.port, total);
      const drops = await listener.kernelDrops();
      assert.ok(drops.socketDrops! > 0, 'some datagrams were dropped');
      await sink.until(() => sink.messages.length + drops.socketDrops! === total, 'every datagram received or dropped');
      assert.equal(await metricValue(metrics.udpSocketDrops), drops.socketDrops);
      assert.equal(typeof drops.namespaceRcvbufErrors, 'number');
    } finally {
      await listener.close();
    }
  });

  test('the drops counter only grows across a socket restart: a new socket\'s 0 does not reset it', async (t) => {
    const first = await start(reader, { recvBufferBytes: 4096 });
    const metrics = first.metrics;
    let firstDrops: number;
    try {
      flood(first.listener.port, 3000);
      const drops = await first.listener.kernelDrops();
      if (drops.socketDrops === null) {
        t.skip('/proc/net/udp not readable here');
        return;
      }
      firstDrops = drops.socketDrops;
      assert.ok(firstDrops > 0, 'some datagrams were dropped');
    } finally {
      await first.listener.close();
    }
    const second = await start(reader, { recvBufferBytes: 4096, metrics });
    try {
      assert.equal((await second.listener.kernelDrops()).socketDrops, 0, 'the new socket starts at 0');
      assert.equal(await metricValue(metrics.udpSocketDrops), firstDrops);
      flood(second.listener.port, 3000);
      const secondDrops = (await second.listener.kernelDrops()).socketDrops!;
      assert.ok(secondDrops > 0);
      assert.equal(await metricValue(metrics.udpSocketDrops), firstDrops + secondDrops);
    } finally {
      await second.listener.close();
    }
  });
});
}
