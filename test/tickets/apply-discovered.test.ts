// Discovered certificates applied through the ticket store on a real Redis and a real BullMQ queue, with the clock
// passed in: a ticket opens at the ladder's first step with the exact expiry and the same mail job an alarm gets, is
// reminded at every step of the default ladder, and alarms and discoveries land on one ticket whichever came first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DiscoveredCertificate } from '../../src/discovery/facts-schema.js';
import { jobIds } from '../../src/queue/names.js';
import { applyDiscoveredCertificates } from '../../src/tickets/apply-discovered.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { acceptedEvent, markMailed, startWorkerParts, type WorkerParts } from '../support/worker-parts.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-11-20T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function cert(over: Partial<DiscoveredCertificate> = {}): DiscoveredCertificate {
  return {
    node: 'CUCM01',
    unit: 'tomcat',
    function: 'tomcat',
    certificate: 'tomcat.pem',
    subject: 'CN=cucm01.lab.example',
    issuer: 'CN=cucm01.lab.example',
    serial: '5a1e',
    notBefore: null,
    notAfter: at(40 * DAY).toISOString(),
    keyType: 'RSA',
    source: { kind: 'tls-probe', detail: 'cucm01.lab.example:8443' },
    ...over,
  };
}

describe('applyDiscoveredCertificates on real Redis', () => {
  let worker: WorkerParts;

  before(async () => {
    worker = await startWorkerParts(policyFrom()); // the default ladder: 90,60,30,14,7,3,1,0
  });
  after(() => worker.close());

  test("opens with the exact expiry and the alarm's mail job; the same run again changes nothing; two sources of one certificate record both", async () => {
    const probe = cert();
    const itl = cert({ source: { kind: 'itl-file', detail: 'ITLFile.tlv from CUCM01, record 2' } });
    const sast = cert({ unit: null, node: null, function: 'SAST', certificate: null, serial: '77' });
    const first = await applyDiscoveredCertificates(worker.deps, 'lab', [probe, itl, sast], T0);
    assert.deepEqual(
      first.map((a) => [a.action, a.reason]),
      [
        ['open', 'discovered-in-ladder'],
        ['update', 'evidence-added'],
        ['none', 'not-a-unit'],
      ],
    );
    const id = first[0]!.ticketId!;
    assert.equal(first[1]!.ticketId, id);
    assert.equal(first[2]!.ticketId, null);

    const ticket = (await worker.store.get(id))!;
    assert.deepEqual(
      [ticket.status, ticket.expiry.precision, ticket.expiry.source, ticket.expiry.at],
      ['open', 'exact', 'discovery', probe.notAfter],
    );
    assert.deepEqual(
      ticket.discovered?.sources.map((s) => s.kind),
      ['tls-probe', 'itl-file'],
    );
    assert.equal(
      ticket.history[0]?.detail,
      `discovered via tls-probe (cucm01.lab.example:8443) at ${T0.toISOString()}: serial 5a1e, not-after ${probe.notAfter}`,
    );
    assert.equal(ticket.pendingMail?.kind, 'opened');
    const job = await worker.mailQueue.getJob(jobIds.mail(id, ticket.revision));
    assert.ok(job, 'the plan-mail job of the opening revision');
    assert.deepEqual(job.data, { ticketId: id, clusterId: 'lab', revision: ticket.revision });
    assert.ok((await worker.store.ofCluster('lab')).some((t) => t.id === id), 'indexed with its cluster');

    const again = await applyDiscoveredCertificates(worker.deps, 'lab', [probe, itl], at(DAY));
    assert.deepEqual(again.map((a) => a.reason), ['same-facts', 'same-facts']);
    assert.equal((await worker.store.get(id))!.revision, ticket.revision, 'no new revision');
  });

  test('reminded at every step of the default ladder before the exact expiry, and nowhere between', async () => {
    const notAfter = at(95 * DAY);
    const c = cert({
      node: 'CUCM02',
      subject: 'CN=cucm02',
      serial: 'c0ffee',
      notAfter: notAfter.toISOString(),
      source: { kind: 'show-output', detail: 'show cert own tomcat/tomcat.pem' },
    });
    const early = await applyDiscoveredCertificates(worker.deps, 'lab', [c], T0);
    assert.deepEqual(early.map((a) => a.reason), ['not-in-ladder'], '95 days ahead: not yet');
    assert.equal(await worker.store.get(early[0]!.ticketId!), null);

    const step = (d: number) => new Date(notAfter.getTime() - d * DAY);
    const opened = await applyDiscoveredCertificates(worker.deps, 'lab', [c], new Date(step(90).getTime() + HOUR));
    assert.equal(opened[0]!.reason, 'discovered-in-ladder');
    const id = opened[0]!.ticketId!;
    await markMailed(worker.store, id, new Date(step(90).getTime() + HOUR));

    for (const d of [60, 30, 14, 7, 3, 1, 0]) {
      const before = (await worker.store.get(id))!;
      await worker.processTick(new Date(step(d).getTime() - HOUR));
      assert.equal((await worker.store.get(id))!.revision, before.revision, `no mail an hour before the ${d}-day step`);
      const reasons = await worker.processTick(new Date(step(d).getTime() + 60_000));
      const after = (await worker.store.get(id))!;
      assert.equal(after.revision, before.revision + 1, `one mail at the ${d}-day step (${JSON.stringify(reasons)})`);
      // At 7, 1 and 0 days the urgency steps up too (week, day, expired): the escalation mail is that step's mail.
      assert.equal(after.pendingMail?.kind, [7, 1, 0].includes(d) ? 'escalated' : 'reminder', `${d}-day step`);
      assert.ok(after.remindersSent.includes(d), `the ${d}-day step is covered`);
      assert.ok(await worker.mailQueue.getJob(jobIds.mail(id, after.revision)), `mail job of the ${d}-day step`);
      await markMailed(worker.store, id, new Date(step(d).getTime() + 2 * 60_000));
    }
    assert.deepEqual((await worker.store.get(id))!.remindersSent, [90, 60, 30, 14, 7, 3, 1, 0]);
  });

  test('an alarm after a discovery lands on the discovered ticket', async () => {
    const c = cert({
      node: 'cucm03.lab.example',
      unit: 'CallManager',
      function: 'CCM+TFTP',
      certificate: null,
      serial: 'cc03',
      notAfter: at(30 * DAY).toISOString(),
      source: { kind: 'itl-file', detail: 'ITLFile.tlv from CUCM01, record 4' },
    });
    const [discovered] = await applyDiscoveredCertificates(worker.deps, 'lab', [c], T0);
    assert.equal(discovered!.action, 'open');
    const alarmAt = at(24 * DAY);
    const line = certAlarmLine({
      node: 'CUCM03',
      unit: 'CallManager',
      certificate: 'CallManager.der',
      alarm: 'CertValidfor7days',
      at: alarmAt,
      expires: at(30 * DAY),
    });
    const decided = await worker.processEvent(acceptedEvent('d-after-1', line, alarmAt));
    assert.equal(decided.ticketId, discovered!.ticketId);
    const ticket = (await worker.store.get(decided.ticketId))!;
    assert.equal(ticket.occurrences, 1);
    assert.equal(ticket.alarm, 'CertValidfor7days');
    assert.equal(ticket.expiry.source, 'discovery', 'the exact date read from the certificate is kept');
    assert.equal(
      (await worker.store.ofCluster('lab')).filter((t) => t.unit === 'CallManager' && t.node === 'CUCM03').length,
      1,
      'one ticket',
    );
  });

  test("a discovery after an alarm lands on the alarm's ticket; its renewal resolves it", async () => {
    const line = certAlarmLine({
      node: 'IMP01',
      unit: 'tomcat',
      certificate: 'tomcat.der',
      alarm: 'CertValidfor7days',
      at: T0,
      expires: at(5 * DAY),
    });
    const alarmed = await worker.processEvent(acceptedEvent('a-first-1', line, T0));
    const read = cert({
      node: '192.0.2.21',
      serial: '1a',
      notAfter: at(5 * DAY).toISOString(),
      source: { kind: 'tls-probe', detail: '192.0.2.21:8443' },
    });
    const [update] = await applyDiscoveredCertificates(worker.deps, 'lab', [read], at(HOUR));
    assert.equal(
      update!.ticketId,
      alarmed.ticketId,
      "the address keys to the inventory's node name, as the alarm's NodeID",
    );
    assert.equal(update!.action, 'update');
    assert.equal((await worker.store.get(alarmed.ticketId))!.expiry.precision, 'exact');

    const [renewed] = await applyDiscoveredCertificates(
      worker.deps,
      'lab',
      [{ ...read, serial: '2b', notAfter: at(2 * 365 * DAY).toISOString() }],
      at(2 * DAY),
    );
    assert.deepEqual([renewed!.action, renewed!.reason], ['resolve-renewed', 'renewed']);
    const ticket = (await worker.store.get(alarmed.ticketId))!;
    assert.equal(ticket.status, 'resolved');
    assert.equal(ticket.history.at(-1)?.reason, 'renewed');
  });
});
