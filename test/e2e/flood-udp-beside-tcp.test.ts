// Issue 9, defect 7: a TCP sender must not starve UDP. Two TCP connections flood noise and alarm frames as fast as
// loopback carries them while UDP arrives at a moderate, documented rate; UDP must lose (almost) nothing. The
// senders run in worker threads (their own event loops): the service's loop is the one under test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { certAlarmLine, noiseLine } from '../support/alarm-lines.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { heavySkip } from '../support/heavy.js';
import { waitFor } from '../support/wait-for.js';

/** The documented rate: 3,000 datagrams per second for 3 seconds. */
const UDP_PER_SECOND = 3_000;
const UDP_SECONDS = 3;
/** A small receive buffer (about 200 datagrams of this size) so that a loop stalled by TCP shows as kernel drops. */
const UDP_RECV_BUFFER_BYTES = 256 * 1024;
/** "Almost nothing": at most 0.5% of the datagrams may be lost (scheduler noise on a shared 2-core machine). */
const MAX_UDP_LOSS = Math.floor((UDP_PER_SECOND * UDP_SECONDS) / 200);

// Writes its frames in a loop over one connection until told to stop; the kernel's buffers set the pace.
const TCP_FLOODER = `
const { workerData, parentPort } = require('node:worker_threads');
const net = require('node:net');
const chunk = Buffer.from(workerData.frames);
const socket = net.connect({ port: workerData.port, host: '127.0.0.1', localAddress: workerData.localAddress });
let stop = false;
parentPort.on('message', () => { stop = true; socket.destroy(); });
socket.on('error', () => {});
socket.on('connect', function write() {
  while (!stop && socket.write(chunk)) {}
  if (!stop) socket.once('drain', write);
});
`;

// Sends the datagrams at the documented rate, in bursts of 30 every 10 ms, from its own source address.
const UDP_PACER = `
const { workerData, parentPort } = require('node:worker_threads');
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
socket.bind({ address: '127.0.0.5', port: 0 }, () => {
  const lines = workerData.lines;
  let i = 0;
  const start = Date.now();
  const tick = () => {
    const due = Math.min(lines.length, Math.floor(((Date.now() - start) / 1000) * workerData.perSecond) + 30);
    while (i < due) socket.send(lines[i++], workerData.port, '127.0.0.1');
    if (i < lines.length) setTimeout(tick, 10);
    else setTimeout(() => { socket.close(); parentPort.postMessage(i); }, 50);
  };
  tick();
});
`;

describe('UDP keeps draining while two TCP connections flood (issue 9, defect 7)', { skip: heavySkip }, () => {
  let redis: TestRedis;
  let service: TestService;
  before(async () => {
    redis = await startTestRedis();
    service = await startTestService(
      { REDIS_URL: redis.url, SYSLOG_UDP_RECV_BUFFER_BYTES: String(UDP_RECV_BUFFER_BYTES) },
      ['ingest', 'api'],
    );
  });
  after(async () => {
    await service.stop();
    await redis.stop();
  });

  test(`UDP at ${UDP_PER_SECOND}/s beside a TCP flood loses at most ${MAX_UDP_LOSS} of ${UDP_PER_SECOND * UDP_SECONDS}`, async (t) => {
    const now = new Date();
    const expires = new Date(now.getTime() + 3 * 86_400_000);
    // Mostly noise (never held back by backpressure, so it never stops reading) with an alarm now and then.
    const frames = Array.from({ length: 400 }, (_, i) =>
      i % 50 === 0
        ? certAlarmLine({
            node: `TCPFLOOD${i}`,
            unit: 'tomcat',
            certificate: 'tomcat.der',
            alarm: 'CertValidfor7days',
            at: now,
            expires,
          })
        : noiseLine(`TCPNOISE${i % 7}`, now, i),
    )
      .map((l) => `${l}\n`)
      .join('');
    const floods = ['127.0.0.3', '127.0.0.4'].map(
      (localAddress) =>
        new Worker(TCP_FLOODER, { eval: true, workerData: { port: service.ports.tcp, localAddress, frames } }),
    );
    const tcpReceived = () => service.metric('certwatch_messages_received_total', { transport: 'tcp' });
    try {
      // The flood is running before UDP starts.
      await waitFor('the TCP flood under way', async () => (await tcpReceived()) > 20_000 || null, 30_000);
      const udpLines = Array.from({ length: UDP_PER_SECOND * UDP_SECONDS }, (_, i) =>
        noiseLine(`UDPNODE${i % 13}`, now, i),
      );
      const pacer = new Worker(UDP_PACER, {
        eval: true,
        workerData: { port: service.ports.udp, lines: udpLines, perSecond: UDP_PER_SECOND },
      });
      const tcpBefore = await tcpReceived();
      const sent = await new Promise<number>((resolve, reject) => {
        pacer.once('message', resolve);
        pacer.once('error', reject);
      });
      await pacer.terminate();
      const tcpDuring = (await tcpReceived()) - tcpBefore;
      // Let the service read what is still queued in the socket's buffer, then stop the flood and compare.
      const udpReceived = () => service.metric('certwatch_messages_received_total', { transport: 'udp' });
      await waitFor('UDP caught up', async () => (await udpReceived()) >= sent || null, 5_000).catch(() => undefined);
      for (const f of floods) f.postMessage('stop');
      const received = await udpReceived();
      const lost = sent - received;
      assert.ok(tcpDuring > 10_000, `the TCP flood went on while UDP was sent (${tcpDuring} TCP frames)`);
      t.diagnostic(`UDP lost ${lost} of ${sent}; ${tcpDuring} TCP frames meanwhile`);
      assert.ok(
        lost <= MAX_UDP_LOSS,
        `UDP lost ${lost} of ${sent} datagrams beside the TCP flood (at most ${MAX_UDP_LOSS} allowed; ${tcpDuring} TCP frames meanwhile)`,
      );
    } finally {
      await Promise.all(floods.map((f) => f.terminate()));
    }
  });
});
