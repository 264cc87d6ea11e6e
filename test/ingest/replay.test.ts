// `certwatch replay`: argument handling, file reading, and real sends to the UDP and TCP listeners.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createMetrics } from '../../src/observability/metrics.js';
import { messagesOf, parseEndpoint, runReplay, type ReplayIo } from '../../src/cli/replay.js';
import { startUdpListener } from '../../src/ingest/udp-listener.js';
import { startTcpListener } from '../../src/ingest/tcp-listener.js';
import { collector } from './harness.js';

const CERT_ALARM =
  '<187>864: CUCM02.localdomain: Sep 05 2014 00:00:06.433 UTC : %UC_CERT-2-CertValidfor7days: %[Message=Certificate expiration Notification. Certificate name:CUCM01.der Unit:tomcat-trust Type:own-cert Expiration:Mon May 19 14:46:][AppID=Cisco Certificate Monitor][ClusterID=][NodeID=CUCM02]: Alarm to indicate that Certificate has Expired or Expires in less than seven days';
const NOISE = 'Jun 17 16:14:19 hcs862-hcm-f local7 2 : 6: hcs862-hcm-f.example.net: Jun 17 2019 14:14:19.781 UTC : %UC_SERVICEMANAGER-2-ServiceStartFailed: %[ServiceName=Cisco RTMT Web Service][AppID=Cisco Service Manager][ClusterID=][NodeID=hcs862-hcm-f]: Failed to start service.';
const BINARY = Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0x00, 0xff, 0x0a, 0x0d, 0x41, 0x0a]);

function captureIo(): ReplayIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

describe('replay: endpoints', () => {
  const cases: { title: string; text: string; expected: { host: string; port: number } | null }[] = [
    { title: 'IPv4 and port', text: '127.0.0.1:5514', expected: { host: '127.0.0.1', port: 5514 } },
    { title: 'host name and port', text: 'localhost:601', expected: { host: 'localhost', port: 601 } },
    { title: 'bracketed IPv6', text: '[::1]:6514', expected: { host: '::1', port: 6514 } },
    { title: 'bare IPv6 is ambiguous', text: '::1:6514', expected: null },
    { title: 'missing port', text: '127.0.0.1', expected: null },
    { title: 'port 0', text: '127.0.0.1:0', expected: null },
    { title: 'port too large', text: '127.0.0.1:65536', expected: null },
  ];
  for (const c of cases) test(c.title, () => assert.deepEqual(parseEndpoint(c.text), c.expected));
});

describe('replay: files', () => {
  const cases: { title: string; path: string; content: Buffer; expected: string[] | null }[] = [
    { title: '.log: one message per line, comments and blanks skipped, CR stripped', path: 'a.log', content: Buffer.from(`# source: x\n\n${NOISE}\r\n  \n${CERT_ALARM}`), expected: [NOISE, CERT_ALARM] },
    { title: '.txt works like .log', path: 'b.TXT', content: Buffer.from('one\ntwo\n'), expected: ['one', 'two'] },
    { title: '.bin is one raw message', path: 'c.bin', content: BINARY, expected: [BINARY.toString('latin1')] },
    { title: 'empty .bin sends nothing', path: 'd.bin', content: Buffer.alloc(0), expected: [] },
    { title: 'unknown extension', path: 'mail.eml', content: Buffer.from('x'), expected: null },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const got = messagesOf(c.path, c.content);
      assert.deepEqual(got === null ? null : got.map((m) => m.toString('latin1')), c.expected);
    });
  }
});

describe('replay: usage errors', () => {
  const cases: { title: string; args: string[]; code: number; message: RegExp }[] = [
    { title: 'no transport', args: ['x.log'], code: 2, message: /exactly one of --udp/ },
    { title: 'both transports', args: ['x.log', '--udp', '127.0.0.1:1', '--tcp', '127.0.0.1:1'], code: 2, message: /exactly one of --udp/ },
    { title: 'bad endpoint', args: ['x.log', '--udp', 'nowhere'], code: 2, message: /HOST:PORT/ },
    { title: 'no file', args: ['--udp', '127.0.0.1:5514'], code: 2, message: /no FILE/ },
    { title: 'bad rate', args: ['x.log', '--udp', '127.0.0.1:5514', '--rate', 'fast'], code: 2, message: /--rate/ },
    { title: 'unknown option', args: ['x.log', '--udp', '127.0.0.1:5514', '--bogus'], code: 2, message: /bogus/ },
    { title: 'missing file', args: ['/nonexistent/x.log', '--udp', '127.0.0.1:5514'], code: 1, message: /cannot read/ },
  ];
  for (const c of cases) {
    test(c.title, async () => {
      const io = captureIo();
      assert.equal(await runReplay(c.args, io), c.code);
      assert.match(io.errors.join('\n'), c.message);
    });
  }
});

describe('replay: sends to real listeners', () => {
  let dir: string;
  let logFile: string;
  let binFile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'certwatch-replay-'));
    logFile = join(dir, 'cucm.log');
    binFile = join(dir, 'hostile.bin');
    writeFileSync(logFile, `# a comment\n${NOISE}\n\n${CERT_ALARM}\n`);
    writeFileSync(binFile, BINARY);
    writeFileSync(join(dir, 'notes.md'), 'not a sample');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('--udp sends every line and the .bin file as datagrams, paced by --rate', async () => {
    const sink = collector();
    const listener = await startUdpListener({
      host: '127.0.0.1', port: 0, maxMessageBytes: 8192, recvBufferBytes: 1 << 20, onMessage: sink.onMessage, onReject: sink.onReject,
      logger: pino({ level: 'silent' }), metrics: createMetrics(), dropsPollMs: 0,
    });
    try {
      const io = captureIo();
      const started = performance.now();
      assert.equal(await runReplay([logFile, binFile, join(dir, 'notes.md'), '--udp', `127.0.0.1:${listener.port}`, '--rate', '20'], io), 0);
      // 3 messages at 20/s: the last one is due 100 ms after the first.
      assert.ok(performance.now() - started >= 95, 'paced');
      await sink.until(() => sink.messages.length === 3, 'three datagrams');
      assert.deepEqual(sink.messages.map((m) => m.text), [NOISE, CERT_ALARM, BINARY.toString('utf8')]);
      assert.match(io.lines.join('\n'), /skipped .*notes\.md/);
      assert.match(io.lines.join('\n'), /sent 2 messages from cucm\.log/);
      assert.match(io.lines.join('\n'), new RegExp(`sent 3 messages \\(\\d+ bytes\\) to udp://127\\.0\\.0\\.1:${listener.port}`));
    } finally {
      await listener.close();
    }
  });

  test('--tcp sends octet-counted frames, so the binary message with LF and CR arrives intact', async () => {
    const sink = collector();
    const listener = await startTcpListener({
      host: '127.0.0.1', port: 0, maxConnections: 4, idleTimeoutMs: 5000, maxFrameBytes: 8192,
      onMessage: sink.onMessage, onReject: sink.onReject, logger: pino({ level: 'silent' }), metrics: createMetrics(),
    });
    try {
      const io = captureIo();
      assert.equal(await runReplay([binFile, logFile, '--tcp', `127.0.0.1:${listener.port}`], io), 0);
      await sink.until(() => sink.messages.length === 3, 'three frames');
      assert.deepEqual(sink.messages.map((m) => m.text), [BINARY.toString('utf8'), NOISE, CERT_ALARM]);
      assert.equal(sink.rejections.length, 0);
      assert.match(io.lines.join('\n'), /unpaced/);
    } finally {
      await listener.close();
    }
  });

  test('a refused TCP connection is exit code 1 with a message', async () => {
    const listener = await startTcpListener({
      host: '127.0.0.1', port: 0, maxConnections: 1, idleTimeoutMs: 5000, maxFrameBytes: 8192,
      onMessage: () => {}, onReject: () => {}, logger: pino({ level: 'silent' }), metrics: createMetrics(),
    });
    const port = listener.port;
    await listener.close();
    const io = captureIo();
    assert.equal(await runReplay([logFile, '--tcp', `127.0.0.1:${port}`], io), 1);
    assert.match(io.errors.join('\n'), /sending to tcp:\/\/127\.0\.0\.1:\d+ failed/);
  });
});
