// GET /api/v1/expiries reads the ticket indexes in expiry order, a page at a time: `limit` items (500 by default),
// `next` to read on from, the filters as before (cluster, status, within, node, unit), CSV all unless limited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EXPIRIES_PAGE } from '../../src/api/routes/api-routes.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { exactExpiry, makeEvent, openWith } from '../tickets/fixtures.js';

const DAY = 86_400_000;
const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

interface Page {
  items: { id: string; cluster: string; status: string; node: string }[];
  count: number;
  next: number | null;
}

describe('GET /api/v1/expiries in pages (inject, real Redis)', () => {
  let service: TestApp;
  /** In expiry order: ticket i expires in i + 1 days; every third one resolved; clusters a and b in turn. */
  const tickets: Ticket[] = [];
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN });
    const store = createTicketStore(service.client);
    const now = Date.now();
    for (let i = 0; i < 12; i += 1) {
      const clusterId = i % 2 === 0 ? 'a' : 'b';
      const opened = openWith(
        makeEvent({
          node: `NODE${i}`,
          expiry: exactExpiry(now - Date.parse('2026-11-20T10:00:00.000Z') + (i + 1) * DAY),
        }),
      );
      const ticket: Ticket = {
        ...opened,
        id: `${clusterId}-${i}`,
        clusterId,
        status: i % 3 === 2 ? 'resolved' : 'open',
      };
      await store.update(ticket.id, () => ticket);
      tickets.push(ticket);
    }
  });
  after(() => service.close());

  const get = async (query: string) => {
    const r = await service.api<Page>(`/api/v1/expiries${query}`, { headers: auth });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const open = (keep: (t: Ticket) => boolean = () => true) =>
    tickets.filter((t) => t.status !== 'resolved' && keep(t)).map((t) => t.id);

  test('pages read on from `next` list every open ticket once, soonest first', async () => {
    const seen: string[] = [];
    let query = '?limit=3';
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await get(query);
      assert.ok(page.items.length <= 3);
      assert.equal(page.count, page.items.length);
      seen.push(...page.items.map((i) => i.id));
      if (page.next === null) break;
      query = `?limit=3&offset=${page.next}`;
    }
    assert.deepEqual(seen, open());
    const all = await get('');
    assert.deepEqual(all.items.map((i) => i.id), open());
    assert.equal(all.next, null, `fewer than ${EXPIRIES_PAGE}: one page`);
  });

  test('filters hold across pages: cluster, status, within, node', async () => {
    assert.deepEqual(
      (await get('?cluster=b')).items.map((i) => i.id),
      open((t) => t.clusterId === 'b'),
    );
    const resolved = await get('?status=resolved&limit=2');
    assert.deepEqual(
      resolved.items.map((i) => i.id),
      tickets
        .filter((t) => t.status === 'resolved')
        .slice(0, 2)
        .map((t) => t.id),
    );
    assert.deepEqual(
      (await get('?within=4')).items.map((i) => i.id),
      open((t) => tickets.indexOf(t) < 4),
    );
    assert.deepEqual(
      (await get('?node=node7')).items.map((i) => i.id),
      ['b-7'],
    );
  });

  test('CSV lists every ticket unless limited', async () => {
    const csv = await service.api<string>('/api/v1/expiries', { headers: { ...auth, Accept: 'text/csv' } });
    assert.equal(String(csv.body).trim().split('\n').length, 1 + open().length);
    const limited = await service.api<string>('/api/v1/expiries?limit=2', { headers: { ...auth, Accept: 'text/csv' } });
    assert.equal(String(limited.body).trim().split('\n').length, 3);
  });
});
