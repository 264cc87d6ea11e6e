// Zero-configuration service (embedded redis-server, outbox mail) fed over real UDP, TCP and TLS sockets; the
// result is read back through the API and /metrics, as an administrator would.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { certAlarmLine, noiseLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { waitFor } from '../support/wait-for.js';

const DAY = 86_400_000;

interface Item {
  id: string;
  node: string;
  unit: string;
  certificate: string;
  urgency: string;
  expiresAt: string | null;
  expiresAtPrecision: string;
  occurrences: number;
  nodes: string[];
}

function makeTlsFiles(): { cert: string; key: string; ca: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cw-tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=certwatch test CA',
  );
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  const ext = join(dir, 'ext.cnf');
  execFileSync('sh', ['-c', `printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ${ext}`]);
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    ext,
  );
  return { cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') };
}

function octetFrame(line: string): Buffer {
  const body = Buffer.from(line);
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}

describe('ingest over real sockets, zero configuration', () => {
  let service: TestService;
  let tls: ReturnType<typeof makeTlsFiles>;

  before(async () => {
    tls = makeTlsFiles();
    // No REDIS_URL, no SMTP_URL: the embedded redis-server and the outbox, as a new user gets them.
    service = await startTestService({
      SYSLOG_TLS_CERT: tls.cert,
      SYSLOG_TLS_KEY: tls.key,
      MAIL_GROUP_WINDOW_MS: '100',
      MAIL_INTAKE_PORT: '0',
    });
  });
  after(async () => {
    await service.stop();
  });

  async function items(): Promise<Item[]> {
    const { status, body } = await service.api<{ items: Item[] }>('/api/v1/expiries');
    assert.equal(status, 200);
    return body.items;
  }

  test('UDP: a certificate alarm becomes a ticket with the inferred expiry; noise is counted', async () => {
    const now = Date.now();
    const expires = new Date(now + 3 * DAY);
    await new Promise<void>((resolve, reject) => {
      const socket = createSocket('udp4');
      const lines = [
        noiseLine('UDPNODE', new Date(now)),
        certAlarmLine({
          node: 'UDPNODE',
          unit: 'CallManager',
          certificate: 'CallManager.der',
          alarm: 'CertValidfor7days',
          at: new Date(now),
          expires,
        }),
      ];
      let pending = lines.length;
      for (const line of lines) socket.send(Buffer.from(line), service.ports.udp!, '127.0.0.1', (e) => {
        if (e) reject(e);
        if (--pending === 0) {
          socket.close();
          resolve();
        }
      });
    });
    const item = await waitFor('UDP ticket', async () => (await items()).find((i) => i.node === 'UDPNODE'));
    assert.equal(item.unit, 'CallManager');
    assert.equal(item.urgency, 'week');
    // The Message was cut before the year: the expiry is inferred, to the minute at least.
    assert.equal(item.expiresAtPrecision, 'inferred');
    assert.ok(
      item.expiresAt && Math.abs(Date.parse(item.expiresAt) - expires.getTime()) < 60_000,
      `inferred ${item.expiresAt} vs ${expires.toISOString()}`,
    );
    assert.ok((await service.metric('certwatch_messages_received_total', { transport: 'udp' })) >= 2);
    assert.ok((await service.metric('certwatch_messages_noise_total', { transport: 'udp' })) >= 1);
    assert.ok((await service.metric('certwatch_certificate_events_total', { alarm: 'CertValidfor7days' })) >= 1);
  });

  test('TCP: octet counting and newline framing on one connection; an oversized frame is skipped, not fatal', async () => {
    const now = Date.now();
    const a = certAlarmLine({
      node: 'TCPNODE',
      unit: 'TVS',
      certificate: 'TVS.der',
      alarm: 'CertExpired',
      at: new Date(now),
      expires: new Date(now - DAY),
    });
    const b = certAlarmLine({
      node: 'TCPNODE',
      unit: 'CAPF',
      certificate: 'CAPF.der',
      alarm: 'CertValidLessthanADay',
      at: new Date(now),
      expires: new Date(now + DAY / 2),
    });
    const c = certAlarmLine({
      node: 'TCPNODE',
      unit: 'ipsec',
      certificate: 'ipsec.der',
      alarm: 'CertValidfor7days',
      at: new Date(now),
      expires: new Date(now + 4 * DAY),
    });
    const socket = netConnect(service.ports.tcp!, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(octetFrame(a));
    socket.write(`${'x'.repeat(20_000)}\n`); // over SYSLOG_MAX_MESSAGE_BYTES
    socket.write(`${b}\n`);
    socket.write(octetFrame(c));
    await waitFor('three TCP tickets', async () => (await items()).filter((i) => i.node === 'TCPNODE').length === 3);
    assert.ok(!socket.destroyed, 'the connection survived the bad frame');
    socket.end();
    const byUnit = Object.fromEntries(
      (await items()).filter((i) => i.node === 'TCPNODE').map((i) => [i.unit, i.urgency]),
    );
    assert.deepEqual(byUnit, { TVS: 'expired', CAPF: 'day', ipsec: 'week' });
    assert.ok(
      (await service.metric('certwatch_messages_rejected_total', { transport: 'tcp', reason: 'oversized' })) >= 1,
    );
  });

  test('TLS: the same alarms over TLS (certificate made with openssl at test time)', async () => {
    const now = Date.now();
    const line = certAlarmLine({
      node: 'TLSNODE',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: new Date(now),
      expires: new Date(now + 2 * DAY),
    });
    const socket = tlsConnect({
      port: service.ports.tls!,
      host: '127.0.0.1',
      ca: readFileSync(tls.ca),
      servername: 'localhost',
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    });
    socket.write(octetFrame(line));
    await waitFor('TLS ticket', async () => (await items()).some((i) => i.node === 'TLSNODE'));
    socket.end();
    assert.ok((await service.metric('certwatch_messages_received_total', { transport: 'tls' })) >= 1);
  });

  test('SMTP intake: an RTMT alert e-mail sent to certwatch yields its nested certificate alarm', async () => {
    const raw = readFileSync('samples/rtmt-mail/with-headers-quoted-printable.txt', 'utf8');
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: service.ports.smtp!,
      secure: false,
      ignoreTLS: true,
    });
    const before = await service.metric('certwatch_certificate_events_total', { via: 'rtmt-mail' });
    const info = await transport.sendMail({
      envelope: { from: 'rtmt@cucm.example.net', to: ['certwatch@example.net'] },
      raw,
    });
    assert.match(String(info.response), /^250/);
    assert.ok(
      (await service.metric('certwatch_certificate_events_total', { via: 'rtmt-mail' })) > before,
      'accepted before the 250 was sent',
    );
    assert.equal(await service.metric('certwatch_messages_received_total', { transport: 'smtp' }), 1);
    transport.close();
  });

  test('empty datagrams (nothing, CRLF only, NUL only) are empty rejections, not noise (issue 9, defect 13)', async () => {
    const socket = createSocket('udp4');
    const noiseBefore = await service.metric('certwatch_messages_noise_total', { transport: 'udp' });
    const emptyBefore = await service.metric('certwatch_messages_rejected_total', {
      transport: 'udp',
      reason: 'empty',
    });
    for (const b of [Buffer.alloc(0), Buffer.from('\r\n'), Buffer.from('\0\0\0')]) {
      await new Promise<void>((r) => socket.send(b, service.ports.udp!, '127.0.0.1', () => r()));
    }
    socket.close();
    await waitFor(
      'three empty rejections',
      async () =>
        (await service.metric('certwatch_messages_rejected_total', { transport: 'udp', reason: 'empty' })) -
          emptyBefore ===
          3 || null,
    );
    assert.equal(await service.metric('certwatch_messages_noise_total', { transport: 'udp' }), noiseBefore);
  });

  test('TCP: an empty octet-counted frame ("0 ") is an empty rejection and the frames after it arrive (issue 9, defect 11)', async () => {
    const now = Date.now();
    const line = certAlarmLine({
      node: 'ZERONODE',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: new Date(now),
      expires: new Date(now + 4 * DAY),
    });
    const socket = netConnect(service.ports.tcp!, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(Buffer.concat([Buffer.from('0 '), octetFrame(line)]));
    await waitFor(
      'the ticket after the empty frame',
      async () => (await items()).some((i) => i.node === 'ZERONODE') || null,
    );
    assert.ok((await service.metric('certwatch_messages_rejected_total', { transport: 'tcp', reason: 'empty' })) >= 1);
    socket.end();
  });

  test('garbage, invalid UTF-8 and half messages are counted rejections; the service keeps working', async () => {
    const socket = createSocket('udp4');
    const bad = [
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x55, 0x43, 0x5f, 0x43, 0x45, 0x52, 0x54]),
      Buffer.concat([
        Buffer.from(
          '<187>1: CUCM9: %UC_CERT-2-CertValidfor7days: %[Message=Certificate expiration Notification. Certificate name:',
        ),
        Buffer.from([0xc3, 0x28]),
      ]),
      Buffer.from('<187>2: CUCM9: Sep 05 2014 00:00:06.433 UTC : %UC_CERT-2-CertValidfor7days: %[Mess'),
    ];
    for (const b of bad) await new Promise<void>((r) => socket.send(b, service.ports.udp!, '127.0.0.1', () => r()));
    // Pure garbage without any certificate keyword is a rejection too, not noise.
    await new Promise<void>((r) =>
      socket.send(Buffer.from([0x80, 0x81, 0xfe, 0xff, 0x00, 0x41]), service.ports.udp!, '127.0.0.1', () => r()),
    );
    await waitFor(
      'rejections counted',
      async () => (await service.metric('certwatch_messages_rejected_total', { transport: 'udp' })) >= 4,
    );
    assert.ok((await service.metric('certwatch_messages_rejected_total', { transport: 'udp', reason: 'binary' })) >= 1);
    socket.close();
    const { status } = await service.api('/healthz');
    assert.equal(status, 200);
  });

  test('the outbox receives the mails and /readyz is ready', async () => {
    await waitFor('outbox mail', () => {
      try {
        return readdirSync(join(service.dataDir, 'outbox')).some((f) => f.endsWith('.eml'));
      } catch {
        return false;
      }
    });
    const eml = readdirSync(join(service.dataDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    const text = readFileSync(join(service.dataDir, 'outbox', eml[0]!), 'utf8');
    assert.match(text, /^Message-ID: </m);
    assert.match(text, /^X-Certwatch-(Ticket|Group):\s+\S/m);
    const ready = await service.api<{ status: string }>('/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, 'ready');
  });
});
