// Issue 9, defect 9: one connection limit for TCP and TLS together, a per-source share, and a deadline on the TLS
// handshake, over real loopback sockets.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { createConnectionBudget } from '../../src/ingest/connection-budget.js';
import { startTcpListener, type TcpListenerOptions } from '../../src/ingest/tcp-listener.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { metricValue } from '../support/metrics.js';
import { waitFor } from '../support/wait-for.js';
import { closed, collector, makeTestPki, type TestPki } from './harness.js';

async function connect(port: number, localAddress = '127.0.0.1'): Promise<net.Socket> {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress });
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

describe('connection budget (pure)', () => {
  test('a total and a per-source share, released slot by slot', () => {
    const budget = createConnectionBudget({ total: 3, perSource: 2 });
    assert.deepEqual(budget.open('a'), { ok: true });
    assert.deepEqual(budget.open('a'), { ok: true });
    assert.equal((budget.open('a') as { reason: string }).reason, 'too-many-from-source');
    assert.deepEqual(budget.open('b'), { ok: true });
    assert.equal((budget.open('c') as { reason: string }).reason, 'too-many-connections');
    budget.release('a');
    assert.deepEqual(budget.open('c'), { ok: true });
    assert.equal(budget.total(), 3);
    budget.release('nobody');
    assert.equal(budget.total(), 3, 'releasing a slot never taken changes nothing');
  });
});

describe('syslog TCP and TLS share one limit', () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => pki.cleanup());

  async function pair(extra: Partial<TcpListenerOptions> = {}) {
    const metrics = createMetrics();
    const sink = collector();
    const budget = createConnectionBudget({ total: 3, perSource: 2 });
    const common = {
      host: '127.0.0.1', port: 0, maxConnections: 3, budget, idleTimeoutMs: 60_000, maxFrameBytes: 2048,
      onMessage: sink.onMessage, onReject: sink.onReject, logger: pino({ level: 'silent' }), metrics, closeGraceMs: 200, ...extra,
    };
    const tcp = await startTcpListener(common);
    const secure = await startTcpListener({ ...common, tls: { cert: pki.certPem, key: pki.keyPem } });
    return { tcp, secure, metrics, sink, budget };
  }

  test('the limit counts TCP and TLS together; one source cannot take every slot', async () => {
    const { tcp, secure, metrics, budget } = await pair();
    const open: net.Socket[] = [];
    try {
      open.push(await connect(tcp.port, '127.0.0.1'), await connect(secure.port, '127.0.0.1'));
      await waitFor('two slots taken', () => budget.total() === 2, 5000);
      // A third from the same source: over its share.
      const third = await connect(tcp.port, '127.0.0.1');
      await closed(third);
      assert.equal(await metricValue(metrics.rejected, { transport: 'tcp', reason: 'too-many-from-source' }), 1);
      // Another source takes the last slot; then the total is reached, on the TLS listener too.
      open.push(await connect(tcp.port, '127.0.0.2'));
      await waitFor('three slots taken', () => budget.total() === 3, 5000);
      const fourth = await connect(secure.port, '127.0.0.3');
      await closed(fourth);
      assert.equal(await metricValue(metrics.rejected, { transport: 'tls', reason: 'too-many-connections' }), 1);
    } finally {
      for (const s of open) s.destroy();
      await tcp.close();
      await secure.close();
    }
  });

  test('a stalled TLS handshake is closed at its deadline and gives its slot back', async () => {
    const { tcp, secure, metrics, budget } = await pair({ handshakeTimeoutMs: 300 });
    try {
      const stalled = await connect(secure.port); // connects, never says hello
      await waitFor('slot taken by the handshake', () => budget.total() === 1, 5000);
      await closed(stalled);
      assert.equal(await metricValue(metrics.rejected, { transport: 'tls', reason: 'tls-handshake-timeout' }), 1);
      await waitFor('slot given back', () => budget.total() === 0, 5000);
      // A real client still completes its handshake.
      const ok = tls.connect({ port: secure.port, host: '127.0.0.1', servername: 'localhost', ca: pki.caPem });
      ok.on('error', () => {});
      await once(ok, 'secureConnect');
      ok.destroy();
    } finally {
      await tcp.close();
      await secure.close();
    }
  });
});
