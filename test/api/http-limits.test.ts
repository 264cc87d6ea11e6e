// Issue 9, defect 8: half-sent requests are cut at the request deadline, connections beyond the cap are closed, and
// the API keeps answering.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { describe, test } from 'node:test';
import { descriptorShortfall, openFileSoftLimit } from '../../src/observability/descriptor-budget.js';
import { startTestService } from '../support/in-process.js';

async function halfSentRequest(port: number): Promise<{ socket: net.Socket; closed: Promise<string> }> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  let answer = '';
  socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(answer)));
  await once(socket, 'connect');
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '); // never finished
  return { socket, closed };
}

describe('HTTP limits', () => {
  test('a half-sent request is closed at HTTP_REQUEST_TIMEOUT_MS; connections over HTTP_MAX_CONNECTIONS are closed at once', async () => {
    const service = await startTestService({ HTTP_REQUEST_TIMEOUT_MS: '600', HTTP_MAX_CONNECTIONS: '3' }, ['api']);
    try {
      const slow = await Promise.all([1, 2, 3].map(() => halfSentRequest(service.ports.http)));
      // The fourth connection finds no slot.
      const extra = await halfSentRequest(service.ports.http);
      const extraAnswer = await Promise.race([
        extra.closed,
        new Promise<string>((r) => setTimeout(() => r('still open'), 400)),
      ]);
      assert.equal(extraAnswer, '', 'closed without an answer');
      // The slow ones are cut at the deadline (408), not held for minutes.
      const answers = await Promise.race([
        Promise.all(slow.map((s) => s.closed)),
        new Promise<string[]>((r) => setTimeout(() => r(['timed out']), 5_000)),
      ]);
      assert.equal(answers.length, 3, String(answers));
      for (const a of answers) assert.ok(a === '' || a.startsWith('HTTP/1.1 408'), a);
      assert.equal((await service.api('/healthz')).status, 200, 'served again once the slots are free');
    } finally {
      await service.stop();
    }
  });

  test('the descriptor check names the caps and the limit to set', () => {
    assert.equal(descriptorShortfall(20_000, { http: 256, syslog: 512 }), null);
    assert.match(
      descriptorShortfall(512, { http: 256, syslog: 512 }) ?? '',
      /limit is 512.*= 896: raise it \(ulimit -n 896/,
    );
    assert.equal(
      openFileSoftLimit(
        'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 4096                 files\n',
      ),
      1024,
    );
    assert.equal(openFileSoftLimit('nothing here'), null);
  });
});
