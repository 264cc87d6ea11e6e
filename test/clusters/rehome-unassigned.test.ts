// Re-homing on a real Redis: the cluster directory hands a changed inventory (PUT or file) to the re-homer, which
// moves unassigned tickets (or merges them), leaves a redirect, schedules the pending mail under the new id, and does
// nothing more when run again or by two processes at once.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import {
  clusterFileReader,
  createClusterDirectory,
  type ClusterDirectory,
} from '../../src/clusters/cluster-directory.js';
import { createRehomer } from '../../src/clusters/rehome-unassigned.js';
import type { CertificateEvent } from '../../src/domain/certificate-event.js';
import { readClustersFile } from '../../src/config/load-clusters.js';
import { createMailProducer } from '../../src/queue/mail-producer.js';
import { jobIds, QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX, redisKeys } from '../../src/redis/keys.js';
import { unassignedClusterId } from '../../src/tickets/cluster-match.js';
import { decideOnEvent } from '../../src/tickets/decide.js';
import { recordMailSent } from '../../src/tickets/record-mail.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { createTicketStore, TICKET_MOVE_TTL_S, type TicketStore } from '../../src/tickets/ticket-store.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { HOUR, T0, at, makeEvent, policy } from '../tickets/fixtures.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

const LOCAL = unassignedClusterId('127.0.0.1');
const logger = pino({ level: 'silent' });
const lab = (() => {
  const read = readClustersFile('samples/clusters/lab.yaml');
  assert.ok(read.ok);
  return read.clusters.find((c) => c.id === 'lab')!;
})();

describe('re-homing unassigned tickets (real Redis)', () => {
  let redis: TestRedis;
  let client: Redis;
  let store: TicketStore;
  let queue: Queue;

  before(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url);
    store = createTicketStore(client);
    queue = new Queue(QUEUES.mail, { connection: client, prefix: BULL_PREFIX });
  });
  after(async () => {
    await queue.close();
    client.disconnect();
    await redis.stop();
  });
  beforeEach(async () => {
    await client.flushall();
  });

  const rehomer = () =>
    createRehomer({
      store,
      mail: createMailProducer(queue, { groupWindowMs: 60_000, attempts: 1, backoffMs: 100 }),
      logger,
      now: () => at(HOUR),
    });
  const directory = (file = clusterFileReader(undefined)): ClusterDirectory =>
    createClusterDirectory({ redis: client, file, logger, onInventoryChange: rehomer() });

  /** Stores the ticket `event` opens in `clusterId` (as the event processor would). */
  async function open(clusterId: string, event: CertificateEvent, now = T0): Promise<Ticket> {
    const id = ticketIdFor(event, clusterId);
    const { ticket } = await store.update(
      id,
      (current) => decideOnEvent(current, event, { clusterId, ticketId: id, now, policy }).ticket,
    );
    return ticket!;
  }
  async function markMailed(t: Ticket, messageId: string): Promise<Ticket> {
    const { ticket } = await store.update(
      t.id,
      (current) =>
        recordMailSent(current!, { revision: t.pendingMail!.revision, messageId, threadSubject: 'subject' }, at(1000))
          .ticket,
    );
    return ticket!;
  }

  const units = ['tomcat', 'CallManager', 'CAPF', 'TVS'];
  const eventsFor = (node: string) => units.map((unit) => makeEvent({ node, unit, certificate: `${unit}.der` }));

  test("a PUT of the cluster moves its nodes' tickets: same count, new ids, redirects, history, pending mail rescheduled", async () => {
    const moving = await Promise.all(eventsFor('CUCM01').map((e) => open(LOCAL, e)));
    const staying = await open(LOCAL, makeEvent({ node: 'ELSEWHERE01', host: 'elsewhere01.example.com' }));
    await markMailed(moving[0]!, '<first@certwatch.test>');
    const dir = directory();
    await dir.refresh();
    assert.equal((await store.list()).length, 5, 'no cluster knows CUCM01 yet: nothing moves');

    await dir.put(lab, 'alice');
    const after = await store.list();
    assert.equal(after.length, 5, 'moved, not copied');
    assert.deepEqual(after.filter((t) => t.clusterId === LOCAL).map((t) => t.id), [staying.id]);
    for (const [i, old] of moving.entries()) {
      const newId = ticketIdFor(eventsFor('CUCM01')[i]!, 'lab');
      assert.equal(await store.get(old.id), null, 'nothing left at the old id');
      const moved = await store.get(newId);
      assert.ok(moved, `ticket at ${newId}`);
      assert.equal(moved.clusterId, 'lab');
      assert.equal(moved.history.at(-1)!.reason, 'rehomed');
      assert.match(moved.history.at(-1)!.detail!, /node CUCM01 is in cluster lab/);
      const move = await store.movedTo(old.id);
      assert.deepEqual(move, { to: newId, at: at(HOUR).toISOString(), reason: 'moved' });
      const ttl = await client.ttl(redisKeys.ticketMoved(old.id));
      assert.ok(ttl > TICKET_MOVE_TTL_S - 60 && ttl <= TICKET_MOVE_TTL_S, 'the redirect is kept for a bounded time');
      const job = await queue.getJob(jobIds.mail(newId, moved.revision));
      if (i === 0) {
        assert.equal(moved.threadMessageId, '<first@certwatch.test>', 'the thread travels');
        assert.equal(job, undefined, 'its opening mail went out: nothing to mail');
      } else {
        assert.ok(job, 'the pending mail is scheduled under the new id');
        assert.equal(job.data.clusterId, 'lab', 'and mailed with the known cluster (its plan)');
      }
    }

    // Again (another refresh, another process): nothing changes.
    const summary = await rehomer()([lab]);
    assert.deepEqual(summary, { moved: 0, merged: 0, 'already-moved': 0 });
    assert.deepEqual((await store.list()).map((t) => t.id).sort(), after.map((t) => t.id).sort());
  });

  test('a write for the old id lands on the moved ticket; nothing is created at the old id', async () => {
    const event = makeEvent({ node: 'CUCM02' });
    const old = await open(LOCAL, event);
    await rehomer()([lab]);
    const later = makeEvent({ node: 'CUCM02', alarmAt: at(2 * HOUR).toISOString() });
    // A process whose inventory is not refreshed yet still keys the alarm in the unassigned cluster.
    const { ticket } = await store.update(
      old.id,
      (current) =>
        decideOnEvent(current, later, { clusterId: LOCAL, ticketId: old.id, now: at(2 * HOUR), policy }).ticket,
    );
    assert.equal(ticket?.id, ticketIdFor(event, 'lab'));
    assert.equal(ticket?.occurrences, 2);
    assert.equal(await store.get(old.id), null);
    assert.equal((await store.list()).length, 1);
  });

  test('a ticket for the same certificate already in the cluster: merged, not duplicated, the old id redirects to it', async () => {
    const event = makeEvent({ node: 'CUCM03' });
    const unassigned = await markMailed(await open(LOCAL, event), '<unassigned@certwatch.test>');
    const real = await open('lab', makeEvent({ node: 'CUCM03', alarmAt: at(HOUR).toISOString() }), at(HOUR));
    assert.equal(real.pendingMail?.kind, 'opened');
    const summary = await rehomer()([lab]);
    assert.deepEqual(summary, { moved: 0, merged: 1, 'already-moved': 0 });
    const tickets = await store.list();
    assert.deepEqual(tickets.map((t) => t.id), [real.id]);
    const merged = tickets[0]!;
    assert.equal(merged.occurrences, 2);
    assert.equal(merged.pendingMail?.kind, 'reminder', 'no second opening mail');
    assert.equal(merged.threadMessageId, '<unassigned@certwatch.test>');
    assert.equal((await store.movedTo(unassigned.id))?.reason, 'merged');
    assert.ok(await queue.getJob(jobIds.mail(real.id, merged.revision)), 'the merged pending mail has its job');
  });

  test('two processes re-homing at once: every ticket ends in exactly one place', async () => {
    const olds = await Promise.all(
      ['CUCM01', 'CUCM02', 'CUCM03', 'IMP01'].flatMap((node) => eventsFor(node).map((e) => open(LOCAL, e))),
    );
    const [a, b] = await Promise.all([rehomer()([lab]), rehomer()([lab])]);
    assert.equal(a.moved + b.moved, olds.length, 'each moved once');
    assert.equal(a.merged + b.merged, 0);
    const tickets = await store.list();
    assert.equal(tickets.length, olds.length);
    assert.ok(tickets.every((t) => t.clusterId === 'lab'));
    for (const old of olds) assert.equal(await client.exists(redisKeys.ticket(old.id)), 0);
    assert.equal(await client.zcard(redisKeys.ticketsByExpiry()), olds.length, 'the index lists each ticket once');
  });

  test('a composed mail\'s claim on the pending revision follows a move', async () => {
    const old = await open(LOCAL, makeEvent({ node: 'CUCM01' }));
    await client.set(redisKeys.mailClaim(old.id, old.revision), 'mail-job-7', 'EX', 600);
    await rehomer()([lab]);
    const newId = ticketIdFor(makeEvent({ node: 'CUCM01' }), 'lab');
    assert.equal(await client.get(redisKeys.mailClaim(newId, old.revision)), 'mail-job-7');
  });

  test('a CLUSTERS_FILE that gains the cluster re-homes at the next refresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehome-'));
    const file = join(dir, 'clusters.yaml');
    writeFileSync(file, 'clusters: []\n');
    const old = await open(LOCAL, makeEvent({ node: 'CUCM02' }));
    const directoryOnFile = directory(clusterFileReader(file));
    await directoryOnFile.refresh();
    assert.ok(await store.get(old.id));
    writeFileSync(file, readFileSync('samples/clusters/lab.yaml', 'utf8'));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    await directoryOnFile.refresh();
    assert.equal(await store.get(old.id), null);
    assert.ok(await store.get(ticketIdFor(makeEvent({ node: 'CUCM02' }), 'lab')));
  });

  test('a failed re-homing is tried again at the next refresh', async () => {
    let calls = 0;
    const flaky = createClusterDirectory({
      redis: client, file: clusterFileReader(undefined), logger,
      onInventoryChange: async () => {
        calls += 1;
        if (calls === 2) throw new Error('Redis went away');
      },
    });
    await flaky.refresh();
    await flaky.refresh();
    assert.equal(calls, 1, 'unchanged inventory: not called again');
    await flaky.put(lab, 'alice');
    assert.equal(calls, 2);
    await flaky.refresh();
    assert.equal(calls, 3, 'the failed call is made again');
    await flaky.refresh();
    assert.equal(calls, 3);
  });
});
