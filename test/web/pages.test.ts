// The web pages over real HTTP with real Redis: what expires next (rows, order, summary, marks, zoned dates, paging,
// filters), a ticket page with its history and runbook, escaping of hostile syslog strings, 404s, and the access rule
// beyond loopback (Bearer header, or the sign-in form's cookie, which never opens the API).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { escapeHtml } from '../../src/render/html.js';
import { FAR_EXPIRY_TEXT, HOSTILE_CERT, HOSTILE_NODE, HOSTILE_NOTE, RUNBOOK_TEXT, startPagesService, type PagesService,
  type SeededTickets } from './seed-pages.js';

const TOKEN = 'pages-token-0123456789abcdef-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

/** The ticket ids of a page's rows, in order. */
function rowIds(page: string): string[] {
  return [...page.matchAll(/data-ticket="([^"]+)"/g)].map((m) => m[1]!);
}

function rowOf(page: string, id: string): string {
  const row = page.split('<tr').find((part) => part.includes(`data-ticket="${id}"`));
  assert.ok(row, `a row for ${id}`);
  return row;
}

describe('web pages (real HTTP, real Redis, served beyond loopback with a token)', () => {
  let service: PagesService;
  let seeded: SeededTickets;
  let base: string;
  before(async () => {
    service = await startPagesService(TOKEN);
    ({ base, seeded } = service);
  });
  after(async () => {
    await service?.stop();
  });

  const get = async (path: string, headers: Record<string, string> = auth) => {
    const response = await fetch(base + path, { headers, redirect: 'manual' });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const page = async (path: string) => {
    const r = await get(path);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    return r.text;
  };

  test('without the token a page answers 401 with the sign-in form; the form sets a cookie that opens pages, not the API', async () => {
    const refused = await get('/expiries', {});
    assert.equal(refused.status, 401);
    assert.match(refused.text, /<form method="post" action="\/login">/);
    assert.equal(rowIds(refused.text).length, 0, 'no rows before signing in');

    const post = (token: string) => fetch(`${base}/login`, {
      method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    const wrong = await post(`${TOKEN}x`);
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assert.equal(await service.metric('certwatch_web_sign_ins_refused_total'), 1, 'a refused sign-in is counted');

    const signedIn = await post(TOKEN);
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get('location'), '/expiries');
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.ok(!setCookie.includes(TOKEN), 'the cookie is not the token itself');
    const cookie = setCookie.split(';')[0]!;
    const withCookie = await get('/expiries', { Cookie: cookie });
    assert.equal(withCookie.status, 200);
    assert.deepEqual(rowIds(withCookie.text), seeded.open.map((t) => t.id));
    assert.equal((await get('/api/v1/expiries', { Cookie: cookie })).status, 401, 'the cookie never opens the API');
    assert.equal((await get('/docs/json', { Cookie: cookie })).status, 200, 'it opens the API\'s documentation');
    assert.equal((await get('/docs/json', {})).status, 401);
    assert.equal((await get('/metrics', { Cookie: cookie })).status, 401, 'not the metrics');
    assert.equal((await get('/expiries', { Cookie: `${cookie}x` })).status, 401);
    const out = await get('/logout', { Cookie: cookie });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
  });

  test('/ leads to the listing: every not-resolved ticket, soonest first, with the summary line', async () => {
    const root = await get('/');
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/expiries');
    const text = await page('/expiries');
    assert.deepEqual(rowIds(text), seeded.open.map((t) => t.id));
    assert.match(text, /5 not resolved: 1 expired, 2 within 7 days,\s+4 within 30 days/);
    assert.match(rowOf(text, 'lab-expired'), /EXPIRED/);
    assert.match(rowOf(text, 'lab-expired'), /2 days ago/);
    assert.match(rowOf(text, 'lab-soon'), /within 7 days/);
    assert.match(rowOf(text, 'lab-soon'), /in 3 days/);
    assert.match(rowOf(text, 'lab-soon'), /<td>inferred<\/td>/);
    assert.doesNotMatch(rowOf(text, 'lab-far'), /EXPIRED|within 7 days/);
    assert.match(rowOf(text, 'lab-window'), /window \(date cut\)/);
    assert.match(rowOf(text, 'lab-window'), /between .* and /);
    assert.match(text, /<title>What expires next - certwatch<\/title>/);
    const csp = (await get('/expiries')).headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/, 'the page may run no script');
  });

  test("dates in the cluster's time zone with UTC beside it; a cluster not in the inventory reads in UTC", async () => {
    const text = await page('/expiries');
    assert.ok(rowOf(text, 'lab-far').includes(`<td>${FAR_EXPIRY_TEXT}</td>`), rowOf(text, 'lab-far'));
    assert.match(
      rowOf(text, 'lab-soon'),
      /<td>\d{4}-\d\d-\d\d \d\d:\d\d CES?T \((\d{4}-\d\d-\d\d )?\d\d:\d\d UTC\)<\/td>/,
    );
    assert.match(rowOf(text, 'other-hostile'), /<td>\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/td>/);
  });

  test('hostile strings from syslog are shown as text on both pages', async () => {
    const listing = await page('/expiries');
    const ticket = await page('/tickets/other-hostile');
    for (const text of [listing, ticket]) {
      for (const hostile of [HOSTILE_NODE, HOSTILE_CERT]) {
        assert.ok(!text.includes(hostile), `raw ${hostile}`);
        assert.ok(text.includes(escapeHtml(hostile)), `escaped ${hostile}`);
      }
      assert.ok(!/<script|<img|<b /i.test(text), 'no markup from the strings');
    }
    assert.ok(ticket.includes(escapeHtml(HOSTILE_NOTE)) && !ticket.includes(HOSTILE_NOTE));
  });

  test('pages of `limit` rows read on through the next link; filters by cluster and state', async () => {
    const seen: string[] = [];
    let path: string | null = '/expiries?limit=2';
    for (let pages = 0; path !== null && pages < 10; pages += 1) {
      const text = await page(path);
      const ids = rowIds(text);
      assert.ok(ids.length <= 2);
      seen.push(...ids);
      const next = /<a rel="next" href="([^"]+)"/.exec(text);
      path = next ? next[1]!.replaceAll('&amp;', '&') : null;
    }
    assert.deepEqual(seen, seeded.open.map((t) => t.id));
    assert.deepEqual(rowIds(await page('/expiries?cluster=other')), ['other-hostile']);
    assert.deepEqual(rowIds(await page('/expiries?cluster=lab&status=notified')), ['lab-soon']);
    assert.deepEqual(rowIds(await page('/expiries?status=resolved')), [seeded.resolved.id]);
    assert.deepEqual(
      rowIds(await page('/expiries?cluster=&status=')),
      seeded.open.map((t) => t.id),
      'the form\'s "all"',
    );
    assert.equal((await get('/expiries?status=bogus')).status, 400);
    assert.equal((await get('/expiries?limit=0')).status, 400);
  });

  test('a ticket page: facts, history with reasons, the runbook of its last mail; 404 for an unknown ticket', async () => {
    const listing = await page('/expiries');
    assert.ok(rowOf(listing, 'lab-soon').includes('href="/tickets/lab-soon/runbook"'));
    assert.ok(!rowOf(listing, 'lab-expired').includes('/runbook'), 'no runbook before a mail');
    assert.ok(!rowOf(listing, 'other-hostile').includes('/runbook'), 'acknowledged without a mail: no runbook either');
    const text = await page('/tickets/lab-soon');
    assert.match(text, /CallManager \/ CallManager.pem on CUCM02/);
    assert.match(text, /<td>notified<\/td>/);
    for (const h of seeded.byName.soon.history) assert.ok(text.includes(`<td>${h.reason}</td>`), h.reason);
    assert.match(text, /href="\/tickets\/lab-soon\/runbook">Runbook of the last mail/);
    const runbook = await get('/tickets/lab-soon/runbook');
    assert.equal(runbook.status, 200);
    assert.ok(runbook.text.includes(RUNBOOK_TEXT));
    const hostile = await page('/tickets/other-hostile');
    assert.match(hostile, /acknowledged-by-user/);
    assert.match(hostile, /<td>alice<\/td>/);
    const missing = await get('/tickets/no-such-ticket');
    assert.equal(missing.status, 404);
    assert.match(missing.text, /There is no ticket no-such-ticket/);
  });
});
