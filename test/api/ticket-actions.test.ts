// Issue 10, replies that work. The ticket actions (ack, resolve, reopen, note, confirm the expiry) take an optional
// body {note?, until?, reason?}; the note and the user (X-Certwatch-User) go into the ticket's history; a second ack is
// 200 with the ticket as it is; an unknown id is 404 whatever the body. And the curl commands printed in a real mail
// work: they are taken from the mail the SMTP relay received and run with curl against the listening service.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import type { HistoryEntry, Ticket } from '../../src/tickets/ticket.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { ticketIdsOf } from '../support/mail-tickets.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { freePort } from '../support/free-port.js';
import type { TestService } from '../support/in-process.js';
import { startMailInstallation, type MailInstallation } from '../support/mail-installation.js';
import { sendUdp } from '../support/send-udp.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';
import { makeEvent, openWith } from '../tickets/fixtures.js';

const DAY = 86_400_000;
const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

type ActionAnswer = { reason: string; ticket: Ticket };

describe('ticket actions (inject, real Redis)', () => {
  let service: TestApp;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN });
  });
  after(() => service.close());

  /** A ticket stored as the worker stores it (the app alone has no worker). */
  async function storedTicket(node: string): Promise<Ticket> {
    const ticket = openWith(makeEvent({ node, alarmAt: new Date().toISOString() }), new Date());
    await createTicketStore(service.client).update(ticket.id, () => ticket);
    return ticket;
  }
  const send = (
    method: 'POST' | 'PATCH',
    path: string,
    body?: string,
    headers: Record<string, string> = {},
    type = 'application/json',
  ) =>
    service.api<ActionAnswer & { message?: string }>(path, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': type }), ...headers },
      ...(body === undefined ? {} : { body }),
    });
  const lastEntry = (t: Ticket): HistoryEntry => t.history.at(-1)!;

  const unknownCases: { title: string; method: 'POST' | 'PATCH'; path: string; body?: string; type?: string }[] = [
    {
      title: 'ack with a body that is not JSON',
      method: 'POST',
      path: '/api/v1/tickets/nope/ack',
      body: '{"note": "half',
    },
    {
      title: 'ack with a form body (curl -d without a Content-Type)',
      method: 'POST',
      path: '/api/v1/tickets/nope/ack',
      body: 'note=x',
      type: 'application/x-www-form-urlencoded',
    },
    { title: 'ack without a body', method: 'POST', path: '/api/v1/tickets/nope/ack' },
    {
      title: 'ack with a body of the wrong shape',
      method: 'POST',
      path: '/api/v1/tickets/nope/ack',
      body: '{"bogus":1,"note":5}',
    },
    { title: 'ack with a JSON array', method: 'POST', path: '/api/v1/tickets/nope/ack', body: '[1,2]' },
    {
      title: 'resolve with a note too long',
      method: 'POST',
      path: '/api/v1/tickets/nope/resolve',
      body: JSON.stringify({ note: 'x'.repeat(5000) }),
    },
    { title: 'reopen', method: 'POST', path: '/api/v1/tickets/nope/reopen', body: '{}' },
    { title: 'note without a note', method: 'POST', path: '/api/v1/tickets/nope/note', body: '{}' },
    { title: 'confirm without a date', method: 'PATCH', path: '/api/v1/tickets/nope', body: '{"user":"x"}' },
  ];
  for (const c of unknownCases) {
    test(`unknown ticket: ${c.title} is 404`, async () => {
      const r = await send(c.method, c.path, c.body, {}, c.type);
      assert.equal(r.status, 404, JSON.stringify(r.body));
      assert.equal(r.body.message, 'no ticket nope', 'the ticket is unknown (not the route)');
    });
  }

  test('ack without a body, then again: 200 both times, the second with the ticket unchanged', async () => {
    const t = await storedTicket('ACK1');
    const first = await send('POST', `/api/v1/tickets/${t.id}/ack`, undefined, { 'X-Certwatch-User': 'alice' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.reason, 'acknowledged');
    assert.equal(lastEntry(first.body.ticket).by, 'alice');
    const again = await send('POST', `/api/v1/tickets/${t.id}/ack`, undefined, { 'X-Certwatch-User': 'bob' });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.reason, 'already-acknowledged');
    assert.deepEqual(again.body.ticket, first.body.ticket, 'the current ticket, unchanged');
  });

  test('the note, the reason and the user of an ack are in the ticket history', async () => {
    const t = await storedTicket('ACK2');
    const r = await send(
      'POST',
      `/api/v1/tickets/${t.id}/ack`,
      JSON.stringify({ note: 'renewal on Saturday', reason: 'CHG4711' }),
      { 'X-Certwatch-User': 'alice' },
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const stored = await service.api<{ ticket: Ticket }>(`/api/v1/tickets/${t.id}`, { headers: auth });
    const entry = lastEntry(stored.body.ticket);
    assert.deepEqual(
      [entry.to, entry.reason, entry.by, entry.note],
      ['acknowledged', 'acknowledged', 'alice', 'CHG4711: renewal on Saturday'],
    );
    // A second ack that says something keeps what it says.
    const again = await send('POST', `/api/v1/tickets/${t.id}/ack`, JSON.stringify({ note: 'moved to Sunday' }), {
      'X-Certwatch-User': 'bob',
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.reason, 'noted');
    assert.deepEqual(
      [lastEntry(again.body.ticket).by, lastEntry(again.body.ticket).note, again.body.ticket.status],
      ['bob', 'moved to Sunday', 'acknowledged'],
    );
  });

  test('note, resolve and reopen', async () => {
    const t = await storedTicket('ACK3');
    const noted = await send('POST', `/api/v1/tickets/${t.id}/note`, JSON.stringify({ note: 'CSR sent to the CA' }), {
      'X-Certwatch-User': 'carol',
    });
    assert.equal(noted.status, 200, JSON.stringify(noted.body));
    assert.deepEqual(
      [noted.body.reason, noted.body.ticket.status, lastEntry(noted.body.ticket).note],
      ['noted', t.status, 'CSR sent to the CA'],
    );
    const empty = await send('POST', `/api/v1/tickets/${t.id}/note`, '{}');
    assert.equal(empty.status, 400, 'a note route without a note');
    const resolved = await send('POST', `/api/v1/tickets/${t.id}/resolve`);
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.ticket.status, 'resolved');
    const ack = await send('POST', `/api/v1/tickets/${t.id}/ack`);
    assert.equal(ack.status, 409, 'a resolved ticket is reopened, not acknowledged');
    const reopened = await send(
      'POST',
      `/api/v1/tickets/${t.id}/reopen`,
      JSON.stringify({ note: 'the trust copies still alarm' }),
      { 'X-Certwatch-User': 'dave' },
    );
    assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
    assert.equal(reopened.body.reason, 'reopened-by-user');
    assert.equal(reopened.body.ticket.status, 'open', 'nothing was mailed for it yet');
    assert.deepEqual(
      [lastEntry(reopened.body.ticket).by, lastEntry(reopened.body.ticket).note],
      ['dave', 'the trust copies still alarm'],
    );
    const reopenedAgain = await send('POST', `/api/v1/tickets/${t.id}/reopen`);
    assert.deepEqual([reopenedAgain.status, reopenedAgain.body.reason], [200, 'already-open']);
  });

  test('a known ticket with a body of the wrong shape, not JSON, or with until (snooze only), is 400 (415 for a form)', async () => {
    const t = await storedTicket('ACK4');
    for (const body of [
      '{"bogus":1}',
      '{"note":5}',
      '{"note": "half',
      '[1]',
      `{"until":"${new Date(Date.now() + DAY).toISOString()}"}`,
    ]) {
      const r = await send('POST', `/api/v1/tickets/${t.id}/ack`, body);
      assert.equal(r.status, 400, body);
    }
    assert.equal(
      (await send('POST', `/api/v1/tickets/${t.id}/ack`, 'note=x', {}, 'application/x-www-form-urlencoded')).status,
      415,
    );
    const tooMany = JSON.stringify(Object.fromEntries(Array.from({ length: 2_001 }, (_, i) => [`k${i}`, i])));
    assert.equal(
      (await send('POST', `/api/v1/tickets/${t.id}/ack`, tooMany)).status,
      413,
      'the key cap holds here too',
    );
    const stored = await service.api<{ ticket: Ticket }>(`/api/v1/tickets/${t.id}`, { headers: auth });
    assert.equal(stored.body.ticket.status, t.status, 'nothing was done');
  });
});

describe('the commands printed in a mail, run with curl against the listening service', () => {
  let installation: MailInstallation;
  let smtp: SmtpSink;
  let service: TestService;
  let base: string;
  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    installation = await startMailInstallation({
      MAIL_TO: 'uc-team@example.net', API_TOKEN: TOKEN, HTTP_PORT: String(port),
      PUBLIC_URL: base, MAIL_GROUP_WINDOW_MS: '50', MAIL_RETRY_BASE_MS: '100',
    });
    ({ service, smtp } = installation);
  });
  after(() => installation.stop());

  /** The "How to respond" commands of the mail's text part, by the start of their label. */
  function commandsIn(text: string): Map<string, string> {
    const section = text.slice(text.indexOf('How to respond'), text.indexOf('Renewal plan'));
    const commands = new Map<string, string>();
    const lines = section.split('\n');
    lines.forEach((line, i) => {
      const next = lines[i + 1]?.trim() ?? '';
      if (/^ {2}\S.*:$/.test(line) && next.startsWith('curl ')) commands.set(line.trim().split(' ')[0]!, next);
    });
    return commands;
  }

  /** Runs a printed command in a POSIX shell, as a reader would paste it (token and user from the environment). */
  async function run(command: string): Promise<{ status: number; body: ActionAnswer & { message?: string } }> {
    // -w only adds the status code after the body; the command itself is run as printed.
    const { stdout } = await promisify(execFile)('sh', ['-c', `${command} -w '\\n%{http_code}'`], {
      env: { PATH: process.env.PATH, CERTWATCH_TOKEN: TOKEN, USER: 'mail-reader' },
    });
    const cut = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
  }

  test('a grouped mail: its printed group ack acknowledges every ticket of the mail', async () => {
    const now = Date.now();
    const alarm = (node: string) =>
      certAlarmLine({
        node,
        unit: 'ipsec',
        certificate: 'ipsec.der',
        alarm: 'CertValidfor7days',
        at: new Date(now),
        expires: new Date(now + 5 * DAY),
      });
    await sendUdp(service.ports.udp!, [alarm('CUCM08'), alarm('CUCM09')]);
    const mail = await waitFor(
      'the grouped mail',
      () => smtp.received.find((m) => m.parsed.headers.get('x-certwatch-group')),
      30_000,
    );
    const group = String(mail.parsed.headers.get('x-certwatch-group'));
    const ids = ticketIdsOf(mail);
    assert.equal(ids.length, 2, String(mail.parsed.text));
    const command = String(mail.parsed.text)
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('curl ') && l.includes('/mail-groups/'));
    assert.ok(command?.endsWith(`'${base}/api/v1/mail-groups/${group}/ack'`), String(command));
    const { status, body } = (await run(command!)) as unknown as {
      status: number;
      body: { changed: { id: string; reason: string }[] };
    };
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.changed.map((c) => c.id).sort(), [...ids].sort());
    for (const id of ids) {
      const stored = await service.api<{ ticket: Ticket }>(`/api/v1/tickets/${id}`, { headers: auth });
      assert.deepEqual(
        [stored.body.ticket.status, stored.body.ticket.history.at(-1)!.by],
        ['acknowledged', 'mail-reader'],
      );
    }
  });

  test('ack (twice), snooze, note, confirm the expiry, resolve and reopen, each as the mail prints it', async () => {
    const now = Date.now();
    await sendUdp(service.ports.udp!, [
      certAlarmLine({
        node: 'CUCM07',
        unit: 'tomcat',
        certificate: 'tomcat.der',
        alarm: 'CertValidfor7days',
        at: new Date(now),
        expires: new Date(now + 5 * DAY),
      }),
    ]);
    const mail = await waitFor(
      'the mail',
      () => smtp.received.find((m) => m.parsed.headers.get('x-certwatch-ticket')),
      30_000,
    );
    const ticketId = String(mail.parsed.headers.get('x-certwatch-ticket'));
    const commands = commandsIn(String(mail.parsed.text));
    assert.deepEqual(
      [...commands.keys()],
      ['Acknowledge', 'Snooze', 'Add', 'Resolve', 'Reopen', 'Confirm'],
      String(mail.parsed.text),
    );
    for (const command of commands.values()) {
      assert.ok(
        command.includes(`'${base}/api/v1/tickets/${ticketId}`),
        `the live service's URL and the ticket: ${command}`,
      );
      assert.doesNotMatch(command, new RegExp(TOKEN), 'no token in a mail');
    }

    const ack = await run(commands.get('Acknowledge')!);
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    assert.equal(ack.body.ticket.status, 'acknowledged');
    assert.equal(ack.body.ticket.history.at(-1)!.by, 'mail-reader', 'the user from X-Certwatch-User');
    const again = await run(commands.get('Acknowledge')!);
    assert.deepEqual([again.status, again.body.reason], [200, 'already-acknowledged']);

    const note = await run(commands.get('Add')!);
    assert.equal(note.status, 200, JSON.stringify(note.body));
    assert.equal(note.body.ticket.history.at(-1)!.note, 'change CHG0000 planned');

    // The snooze's one placeholder: until when.
    const until = new Date(now + 2 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const snooze = await run(commands.get('Snooze')!.replace('YYYY-MM-DDTHH:MM:SSZ', until));
    assert.equal(snooze.status, 200, JSON.stringify(snooze.body));
    assert.equal(snooze.body.ticket.snoozedUntil, new Date(until).toISOString());

    // The one placeholder a reader fills in: the date the check command shows.
    const confirmedAt = new Date(now + 6 * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const confirm = await run(commands.get('Confirm')!.replace('YYYY-MM-DDTHH:MM:SSZ', confirmedAt));
    assert.equal(confirm.status, 200, JSON.stringify(confirm.body));
    assert.equal(confirm.body.ticket.expiry.at, new Date(confirmedAt).toISOString());

    const resolve = await run(commands.get('Resolve')!);
    assert.equal(resolve.status, 200, JSON.stringify(resolve.body));
    assert.deepEqual(
      [resolve.body.ticket.status, resolve.body.ticket.history.at(-1)!.note],
      ['resolved', 'renewed and verified'],
    );

    const reopen = await run(commands.get('Reopen')!);
    assert.equal(reopen.status, 200, JSON.stringify(reopen.body));
    assert.deepEqual([reopen.body.reason, reopen.body.ticket.status], ['reopened-by-user', 'notified']);

    const stored = await service.api<{ ticket: Ticket }>(`/api/v1/tickets/${ticketId}`, { headers: auth });
    const byMailReader = stored.body.ticket.history.filter((h) => h.by === 'mail-reader').map((h) => h.reason);
    assert.deepEqual(byMailReader, [
      'acknowledged',
      'noted',
      'snoozed',
      'expiry-confirmed',
      'resolved-by-user',
      'reopened-by-user',
    ]);
  });
});
