// GET /api/v1/tickets/:id/runbook when there is nothing to serve: an unknown ticket, one never mailed, one whose last
// mail was sent before runbooks were kept, one whose mail was cut without its runbook; a re-homed id redirects. (The
// runbook served as the mail carried it: test/e2e/mail-flow.test.ts, over HTTP.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMailGroups } from '../../src/notify/mail-groups.js';
import { recordMailSent } from '../../src/tickets/decide.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { makeEvent, openWith } from '../tickets/fixtures.js';

const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

describe('GET /api/v1/tickets/:id/runbook (inject, real Redis)', () => {
  let service: TestApp;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN });
  });
  after(() => service.close());

  const get = (path: string) => service.api<{ message?: string }>(path, { headers: auth });
  async function stored(node: string, change: (t: Ticket) => Ticket = (t) => t): Promise<Ticket> {
    const ticket = change(openWith(makeEvent({ node, alarmAt: new Date().toISOString() }), new Date()));
    await createTicketStore(service.client).update(ticket.id, () => ticket);
    return ticket;
  }
  const mailed = (groupId?: string) => (t: Ticket) =>
    recordMailSent(
      t,
      {
        revision: t.revision,
        messageId: `<${t.id}@example.net>`,
        threadSubject: '[certwatch] x',
        ...(groupId ? { groupId } : {}),
      },
      new Date(),
    ).ticket;

  test('an unknown ticket, and one not mailed yet: 404 saying which', async () => {
    assert.deepEqual(Object.values(await get('/api/v1/tickets/nope/runbook')).slice(0, 2), [
      404,
      { error: 'Not Found', message: 'no ticket nope' },
    ]);
    const t = await stored('RB1');
    const r = await get(`/api/v1/tickets/${t.id}/runbook`);
    assert.deepEqual([r.status, r.body.message], [404, `no mail sent for ticket ${t.id} yet`]);
  });

  test('a last mail sent before runbooks were kept: 404 naming the plan route that builds today\'s', async () => {
    const t = await stored('RB2', mailed());
    const r = await get(`/api/v1/tickets/${t.id}/runbook?format=md`);
    assert.equal(r.status, 404);
    assert.match(r.body.message ?? '', /no longer kept .*GET \/api\/v1\/plan\?cluster=lab&unit=tomcat&format=html/);
  });

  test('a mail cut without its runbook: 404 saying so; the format asked for is the one looked up', async () => {
    const t = await stored('RB3', mailed('g-rb3'));
    const markdown = {
      filename: 'lab-runbook.md',
      contentType: 'text/markdown; charset=utf-8' as const,
      content: '# Runbook\n',
    };
    await createMailGroups(service.client).record({
      groupId: 'g-rb3',
      messageId: `<${t.id}@example.net>`,
      at: new Date().toISOString(),
      members: [{ ticketId: t.id, revision: t.revision }],
      attachments: [markdown],
    });
    const html = await get(`/api/v1/tickets/${t.id}/runbook`);
    assert.deepEqual(
      [html.status, html.body.message],
      [404, `ticket ${t.id}'s last mail carried no html runbook (cut to MAIL_MAX_BYTES)`],
    );
    const md = await get(`/api/v1/tickets/${t.id}/runbook?format=md`);
    assert.deepEqual(
      [md.status, md.body, md.headers.get('content-type')],
      [200, '# Runbook\n', 'text/markdown; charset=utf-8'],
    );
  });

  test('a re-homed ticket\'s old id answers 308 to the new id\'s runbook', async () => {
    const t = await stored('RB4');
    await createTicketStore(service.client).rehome(
      t.id,
      `${t.id}-moved`,
      (from) => ({ ticket: { ...from, id: `${t.id}-moved` }, outcome: 'moved' }),
      new Date(),
    );
    const r = await get(`/api/v1/tickets/${t.id}/runbook?format=md`);
    assert.equal(r.status, 308);
    assert.equal(r.headers.get('location'), `/api/v1/tickets/${encodeURIComponent(`${t.id}-moved`)}/runbook?format=md`);
  });
});
