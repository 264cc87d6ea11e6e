// The web pages in a real browser (Debian's chromium driven by playwright-core): sign in with the form, read the
// listing's table as a person sees it, follow a link to a ticket page and its runbook; hostile syslog strings show as
// text and run nothing; no console errors. Runs once per CI run: only with CERTWATCH_BROWSER=1 (scripts/test.sh, whose
// setup installs chromium).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FAR_EXPIRY_TEXT, HOSTILE_CERT, HOSTILE_NODE, HOSTILE_NOTE, RUNBOOK_TEXT, startPagesService, type PagesService,
  type SeededTickets } from './seed-pages.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'browser-token-0123456789abcdef-0123456789';
// Asked for and no browser is a failure, not a skip: the run that should test the pages would pass without them.
const skip = process.env.CERTWATCH_BROWSER !== '1'
  && 'browser tests run once per CI run: set CERTWATCH_BROWSER=1 (scripts/test.sh does)';

describe('web pages in chromium', { skip }, () => {
  let service: PagesService;
  let seeded: SeededTickets;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];
  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (scripts/test.sh does)`);
    service = await startPagesService(TOKEN);
    ({ base, seeded } = service);
    // The sandbox needs user namespaces, which CI containers (run as root) do not give.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
  });

  const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

  test('sign in with the form, then the table lists the tickets soonest first as text', async () => {
    const refused = await page.goto(`${base}/`);
    assert.equal(refused?.status(), 401);
    // The refused answer is the one expected console line ("Failed to load resource: 401"); none after signing in.
    consoleErrors.length = 0;
    await page.fill('input[name="token"]', TOKEN);
    await Promise.all([page.waitForURL(`${base}/expiries`), page.click('button[type="submit"]')]);
    const ids = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')));
    assert.deepEqual(ids, seeded.open.map((t) => t.id));
    const summary = await page.locator('p.summary').innerText();
    assert.match(summary, /5 not resolved: 1 expired, 2 within 7 days, 4 within 30 days/);
    const cells = async (id: string) => page.locator(`tr[data-ticket="${id}"] td`).allInnerTexts();
    const expired = await cells('lab-expired');
    assert.match(expired[0]!, /EXPIRED/);
    assert.deepEqual(expired.slice(1, 4), ['lab', 'CUCM01', 'tomcat / tomcat.pem']);
    assert.equal((await cells('lab-far'))[4], FAR_EXPIRY_TEXT);
    const hostile = await cells('other-hostile');
    assert.equal(hostile[2], HOSTILE_NODE, 'the hostile node name is shown as text');
    assert.equal(hostile[3], `ipsec / ${HOSTILE_CERT}`);
    assert.equal(await page.locator('tbody img, tbody script').count(), 0, 'no element made from the strings');
    assert.equal(await pwned(), undefined, 'no script ran');
  });

  test('a link leads to the ticket page; its history shows the hostile note as text; the runbook opens', async () => {
    await Promise.all([
      page.waitForURL(`${base}/tickets/other-hostile`), page.click('tr[data-ticket="other-hostile"] a'),
    ]);
    assert.equal(await page.locator('h1').innerText(), `ipsec / ${HOSTILE_CERT} on ${HOSTILE_NODE}`);
    const history = await page.locator('table.history tbody').innerText();
    assert.ok(history.includes(HOSTILE_NOTE), history);
    assert.match(history, /acknowledged-by-user/);
    assert.equal(await pwned(), undefined, 'no script ran');

    await page.goto(`${base}/expiries`);
    await Promise.all([
      page.waitForURL(`${base}/tickets/lab-soon/runbook`), page.click('tr[data-ticket="lab-soon"] a[href$="/runbook"]'),
    ]);
    assert.ok((await page.locator('body').innerText()).includes(RUNBOOK_TEXT));
    assert.deepEqual(consoleErrors, [], 'no console errors after signing in');
  });
});
