// Probe failures are named, never thrown, and end within the probe's limit: a closed port, a server that never
// answers, an oversize file, garbage instead of TLS, a truncated ITL, a wrong HTTP status.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { MAX_TFTP_FILE_BYTES, probeTftpFile, probeTls, probeUds } from '../../src/discovery/probe/index.js';
import { freePort } from '../support/free-port.js';
import { itlFile, simulatedCluster } from '../support/tlv-builder.js';

const listen = async <S extends Server | HttpServer>(server: S): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
const target = (port: number, timeoutMs = 2000) => ({ host: '127.0.0.1', port, timeoutMs });

describe('probe failures', () => {
  const servers: Server[] = [];
  let silent = 0;
  let garbage = 0;
  let files = 0;
  const itl = itlFile(simulatedCluster({ nodes: ['cucm-pub'] }), 'itlrecovery');

  before(async () => {
    // Accepts and never answers.
    const quiet = createNetServer(() => undefined);
    silent = await listen(quiet);
    // Answers anything with a line of text, as a non-TLS service on a TLS port would.
    const text = createNetServer((socket) => socket.end('220 not a TLS service\r\n'));
    garbage = await listen(text);
    const http = createHttpServer((request, response) => {
      if (request.url === '/ITLFile.tlv') response.end(itl.subarray(0, itl.length - 40));
      else if (request.url === '/CTLFile.tlv') response.writeHead(200).end(Buffer.alloc(MAX_TFTP_FILE_BYTES + 1));
      else response.writeHead(403).end();
    });
    files = await listen(http);
    servers.push(quiet, text, http);
  });
  after(() => {
    for (const server of servers) {
      (server as HttpServer).closeAllConnections?.();
      server.close();
    }
  });

  test('a closed port is refused', async () => {
    const port = await freePort();
    assert.deepEqual(await probeTls(target(port), 'tvs', 'any').then((o) => !o.ok && o.reason), 'refused');
    assert.deepEqual(await probeTftpFile(target(port), 'ITLFile.tlv').then((o) => !o.ok && o.reason), 'refused');
  });

  test('a server that never answers is a timeout within the limit', async () => {
    for (const probe of [
      () => probeTls(target(silent, 300), 'capf', 'any'),
      () => probeTftpFile(target(silent, 300), 'ITLFile.tlv'),
      () => probeUds(target(silent, 300)),
    ]) {
      const started = performance.now();
      const outcome = await probe();
      const ms = performance.now() - started;
      assert.equal(outcome.ok ? 'ok' : outcome.reason, 'timeout');
      assert.ok(ms >= 290 && ms < 800, `${ms} ms`);
    }
  });

  test('garbage instead of TLS is not-tls (TLS probe and UDS over HTTPS alike)', async () => {
    assert.equal(
      await probeTls(target(garbage), 'callmanager', 'rsa').then((o) => (o.ok ? 'ok' : o.reason)),
      'not-tls',
    );
    assert.equal(await probeUds(target(garbage)).then((o) => (o.ok ? 'ok' : o.reason)), 'not-tls');
  });

  test("an oversize file is too-large, a truncated ITL is the reader's `truncated`, plain HTTP on the UDS port is not-tls", async () => {
    assert.equal(await probeTftpFile(target(files), 'CTLFile.tlv').then((o) => (o.ok ? 'ok' : o.reason)), 'too-large');
    const truncated = await probeTftpFile(target(files), 'ITLFile.tlv');
    assert.equal(truncated.ok ? 'ok' : truncated.reason, 'truncated');
    const status = await probeUds({ ...target(files) });
    assert.equal(status.ok ? 'ok' : status.reason, 'not-tls');
  });

  test('a whole ITL reads; an answer other than 200 or 404-for-CTL is http-status', async () => {
    const http = createHttpServer((request, response) => {
      if (request.url === '/ITLFile.tlv') response.end(itl);
      else response.writeHead(request.url === '/CTLFile.tlv' ? 500 : 404).end();
    });
    const port = await listen(http);
    try {
      const read = await probeTftpFile(target(port), 'ITLFile.tlv');
      assert.ok(read.ok && read.facts.certificates.length > 0);
      const ctl = await probeTftpFile(target(port), 'CTLFile.tlv');
      assert.equal(ctl.ok ? 'ok' : ctl.reason, 'http-status');
      assert.match(ctl.ok ? '' : ctl.detail, /HTTP 500/);
    } finally {
      http.closeAllConnections();
      http.close();
    }
  });
});

describe('TLS services that are picky', () => {
  test('a TLS 1.2 service asking for a client certificate still shows its own; an ECDSA-only offer to an RSA-only service is handshake-failed', async () => {
    const { createServer } = await import('node:tls');
    const { makeCertificate, testKey } = await import('../support/certificate-builder.js');
    const cert = makeCertificate({
      subject: { CN: 'cucm-pub' },
      serialHex: '0abc',
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2026-10-10T10:10:10Z'),
      key: testKey('RSA', 'node-rsa'),
    });
    const key = cert.key.privateKey.export({ type: 'pkcs8', format: 'pem' });
    const server = createServer(
      { cert: cert.pem, key, requestCert: true, rejectUnauthorized: true, maxVersion: 'TLSv1.2' },
      (socket) => socket.end(),
    );
    server.on('tlsClientError', () => undefined);
    const port = await listen(server);
    try {
      const read = await probeTls(target(port), 'callmanager', 'rsa');
      assert.ok(read.ok, read.ok ? '' : `${read.reason}: ${read.detail}`);
      assert.deepEqual(
        read.facts.certificates.map((c) => [c.node, c.unit, c.serial, c.notAfter]),
        [['cucm-pub', 'CallManager', 'abc', '2026-10-10T10:10:10.000Z']],
      );
      const ecdsa = await probeTls(target(port), 'callmanager', 'ecdsa');
      assert.equal(ecdsa.ok ? 'ok' : ecdsa.reason, 'handshake-failed');
    } finally {
      server.close();
    }
  });
});
