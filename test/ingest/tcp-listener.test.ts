// TCP and TLS listeners over real loopback sockets: framing, recovery, limits, idle timeout, allow-list, TLS, shutdown.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { execFileSync, spawnSync } from 'node:child_process';
import { pino } from 'pino';
import { createMetrics } from '../../src/observability/metrics.js';
import { parseAllowList } from '../../src/ingest/allow-list.js';
import { startTcpListener, type TcpListenerOptions } from '../../src/ingest/tcp-listener.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/wait-for.js';
import { closed, collector, makeTestPki, octet, recordingScreen, type Collected, type TestPki } from './harness.js';

const CERT_ALARM =
  '<187>864: CUCM02.localdomain: Sep 05 2014 00:00:06.433 UTC : %UC_CERT-2-CertValidfor7days: %[Message=Certificate expiration Notification. Certificate name:CUCM01.der Unit:tomcat-trust Type:own-cert Expiration:Mon May 19 14:46:][AppID=Cisco Certificate Monitor][ClusterID=][NodeID=CUCM02]: Alarm to indicate that Certificate has Expired or Expires in less than seven days';
const NOISE_NO_PRI =
  '41679: uc-ucm-01.pcce.local: Jul 02 2015 06:22:31 UTC : %UC_CALLMANAGER-3-EndPointUnregistered: %[DeviceName=SEPE0D1730A8137][AppID=Cisco CallManager][ClusterID=StandAloneCluster][NodeID=uc-ucm-01]: An endpoint has unregistered';

async function start(overrides: Partial<TcpListenerOptions> = {}, sink: Collected = collector()) {
  const metrics = createMetrics();
  const listener = await startTcpListener({
    host: '127.0.0.1', port: 0, maxConnections: 10, idleTimeoutMs: 10_000, maxFrameBytes: 2048,
    onMessage: sink.onMessage, onReject: sink.onReject, logger: pino({ level: 'silent' }), metrics, closeGraceMs: 500,
    ...overrides,
  });
  return { listener, metrics, sink };
}

async function connect(port: number, options: net.NetConnectOpts = { port }): Promise<net.Socket> {
  const socket = net.connect({ ...options, port, host: '127.0.0.1' });
  socket.on('error', () => {}); // resets by the server are part of several tests
  await once(socket, 'connect');
  return socket;
}

describe('TCP listener: framing on real connections', () => {
  test('octet-counted and newline frames on one connection, written in odd chunks', async () => {
    const { listener, metrics, sink } = await start();
    const client = await connect(listener.port);
    try {
      const stream = Buffer.from(`${octet(CERT_ALARM)}${NOISE_NO_PRI}\r\n${octet('<13>third')}`);
      for (let i = 0; i < stream.length; i += 37) {
        client.write(stream.subarray(i, i + 37));
      }
      await sink.until(() => sink.messages.length === 3, 'three frames');
      assert.deepEqual(sink.messages.map((m) => m.text), [CERT_ALARM, NOISE_NO_PRI, '<13>third']);
      assert.equal(sink.messages[0]!.meta.transport, 'tcp');
      assert.equal(sink.messages[0]!.meta.remoteAddress, '127.0.0.1');
      assert.equal(await metricValue(metrics.messagesReceived, { transport: 'tcp' }), 3);
      assert.equal(await metricValue(metrics.bytesReceived, { transport: 'tcp' }), stream.length);
      assert.equal(await metricValue(metrics.tcpConnections, { transport: 'tcp' }), 1);
    } finally {
      client.destroy();
      await listener.close();
    }
  });

  const badFrames: { title: string; bad: string; reason: string }[] = [
    { title: 'oversized octet-counted frame', bad: octet('x'.repeat(300)), reason: 'oversized' },
    { title: 'oversized newline frame', bad: `${'x'.repeat(300)}\n`, reason: 'oversized' },
    { title: 'octet count with a leading zero', bad: '0099 junk\n', reason: 'bad-octet-count' },
  ];
  for (const c of badFrames) {
    test(`${c.title}: rejected and counted, the same connection goes on`, async () => {
      const { listener, metrics, sink } = await start({ maxFrameBytes: 256 });
      const client = await connect(listener.port);
      try {
        client.write(`${octet('<13>before')}${c.bad}${octet('<13>after')}`);
        await sink.until(() => sink.messages.length === 2, 'the frames around the bad one');
        assert.deepEqual(sink.messages.map((m) => m.text), ['<13>before', '<13>after']);
        assert.deepEqual(sink.rejections.map((r) => r.reason), [c.reason]);
        assert.equal(await metricValue(metrics.rejected, { transport: 'tcp', reason: c.reason }), 1);
        client.write('<13>still open\n');
        await sink.until(() => sink.messages.length === 3, 'a frame after the recovery');
        assert.equal(client.destroyed, false);
        assert.equal(listener.connections(), 1);
      } finally {
        client.destroy();
        await listener.close();
      }
    });
  }

  test('an unterminated last line is delivered when the peer closes', async () => {
    const { listener, sink } = await start();
    const client = await connect(listener.port);
    client.end('<13>no newline at the end');
    await sink.until(() => sink.messages.length === 1, 'the flushed line');
    assert.equal(sink.messages[0]!.text, '<13>no newline at the end');
    await listener.close();
  });

  test('a cut octet-counted frame is counted incomplete when the peer closes', async () => {
    const { listener, metrics, sink } = await start();
    const client = await connect(listener.port);
    client.end('100 only a part');
    await sink.until(() => sink.rejections.length === 1, 'the rejection');
    assert.equal(sink.rejections[0]!.reason, 'incomplete');
    assert.equal(await metricValue(metrics.rejected, { transport: 'tcp', reason: 'incomplete' }), 1);
    await listener.close();
  });
});

describe('TCP listener: limits', () => {
  test('connections over maxConnections are closed and counted', async () => {
    const { listener, metrics, sink } = await start({ maxConnections: 2 });
    const a = await connect(listener.port);
    const b = await connect(listener.port);
    try {
      a.write('<13>a\n');
      b.write('<13>b\n');
      await sink.until(() => sink.messages.length === 2, 'both accepted connections are served');
      const c = await connect(listener.port);
      await closed(c);
      await sink.until(() => sink.rejections.length === 1, 'the rejection');
      assert.equal(sink.rejections[0]!.reason, 'too-many-connections');
      assert.equal(await metricValue(metrics.rejected, { transport: 'tcp', reason: 'too-many-connections' }), 1);
      assert.equal(listener.connections(), 2);
      // A slot frees up when a client leaves.
      a.destroy();
      await waitFor('the server to see a close', () => listener.connections() === 1, 5000);
      const d = await connect(listener.port);
      d.write('<13>d\n');
      await sink.until(() => sink.messages.some((m) => m.text === '<13>d'), 'the new connection is served');
      d.destroy();
    } finally {
      a.destroy();
      b.destroy();
      await listener.close();
    }
  });

  test('an idle connection is closed and counted; its unterminated line is flushed', async () => {
    const { listener, metrics, sink } = await start({ idleTimeoutMs: 150 });
    const client = await connect(listener.port);
    client.write('<13>partial');
    await closed(client);
    await sink.until(() => sink.rejections.length === 1 && sink.messages.length === 1, 'rejection and flush');
    assert.equal(sink.rejections[0]!.reason, 'idle-timeout');
    assert.equal(sink.messages[0]!.text, '<13>partial');
    assert.equal(await metricValue(metrics.rejected, { transport: 'tcp', reason: 'idle-timeout' }), 1);
    await waitFor('the server to drop the connection', () => listener.connections() === 0, 5000);
    assert.equal(await metricValue(metrics.tcpConnections, { transport: 'tcp' }), 0);
    await listener.close();
  });

  test('a source outside SYSLOG_ALLOW is closed at once and counted', async () => {
    const { listener, metrics, sink } = await start({ allow: parseAllowList('10.0.0.0/8') });
    const client = await connect(listener.port);
    client.write('<13>refused\n');
    await closed(client);
    await sink.until(() => sink.rejections.length === 1, 'the rejection');
    assert.equal(sink.rejections[0]!.reason, 'not-allowed');
    assert.equal(sink.rejections[0]!.meta.remoteAddress, '127.0.0.1');
    assert.equal(sink.messages.length, 0);
    assert.equal(await metricValue(metrics.rejected, { transport: 'tcp', reason: 'not-allowed' }), 1);
    assert.equal(await metricValue(metrics.bytesReceived, { transport: 'tcp' }), 0);
    await listener.close();
  });
});

describe('TCP listener: ordered shutdown', () => {
  test('close() half-closes, frames what the peer still sends, and destroys a silent peer after the grace', async () => {
    const { listener, sink } = await start({ closeGraceMs: 300 });
    const polite = await connect(listener.port, { port: 0, allowHalfOpen: true });
    const silent = await connect(listener.port);
    polite.write('<13>first\n<13>par');
    silent.write('<13>silent partial');
    await sink.until(() => sink.messages.length === 1, 'the first frame');
    // The polite peer finishes its line when it sees our FIN, then closes.
    polite.on('end', () => polite.end('tial\n'));
    await listener.close();
    assert.equal(listener.connections(), 0);
    assert.deepEqual(sink.messages.map((m) => m.text).sort(), ['<13>first', '<13>partial', '<13>silent partial']);
    await closed(silent);
    // No new connection is accepted after close().
    await assert.rejects(connect(listener.port));
  });
});

describe('TLS listener', () => {
  let pki: TestPki;
  before(() => { pki = makeTestPki(); });
  after(() => pki.cleanup());

  function tlsConnect(port: number, ca: string, extra: tls.ConnectionOptions = {}): tls.TLSSocket {
    const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca, ...extra });
    socket.on('error', () => {});
    return socket;
  }

  test('frames arrive over TLS with transport tls; a failed handshake is counted and the listener keeps serving', async () => {
    const { listener, metrics, sink } = await start({ tls: { cert: pki.certPem, key: pki.keyPem } });
    try {
      assert.equal(listener.transport, 'tls');
      // 1. Plain text to a TLS port.
      const plain = await connect(listener.port);
      plain.write('<13>this is not TLS\n');
      await closed(plain);
      // 2. A client that only offers cipher suites our RSA certificate cannot serve: no shared cipher.
      const mismatched = tlsConnect(listener.port, pki.caPem, {
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256',
      });
      await closed(mismatched as unknown as net.Socket);
      await sink.until(() => sink.rejections.length === 2, 'two handshake failures');
      assert.deepEqual(sink.rejections.map((r) => r.reason), ['tls-handshake', 'tls-handshake']);
      assert.equal(await metricValue(metrics.rejected, { transport: 'tls', reason: 'tls-handshake' }), 2);
      // 3. A proper client.
      const client = tlsConnect(listener.port, pki.caPem);
      await once(client, 'secureConnect');
      assert.equal(client.authorized, true);
      client.write(`${octet(CERT_ALARM)}${NOISE_NO_PRI}\n`);
      await sink.until(() => sink.messages.length === 2, 'two TLS frames');
      assert.deepEqual(sink.messages.map((m) => m.text), [CERT_ALARM, NOISE_NO_PRI]);
      assert.equal(sink.messages[0]!.meta.transport, 'tls');
      assert.equal(await metricValue(metrics.messagesReceived, { transport: 'tls' }), 2);
      assert.equal(await metricValue(metrics.tcpConnections, { transport: 'tls' }), 1);
      client.end();
      await closed(client as unknown as net.Socket);
    } finally {
      await listener.close();
    }
  });

  test('oversized frame recovery works over TLS too', async () => {
    const { listener, sink } = await start({ tls: { cert: pki.certPem, key: pki.keyPem }, maxFrameBytes: 64 });
    const client = tlsConnect(listener.port, pki.caPem);
    try {
      await once(client, 'secureConnect');
      client.write(`${'y'.repeat(5000)}\n<13>after\n`);
      await sink.until(() => sink.messages.length === 1, 'the frame after the oversized one');
      assert.deepEqual(sink.rejections.map((r) => r.reason), ['oversized']);
      assert.equal(sink.messages[0]!.text, '<13>after');
    } finally {
      client.destroy();
      await listener.close();
    }
  });

  test('a stalled handshake is closed by the idle timeout', async () => {
    const { listener, sink } = await start({ tls: { cert: pki.certPem, key: pki.keyPem }, idleTimeoutMs: 150 });
    const client = await connect(listener.port);
    await closed(client);
    await sink.until(() => sink.rejections.some((r) => r.reason === 'idle-timeout'), 'the idle timeout');
    await listener.close();
  });
});

describe('TCP with util-linux logger', () => {
  const hasLogger = spawnSync('logger', ['--help'], { stdio: 'ignore' }).status === 0;
  const cases = [
    { title: 'logger -T (newline framing)', args: [] as string[] },
    { title: 'logger -T --octet-count', args: ['--octet-count'] },
  ];
  for (const c of cases) {
    test(c.title, { skip: !hasLogger && 'logger(1) not installed' }, async () => {
      const { listener, sink } = await start();
      try {
        const send = (...message: string[]) =>
          execFileSync('logger', ['-T', ...c.args, '-n', '127.0.0.1', '-P', String(listener.port), '-t', 'certwatch-test',
            ...message]);
        send('first message');
        send('--rfc3164', 'second message');
        await sink.until(() => sink.messages.length === 2, 'both logger messages');
        assert.match(sink.messages[0]!.text, /^<\d+>1 .*certwatch-test.*first message$/);
        assert.match(sink.messages[1]!.text, /^<\d+>[A-Z][a-z]{2} [ \d]\d .*certwatch-test.*second message$/);
      } finally {
        await listener.close();
      }
    });
  }
});

describe('TCP listener: robustness', () => {
  test('20 concurrent connections in random chunks: every frame arrives, in order per connection', async () => {
    const { listener, metrics, sink } = await start({ maxConnections: 32 });
    const perConnection = 300;
    const clients = await Promise.all(Array.from({ length: 20 }, () => connect(listener.port)));
    try {
      clients.forEach((client, c) => {
        let stream = '';
        for (let i = 0; i < perConnection; i++) {
          const msg = `<13>${i}: conn${c} ${NOISE_NO_PRI}`;
          stream += i % 2 === 0 ? octet(msg) : `${msg}\n`;
        }
        const bytes = Buffer.from(stream);
        let pos = 0;
        let seed = c + 1;
        while (pos < bytes.length) {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          const size = 1 + (seed % 700);
          client.write(bytes.subarray(pos, pos + size));
          pos += size;
        }
      });
      await sink.until(() => sink.messages.length === 20 * perConnection, 'every frame', 15_000);
      assert.equal(sink.rejections.length, 0);
      for (let c = 0; c < 20; c++) {
        const seqs = sink.messages
          .filter((m) => m.text.includes(` conn${c} `))
          .map((m) => Number(/^<13>(\d+):/.exec(m.text)![1]));
        assert.deepEqual(
          seqs,
          Array.from({ length: perConnection }, (_, i) => i),
          `connection ${c}`,
        );
      }
      assert.equal(await metricValue(metrics.tcpConnections, { transport: 'tcp' }), 20);
    } finally {
      for (const client of clients) client.destroy();
      await listener.close();
    }
  });

  test('thousands of frames in few chunks, handed over a few per turn: all in order, counters exact (issue 11)', async () => {
    const { listener, metrics, sink } = await start({ framesPerTurn: 7 });
    const client = await connect(listener.port);
    try {
      const messages = Array.from({ length: 3000 }, (_, i) => `<13>${i}: ${i % 3 === 0 ? NOISE_NO_PRI : 'short'}`);
      const stream = Buffer.from(messages.map((m, i) => (i % 5 === 0 ? `${m}\n` : octet(m))).join(''));
      for (let at = 0; at < stream.length; at += 100_000) client.write(stream.subarray(at, at + 100_000));
      await sink.until(() => sink.messages.length === messages.length, 'every frame', 15_000);
      assert.deepEqual(sink.messages.map((m) => m.text), messages);
      assert.equal(await metricValue(metrics.messagesReceived, { transport: 'tcp' }), messages.length);
      assert.equal(await metricValue(metrics.bytesReceived, { transport: 'tcp' }), stream.length);
    } finally {
      client.destroy();
      await listener.close();
    }
  });

  test('with a noise screen: the noise of a chunk stops there, the rest reach onMessage in order, all counted', async () => {
    const { screenNoise, screened } = recordingScreen();
    const { listener, metrics, sink } = await start({ screenNoise, framesPerTurn: 3 });
    const client = await connect(listener.port);
    try {
      const messages = Array.from({ length: 600 }, (_, i) => (i % 4 === 0 ? `alarm ${i}` : `noise ${i}`));
      // Octet and LF framing mixed, a frame split across writes, and lines starting with digits.
      const stream = Buffer.from(
        messages.map((m, i) => (i % 3 === 0 ? `${m}\n` : octet(i % 7 === 0 ? `${i}: ${m}` : m))).join(''),
      );
      for (let at = 0; at < stream.length; at += 997) {
        client.write(stream.subarray(at, at + 997));
        await new Promise((resolve) => setImmediate(resolve));
      }
      client.end();
      const framed = messages.map((m, i) => (i % 3 !== 0 && i % 7 === 0 ? `${i}: ${m}` : m));
      const stopped = () => screened.filter((s) => s.text.startsWith('noise')).length;
      await sink.until(
        () => sink.messages.length + stopped() === framed.length,
        'every frame, screened or handed over',
        15_000,
      );
      // A frame split across chunks is assembled and takes the long way: noise among them reaches onMessage too.
      const isNoise = (text: string) => text.startsWith('noise');
      assert.deepEqual(
        sink.messages.map((m) => m.text).filter((t) => !isNoise(t)),
        framed.filter((t) => !isNoise(t)),
      );
      assert.deepEqual(
        [...sink.messages.map((m) => m.text), ...screened.map((s) => s.text).filter(isNoise)].sort(),
        [...framed].sort(),
      );
      assert.ok(stopped() > framed.filter(isNoise).length / 2, 'most noise stopped at the screen');
      assert.ok(screened.every((s) => s.source === '127.0.0.1' && s.transport === 'tcp'));
      assert.equal(await metricValue(metrics.messagesReceived, { transport: 'tcp' }), messages.length);
    } finally {
      client.destroy();
      await listener.close();
    }
  });

  test('a frame held back by a busy accept side keeps the time it arrived (the accept latency includes the wait)', async () => {
    let busy = true;
    const { listener, sink, metrics } = await start({ isBusy: () => busy });
    const client = await connect(listener.port);
    try {
      const sent = performance.now();
      client.write(`${octet('<13>held one')}${octet('<13>held two')}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(sink.messages.length, 0, 'held back while busy');
      // Looked again every few milliseconds, each time counted: the hold is visible on /metrics.
      assert.ok((await metricValue(metrics.tcpHeldBack, { transport: 'tcp' })) >= 10);
      const released = performance.now();
      busy = false;
      await sink.until(() => sink.messages.length === 2, 'both frames after the release');
      for (const m of sink.messages) {
        assert.ok(
          m.meta.receivedAtPerf !== undefined &&
            m.meta.receivedAtPerf >= sent &&
            m.meta.receivedAtPerf < released - 200,
          `arrival ${m.meta.receivedAtPerf} between sending (${sent}) and well before the release (${released})`,
        );
        assert.ok(
          Math.abs(m.meta.receivedAt.getTime() - (Date.now() - (performance.now() - m.meta.receivedAtPerf))) < 50,
          'wall clock of the same instant',
        );
      }
    } finally {
      client.destroy();
      await listener.close();
    }
  });

  test('a throwing onMessage loses that message only; the connection keeps working', async () => {
    const sink = collector();
    let calls = 0;
    const { listener } = await start({
      onMessage: (bytes, meta) => {
        calls += 1;
        if (calls === 1) throw new Error('pipeline bug');
        sink.onMessage(bytes, meta);
      },
    }, sink);
    const client = await connect(listener.port);
    try {
      client.write('<13>one\n<13>two\n');
      await sink.until(() => sink.messages.length === 1, 'the second frame');
      assert.equal(sink.messages[0]!.text, '<13>two');
      assert.equal(client.destroyed, false);
    } finally {
      client.destroy();
      await listener.close();
    }
  });
});
