// The worker's processors on a real Redis and a real BullMQ queue, with the clock passed in: reminders on the ladder,
// the quiet rule with and without other traffic from the node, duplicate events; a steady tick decides only on the
// tickets due.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { trafficField } from '../../src/accept/traffic-tracker.js';
import { jobIds } from '../../src/queue/names.js';
import { redisKeys } from '../../src/redis/keys.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { acceptedEvent, markMailed, startWorkerParts, type WorkerParts } from '../support/worker-parts.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-11-20T10:00:00.000Z');

describe('worker processors on real Redis', () => {
  let worker: WorkerParts;

  before(async () => {
    worker = await startWorkerParts(policyFrom({ reminderDays: [7, 3, 1, 0], quietAfterMs: 36 * HOUR }));
  });
  after(() => worker.close());

  test('first alarm -> mail job; the same accepted event twice is applied once; reminder on the ladder', async () => {
    const line = certAlarmLine({
      node: 'CUCM02',
      unit: 'CallManager',
      certificate: 'CallManager.der',
      alarm: 'CertValidfor7days',
      at: T0,
      expires: new Date(T0.getTime() + 6 * DAY),
    });
    const first = await worker.processEvent(acceptedEvent('e1', line, T0));
    assert.equal(first.reason, 'first-alarm');
    assert.ok(await worker.mailQueue.getJob(jobIds.mail(first.ticketId, 1)), 'mail job for revision 1');
    const again = await worker.processEvent(acceptedEvent('e1', line, T0));
    assert.equal(again.duplicate, true, 'a re-run of the same event job is recognised');
    assert.equal((await worker.store.get(first.ticketId))!.occurrences, 1);
    await markMailed(worker.store, first.ticketId, T0);

    assert.equal((await worker.processTick(new Date(T0.getTime() + DAY)))['nothing-due'], 1);
    // Decided on once, it is not read again until time can change something for it (the "3" step, or a write).
    assert.deepEqual(
      await worker.processTick(new Date(T0.getTime() + DAY + HOUR)),
      {},
      'a steady tick reads only the tickets due',
    );
    // 6 days before expiry at T0; 3 days left at T0 + 3 days: the "3" step of the ladder is due.
    const reasons = await worker.processTick(new Date(T0.getTime() + 3 * DAY + HOUR));
    assert.equal(reasons['reminder-due'], 1, JSON.stringify(reasons));
    const ticket = (await worker.store.get(first.ticketId))!;
    assert.equal(ticket.pendingMail?.kind, 'reminder');
    assert.ok(
      await worker.mailQueue.getJob(jobIds.mail(first.ticketId, ticket.revision)),
      'mail job for the reminder revision',
    );
    assert.ok(ticket.history.some((h) => h.reason === 'reminder-due'));
  });

  test('quiet: the alarm stops while the node keeps talking -> quiet + confirmation mail; silence alone changes nothing', async () => {
    const talking = certAlarmLine({
      node: 'CUCM03',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: T0,
      expires: new Date(T0.getTime() + 30 * DAY),
      cutAt: 0,
    });
    const silent = certAlarmLine({
      node: 'IMP01',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: T0,
      expires: new Date(T0.getTime() + 30 * DAY),
      cutAt: 0,
    });
    const a = await worker.processEvent(acceptedEvent('q1', talking, T0));
    const b = await worker.processEvent(acceptedEvent('q2', silent, T0));
    await markMailed(worker.store, a.ticketId, T0);
    await markMailed(worker.store, b.ticketId, T0);
    // CUCM03 keeps sending other messages two days later; IMP01 sends nothing.
    await worker.client.hset(redisKeys.nodeTraffic(), trafficField('CUCM03', 'node'), String(T0.getTime() + 2 * DAY));
    const reasons = await worker.processTick(new Date(T0.getTime() + 2 * DAY + HOUR));
    assert.equal((await worker.store.get(a.ticketId))!.status, 'quiet');
    assert.equal((await worker.store.get(a.ticketId))!.pendingMail?.kind, 'quiet-confirm');
    assert.notEqual((await worker.store.get(b.ticketId))!.status, 'quiet', 'silence alone never makes a ticket quiet');
    assert.ok((reasons['quiet-suspected'] ?? 0) >= 1, JSON.stringify(reasons));
  });
});
