// Issue 10, tickets that move: snooze and unsnooze a ticket, ack/resolve/snooze a whole cluster, ack the tickets of
// one mail (its X-Certwatch-Group). The body rules of the single routes hold (optional, strict, `until` for snooze
// only, 404 for an unknown target whatever the body); bulk answers list what changed and what was left, with why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mailGroupId } from '../../src/notify/compose-mail.js';
import { redisKeys } from '../../src/redis/keys.js';
import { createMailGroups } from '../../src/notify/mail-groups.js';
import { createClusterSnoozes } from '../../src/tickets/cluster-snoozes.js';
import { decideOnAction, recordMailSent } from '../../src/tickets/decide.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { makeEvent, openWith } from '../tickets/fixtures.js';

const DAY = 86_400_000;
const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

interface BulkItem {
  id: string;
  reason: string;
  status: string;
}
interface Answer {
  reason?: string;
  ticket?: Ticket;
  message?: string;
  changed?: BulkItem[];
  unchanged?: BulkItem[];
  clusterSnooze?: { until: string; by: string; note: string } | null;
}

describe('snooze and bulk actions (inject, real Redis)', () => {
  let service: TestApp;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN });
  });
  after(() => service.close());

  const store = () => createTicketStore(service.client);
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

  /** A ticket stored as the worker stores it (the app alone has no worker), in `clusterId`. */
  async function storedTicket(
    node: string,
    clusterId = 'lab',
    change: (t: Ticket) => Ticket = (t) => t,
  ): Promise<Ticket> {
    const now = new Date();
    const opened = openWith(makeEvent({ node, alarmAt: now.toISOString() }), now);
    const ticket = change({ ...opened, id: `${clusterId}-${opened.id}`, clusterId });
    await store().update(ticket.id, () => ticket);
    return ticket;
  }
  const stored = async (id: string) => (await store().get(id))!;
  const send = (
    method: 'POST' | 'DELETE',
    path: string,
    body?: string,
    headers: Record<string, string> = {},
    type = 'application/json',
  ) =>
    service.api<Answer>(path, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': type }), ...headers },
      ...(body === undefined ? {} : { body }),
    });
  const json = (value: unknown) => JSON.stringify(value);
  const ids = (items: BulkItem[] | undefined) => (items ?? []).map((i) => i.id).sort();

  describe('unknown targets are 404 whatever the body', () => {
    const cases: {
      title: string;
      method: 'POST' | 'DELETE';
      path: string;
      body?: string;
      type?: string;
      message: string;
    }[] = [
      {
        title: 'snooze a ticket, without a body',
        method: 'POST',
        path: '/api/v1/tickets/nope/snooze',
        message: 'no ticket nope',
      },
      {
        title: 'snooze a ticket, with an end in the past',
        method: 'POST',
        path: '/api/v1/tickets/nope/snooze',
        body: json({ until: '2001-01-01T00:00:00Z' }),
        message: 'no ticket nope',
      },
      {
        title: 'unsnooze a ticket, with a body that is not JSON',
        method: 'DELETE',
        path: '/api/v1/tickets/nope/snooze',
        body: '{"note": "half',
        message: 'no ticket nope',
      },
      {
        title: 'ack a cluster, with a form body',
        method: 'POST',
        path: '/api/v1/clusters/nope/ack',
        body: 'note=x',
        type: 'application/x-www-form-urlencoded',
        message: 'no cluster nope',
      },
      {
        title: 'resolve a cluster, with a bogus key',
        method: 'POST',
        path: '/api/v1/clusters/nope/resolve',
        body: json({ bogus: 1 }),
        message: 'no cluster nope',
      },
      {
        title: 'snooze a cluster, without until',
        method: 'POST',
        path: '/api/v1/clusters/nope/snooze',
        body: '{}',
        message: 'no cluster nope',
      },
      {
        title: "end a cluster's snooze, with a bogus key",
        method: 'DELETE',
        path: '/api/v1/clusters/nope/snooze',
        body: json({ bogus: 1 }),
        message: 'no cluster nope',
      },
      {
        title: 'ack a mail group, with until',
        method: 'POST',
        path: '/api/v1/mail-groups/nope/ack',
        body: json({ until: inDays(1) }),
        message: 'no mail group nope',
      },
    ];
    for (const c of cases) {
      test(c.title, async () => {
        const r = await send(c.method, c.path, c.body, {}, c.type);
        assert.equal(r.status, 404, json(r.body));
        assert.equal(r.body.message, c.message);
      });
    }
  });

  test('the routes need the token like every /api/v1 route', async () => {
    const t = await storedTicket('AUTH1');
    for (const path of [`/api/v1/tickets/${t.id}/snooze`, '/api/v1/clusters/lab/ack', '/api/v1/mail-groups/x/ack']) {
      const r = await service.api(path, { method: 'POST' });
      assert.equal(r.status, 401, path);
    }
    assert.equal((await stored(t.id)).status, t.status);
  });

  describe('one ticket', () => {
    test('snooze with a reason and a note: stored, the user and what they wrote in the history; the same again is 200 unchanged', async () => {
      const t = await storedTicket('SNZ1');
      const until = inDays(3);
      const r = await send(
        'POST',
        `/api/v1/tickets/${t.id}/snooze`,
        json({ until, reason: 'CHG4711', note: 'renewal in the Saturday window' }),
        { 'X-Certwatch-User': 'alice' },
      );
      assert.equal(r.status, 200, json(r.body));
      assert.equal(r.body.reason, 'snoozed');
      const ticket = await stored(t.id);
      assert.equal(ticket.snoozedUntil, until);
      assert.equal(ticket.status, t.status, 'the status is kept');
      const entry = ticket.history.at(-1)!;
      assert.deepEqual(
        [entry.reason, entry.by, entry.note, entry.detail],
        ['snoozed', 'alice', 'CHG4711: renewal in the Saturday window', `until ${until}`],
      );
      const again = await send('POST', `/api/v1/tickets/${t.id}/snooze`, json({ until }));
      assert.deepEqual([again.status, again.body.reason], [200, 'already-snoozed']);
      assert.deepEqual(again.body.ticket, ticket);
    });

    test('unsnooze: reminders resume; a second unsnooze is 200 unchanged', async () => {
      const t = await storedTicket('SNZ2');
      assert.equal((await send('POST', `/api/v1/tickets/${t.id}/snooze`, json({ until: inDays(1) }))).status, 200);
      const r = await send('DELETE', `/api/v1/tickets/${t.id}/snooze`, json({ note: 'change cancelled' }), {
        'X-Certwatch-User': 'bob',
      });
      assert.equal(r.status, 200, json(r.body));
      assert.equal(r.body.reason, 'snooze-ended-by-user');
      const ticket = await stored(t.id);
      assert.equal(ticket.snoozedUntil, null);
      assert.deepEqual([ticket.history.at(-1)!.by, ticket.history.at(-1)!.note], ['bob', 'change cancelled']);
      const again = await send('DELETE', `/api/v1/tickets/${t.id}/snooze`);
      assert.deepEqual([again.status, again.body.reason], [200, 'not-snoozed']);
    });

    test('a bad snooze is 400 and changes nothing; a resolved ticket is 409', async () => {
      const t = await storedTicket('SNZ3');
      const bad: { body?: string; message: RegExp }[] = [
        { message: /until: required/ },
        { body: '{}', message: /until: required/ },
        { body: json({ until: 'next Tuesday' }), message: /invalid request/ },
        { body: json({ until: '2001-01-01T00:00:00Z' }), message: /until-not-future/ },
        { body: json({ until: inDays(400) }), message: /until-too-far/ },
        { body: json({ until: inDays(1), snoozeUntil: inDays(1) }), message: /invalid request/ },
        { body: json({ until: inDays(1), note: 5 }), message: /invalid request/ },
      ];
      for (const c of bad) {
        const r = await send('POST', `/api/v1/tickets/${t.id}/snooze`, c.body);
        assert.equal(r.status, 400, `${c.body}: ${json(r.body)}`);
        assert.match(String(r.body.message), c.message, String(c.body));
      }
      assert.equal(
        (await send('DELETE', `/api/v1/tickets/${t.id}/snooze`, json({ until: inDays(1) }))).status,
        400,
        'until is for snoozing',
      );
      assert.equal((await stored(t.id)).snoozedUntil, null);
      assert.deepEqual((await stored(t.id)).history, t.history, 'nothing recorded');
      await send('POST', `/api/v1/tickets/${t.id}/resolve`);
      const resolved = await send('POST', `/api/v1/tickets/${t.id}/snooze`, json({ until: inDays(1) }));
      assert.deepEqual([resolved.status, resolved.body.message], [409, 'not done: ticket-resolved']);
    });
  });

  describe('a cluster', () => {
    /** Two open tickets, one acknowledged, one resolved in cluster `id`; one open ticket in another cluster. */
    async function cluster(id: string) {
      const open = [await storedTicket('N1', id), await storedTicket('N2', id)];
      const acked = await storedTicket('N3', id, (t) => decideOnAction(t, { type: 'ack' }, 'carol', new Date()).ticket);
      const resolved = await storedTicket(
        'N4',
        id,
        (t) => decideOnAction(t, { type: 'resolve' }, 'carol', new Date()).ticket,
      );
      const other = await storedTicket('N1', `${id}-other`);
      return { open, acked, resolved, other };
    }

    test('ack: every open ticket; resolved ones and other clusters untouched; again: all left as they are, with why', async () => {
      const c = await cluster('bulk-ack');
      const r = await send(
        'POST',
        '/api/v1/clusters/bulk-ack/ack',
        json({ reason: 'CHG1', note: 'whole cluster next week' }),
        { 'X-Certwatch-User': 'dave' },
      );
      assert.equal(r.status, 200, json(r.body));
      assert.deepEqual(ids(r.body.changed), [...c.open, c.acked].map((t) => t.id).sort());
      assert.equal(
        r.body.changed!.find((i) => i.id === c.acked.id)?.reason,
        'noted',
        'already acknowledged: what the user wrote is kept',
      );
      assert.deepEqual(r.body.unchanged, []);
      for (const t of c.open) {
        const ticket = await stored(t.id);
        const entry = ticket.history.at(-1)!;
        assert.deepEqual(
          [ticket.status, entry.by, entry.note],
          ['acknowledged', 'dave', 'CHG1: whole cluster next week'],
        );
      }
      assert.equal((await stored(c.resolved.id)).status, 'resolved');
      assert.equal((await stored(c.other.id)).status, c.other.status, 'another cluster is not touched');
      const again = await send('POST', '/api/v1/clusters/bulk-ack/ack');
      assert.equal(again.status, 200);
      assert.deepEqual(again.body.changed, []);
      assert.deepEqual(ids(again.body.unchanged), [...c.open, c.acked].map((t) => t.id).sort());
      assert.ok(again.body.unchanged!.every((i) => i.reason === 'already-acknowledged'));
    });

    test('resolve: every open ticket, pending mails dropped; again: nothing open is left', async () => {
      const c = await cluster('bulk-resolve');
      const r = await send('POST', '/api/v1/clusters/bulk-resolve/resolve');
      assert.equal(r.status, 200, json(r.body));
      assert.deepEqual(ids(r.body.changed), [...c.open, c.acked].map((t) => t.id).sort());
      for (const t of [...c.open, c.acked]) {
        const ticket = await stored(t.id);
        assert.deepEqual([ticket.status, ticket.pendingMail], ['resolved', null]);
      }
      const again = await send('POST', '/api/v1/clusters/bulk-resolve/resolve');
      assert.deepEqual([again.status, again.body.changed, again.body.unchanged], [200, [], []]);
    });

    test('bad bodies are 400 and change nothing', async () => {
      const c = await cluster('bulk-bad');
      const cases: { path: string; body?: string; type?: string; status: number }[] = [
        { path: 'ack', body: json({ until: inDays(1) }), status: 400 },
        { path: 'ack', body: json({ bogus: true }), status: 400 },
        { path: 'resolve', body: '{"note": "half', status: 400 },
        { path: 'resolve', body: 'note=x', type: 'application/x-www-form-urlencoded', status: 415 },
        { path: 'snooze', status: 400 },
        { path: 'snooze', body: json({ until: '2001-01-01T00:00:00Z' }), status: 400 },
        { path: 'snooze', body: json({ until: inDays(400) }), status: 400 },
      ];
      for (const k of cases) {
        const r = await send('POST', `/api/v1/clusters/bulk-bad/${k.path}`, k.body, {}, k.type);
        assert.equal(r.status, k.status, `${k.path} ${k.body}: ${json(r.body)}`);
      }
      for (const t of [...c.open, c.acked]) assert.deepEqual(await stored(t.id), t, 'unchanged');
      assert.equal(await service.client.exists(redisKeys.clusterSnooze('bulk-bad')), 0, 'no cluster snooze stored');
    });

    test("snooze: every open ticket, and the cluster's snooze stored until its end (for tickets opened later)", async () => {
      const c = await cluster('bulk-snooze');
      const until = inDays(2);
      const r = await send('POST', '/api/v1/clusters/bulk-snooze/snooze', json({ until, reason: 'CHG2' }), {
        'X-Certwatch-User': 'erin',
      });
      assert.equal(r.status, 200, json(r.body));
      assert.deepEqual(ids(r.body.changed), [...c.open, c.acked].map((t) => t.id).sort());
      assert.deepEqual(
        [r.body.clusterSnooze?.until, r.body.clusterSnooze?.by, r.body.clusterSnooze?.note],
        [until, 'erin', 'CHG2'],
      );
      for (const t of [...c.open, c.acked]) {
        const ticket = await stored(t.id);
        assert.equal(ticket.snoozedUntil, until);
        assert.deepEqual(
          [ticket.history.at(-1)!.detail, ticket.history.at(-1)!.note],
          [`until ${until}; cluster bulk-snooze`, 'CHG2'],
        );
      }
      assert.equal((await stored(c.other.id)).snoozedUntil, null);
      const kept = (await createClusterSnoozes(service.client).of(['bulk-snooze'])).get('bulk-snooze');
      assert.deepEqual([kept?.until, kept?.by, kept?.note], [until, 'erin', 'CHG2']);
      const ttl = await service.client.pttl(redisKeys.clusterSnooze('bulk-snooze'));
      assert.ok(ttl > 2 * DAY - 60_000 && ttl <= 2 * DAY, `expires with the snooze (${ttl} ms)`);
      const again = await send('POST', '/api/v1/clusters/bulk-snooze/snooze', json({ until }));
      assert.equal(again.status, 200);
      assert.deepEqual(again.body.changed, []);
      assert.ok(again.body.unchanged!.every((i) => i.reason === 'already-snoozed'), json(again.body.unchanged));
    });

    test("ending the cluster's snooze: the tickets carrying it wake, one snoozed on its own to another end keeps it; again: nothing to end", async () => {
      const c = await cluster('bulk-unsnooze');
      const until = inDays(2);
      assert.equal(
        (await send('POST', '/api/v1/clusters/bulk-unsnooze/snooze', json({ until, reason: 'CHG3' }))).status,
        200,
      );
      const own = c.open[0]!;
      const ownUntil = inDays(5);
      assert.equal(
        (await send('POST', `/api/v1/tickets/${own.id}/snooze`, json({ until: ownUntil, reason: 'CHG4' }))).status,
        200,
      );

      const r = await send('DELETE', '/api/v1/clusters/bulk-unsnooze/snooze', json({ note: 'change moved' }), {
        'X-Certwatch-User': 'frank',
      });
      assert.equal(r.status, 200, json(r.body));
      assert.equal(r.body.clusterSnooze?.until, until);
      const woken = [...c.open.slice(1), c.acked];
      assert.deepEqual(ids(r.body.changed), woken.map((t) => t.id).sort());
      assert.ok(r.body.changed!.every((i) => i.reason === 'snooze-ended-by-user'));
      for (const t of woken) {
        const ticket = await stored(t.id);
        assert.deepEqual(
          [ticket.snoozedUntil, ticket.history.at(-1)!.by, ticket.history.at(-1)!.note],
          [null, 'frank', 'change moved'],
        );
      }
      assert.equal((await stored(own.id)).snoozedUntil, ownUntil, "its own snooze is the user's choice");
      assert.equal(
        await service.client.exists(redisKeys.clusterSnooze('bulk-unsnooze')),
        0,
        "the cluster's snooze is gone: later tickets do not take it",
      );

      const again = await send('DELETE', '/api/v1/clusters/bulk-unsnooze/snooze');
      assert.deepEqual(
        [again.status, again.body.clusterSnooze, again.body.changed, again.body.unchanged],
        [200, null, [], []],
      );
      const bad = await send('DELETE', '/api/v1/clusters/bulk-unsnooze/snooze', json({ until: inDays(1) }));
      assert.equal(bad.status, 400, 'until belongs to snooze only');
    });

    test('a cluster of the inventory without tickets is no 404: nothing to change', async () => {
      const put = await service.api('/api/v1/clusters/empty', {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: json({
          name: 'Empty',
          version: '15',
          nodes: [{ name: 'E1', roles: ['publisher'], addresses: ['192.0.2.10'] }],
        }),
      });
      assert.equal(put.status, 200, json(put.body));
      const r = await send('POST', '/api/v1/clusters/empty/ack');
      assert.deepEqual([r.status, r.body.changed, r.body.unchanged], [200, [], []]);
    });
  });

  describe('a mail group', () => {
    /** Records a mail holding `tickets` as the worker does (each member records the Message-ID with its revision). */
    async function mailed(tickets: Ticket[], messageId: string): Promise<string> {
      for (const t of tickets) {
        await store().update(
          t.id,
          (current) =>
            current &&
            recordMailSent(
              current,
              { revision: current.revision, messageId, threadSubject: '[certwatch] lab: x' },
              new Date(),
            ).ticket,
        );
      }
      return mailGroupId(tickets.map((t) => t.id), tickets.map((t) => t.revision));
    }

    test('ack: every ticket of that mail, not those of another; a resolved member is left, with why; again: all left', async () => {
      const a = await storedTicket('G1', 'grp');
      const b = await storedTicket('G2', 'grp');
      const gone = await storedTicket('G3', 'grp');
      const alone = await storedTicket('G4', 'grp');
      const group = await mailed([a, b, gone], '<group.3.x@example.net>');
      await mailed([alone], '<alone@example.net>');
      await store().update(gone.id, (t) => t && decideOnAction(t, { type: 'resolve' }, 'x', new Date()).ticket);
      const r = await send('POST', `/api/v1/mail-groups/${group}/ack`, json({ note: 'on it' }), {
        'X-Certwatch-User': 'frank',
      });
      assert.equal(r.status, 200, json(r.body));
      assert.deepEqual(ids(r.body.changed), [a.id, b.id].sort());
      assert.deepEqual(r.body.unchanged, [{ id: gone.id, reason: 'ticket-resolved', status: 'resolved' }]);
      assert.deepEqual(
        [(await stored(a.id)).history.at(-1)!.note, (await stored(a.id)).history.at(-1)!.by],
        ['on it', 'frank'],
      );
      assert.equal((await stored(alone.id)).status, 'notified', 'the ticket of another mail is not touched');
      const again = await send('POST', `/api/v1/mail-groups/${group}/ack`);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body.changed, []);
      assert.deepEqual(again.body.unchanged!.map((i) => i.reason).sort(), [
        'already-acknowledged',
        'already-acknowledged',
        'ticket-resolved',
      ]);
    });

    test('a recorded group (as the worker records it): ack reaches a member re-homed since (new id), not the one left behind', async () => {
      const a = await storedTicket('G6', 'unassigned-192-0-2-66');
      const b = await storedTicket('G7', 'grp3');
      const c = await storedTicket('G8', 'grp3');
      const groupId = mailGroupId([a.id, b.id], [a.revision, b.revision]);
      const messageId = '<group.2.recorded@example.net>';
      await createMailGroups(service.client).record({
        groupId,
        messageId,
        at: new Date().toISOString(),
        members: [
          { ticketId: a.id, revision: a.revision },
          { ticketId: b.id, revision: b.revision },
        ],
        attachments: [],
      });
      for (const t of [a, b]) {
        await store().update(
          t.id,
          (current) =>
            current &&
            recordMailSent(
              current,
              { revision: current.revision, messageId, threadSubject: '[certwatch] x', groupId },
              new Date(),
            ).ticket,
        );
      }
      // The inventory now knows G6: its ticket moves to the real cluster under a new id.
      const movedId = a.id.replace('unassigned-192-0-2-66', 'grp3');
      const rehomed = await store().rehome(
        a.id,
        movedId,
        (from) => ({ ticket: { ...from, id: movedId, clusterId: 'grp3' }, outcome: 'moved' }),
        new Date(),
      );
      assert.equal(rehomed.outcome, 'moved');

      const r = await send('POST', `/api/v1/mail-groups/${groupId}/ack`, undefined, { 'X-Certwatch-User': 'gina' });
      assert.equal(r.status, 200, json(r.body));
      assert.deepEqual(ids(r.body.changed), [movedId, b.id].sort(), 'the moved member under its new id');
      assert.equal((await stored(movedId)).status, 'acknowledged');
      assert.equal((await stored(c.id)).status, c.status, 'a ticket of no such mail is not touched');
      const again = await send('POST', `/api/v1/mail-groups/${groupId}/ack`);
      assert.deepEqual(again.body.unchanged!.map((i) => i.reason), ['already-acknowledged', 'already-acknowledged']);
    });

    test('a group id of no mail is 404, also once its tickets exist', async () => {
      const a = await storedTicket('G5', 'grp2');
      const r = await send('POST', `/api/v1/mail-groups/${mailGroupId([a.id], [a.revision])}/ack`);
      assert.equal(r.status, 404, 'the ticket was never mailed');
    });
  });
});
