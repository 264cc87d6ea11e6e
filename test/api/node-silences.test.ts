// GET /api/v1/node-silences: the silent-node tickets the tick stores (tickets/node-silence-store.ts), over the API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createNodeSilenceStore } from '../../src/tickets/node-silence-store.js';
import type { NodeSilenceTicket } from '../../src/tickets/node-silence.js';
import { startTestApp, type TestApp } from '../support/api-app.js';

const TOKEN = 'node-silence-token-0123';
const auth = { authorization: `Bearer ${TOKEN}` };

const silence = (node: string, status: NodeSilenceTicket['status'], openedAt: string): NodeSilenceTicket => ({
  id: `lab/${node.toLowerCase()}`,
  kind: 'node-silence',
  clusterId: 'lab',
  node,
  status,
  silentSince: '2026-11-20T08:00:00.000Z',
  openedAt,
  resolvedAt: status === 'resolved' ? '2026-11-26T08:00:00.000Z' : null,
  revision: status === 'resolved' ? 2 : 1,
  mailed: [],
  history: [],
});

describe('GET /api/v1/node-silences', () => {
  let service: TestApp;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN, CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
  });
  after(() => service.close());

  test('none stored: an empty list; stored: open ones first, the newest first, as the tick wrote them', async () => {
    assert.deepEqual((await service.api('/api/v1/node-silences', { headers: auth })).body, { items: [], count: 0 });
    const store = createNodeSilenceStore(service.client);
    await store.update('lab/cucm03', () => silence('CUCM03', 'resolved', '2026-11-25T08:00:00.000Z'));
    await store.update('lab/cucm01', () => silence('CUCM01', 'open', '2026-11-22T08:00:00.000Z'));
    await store.update('lab/cucm02', () => silence('CUCM02', 'open', '2026-11-24T08:00:00.000Z'));
    const { status, body } = await service.api<{ items: NodeSilenceTicket[]; count: number }>('/api/v1/node-silences', {
      headers: auth,
    });
    assert.equal(status, 200);
    assert.deepEqual(
      body.items.map((t) => [t.node, t.status]),
      [
        ['CUCM02', 'open'],
        ['CUCM01', 'open'],
        ['CUCM03', 'resolved'],
      ],
    );
    assert.equal(body.count, 3);
  });
  test('the token is required, as for every API route', async () => {
    assert.equal((await service.api('/api/v1/node-silences')).status, 401);
  });
});
