// Issue 9, defect 12: authentication before anything else, one write budget per client that 401s do not spend,
// /metrics and /docs behind the token beyond loopback, and JSON bodies with thousands of keys refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countKeys, MAX_JSON_KEYS } from '../../src/api/json-keys.js';
import { startTestApp } from '../support/api-app.js';

const TOKEN = 't'.repeat(40);
const auth = { Authorization: `Bearer ${TOKEN}` };

describe('API under abuse', () => {
  test('401s spend nothing; one budget per client across every write route', async () => {
    const app = await startTestApp({
      API_TOKEN: TOKEN,
      API_RATE_LIMIT_PER_MINUTE: '3',
      CLUSTERS_FILE: 'samples/clusters/lab.yaml',
    });
    try {
      for (let i = 0; i < 20; i += 1) {
        const refused = await app.api('/api/v1/ingest', {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: 'x',
        });
        assert.equal(refused.status, 401);
      }
      const ingest = () =>
        app.api('/api/v1/ingest', {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'text/plain' },
          body: 'hello',
        });
      const ack = () =>
        app.api('/api/v1/tickets/nope/ack', {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: '{}',
        });
      assert.equal((await ingest()).status, 200, 'the 401s above spent nothing');
      assert.equal((await ack()).status, 404);
      assert.equal((await ingest()).status, 200);
      const limited = await ack();
      assert.equal(limited.status, 429, 'the fourth write, on another route, is over the one budget');
      assert.ok(limited.headers.get('retry-after'));
    } finally {
      await app.close();
    }
  });

  test('a body with thousands of keys is refused (413) before any route walks it', async () => {
    const app = await startTestApp({ API_TOKEN: TOKEN });
    try {
      const keys = Object.fromEntries(Array.from({ length: MAX_JSON_KEYS + 1 }, (_, i) => [`k${i}`, i]));
      const refused = await app.api<{ message: string }>('/api/v1/clusters/big', {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(keys),
      });
      assert.equal(refused.status, 413);
      assert.match(refused.body.message, /at most 2000 keys/);
      const unauthenticated = await app.api<{ message: string }>('/api/v1/clusters/big', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(keys),
      });
      assert.equal(unauthenticated.status, 401, 'no token: refused before the body is even read');
    } finally {
      await app.close();
    }
  });

  test('beyond loopback, /metrics and /docs need the token; /healthz and /readyz do not', async () => {
    const app = await startTestApp({ API_TOKEN: TOKEN, HTTP_HOST: '0.0.0.0' });
    try {
      for (const path of ['/metrics', '/docs', '/docs/json']) {
        assert.equal((await app.api(path)).status, 401, `${path} without the token`);
        assert.notEqual((await app.api(path, { headers: auth })).status, 401, `${path} with the token`);
      }
      assert.equal((await app.api('/healthz')).status, 200);
    } finally {
      await app.close();
    }
  });

  test('on loopback /metrics stays open for a local Prometheus', async () => {
    const app = await startTestApp({ API_TOKEN: TOKEN });
    try {
      assert.equal((await app.api('/metrics')).status, 200);
    } finally {
      await app.close();
    }
  });

  test('countKeys counts nested keys and stops past the limit', () => {
    assert.equal(countKeys({ a: 1, b: { c: [{ d: 1 }, { e: 2 }] } }, 100), 5);
    assert.equal(countKeys([1, 2, 3], 100), 0);
    assert.ok(countKeys(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, { x: 1 }])), 10) <= 100);
  });
});
