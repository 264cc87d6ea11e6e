// Discovered certificates applied through the ticket store on a real Redis and a real BullMQ queue, with the clock
// passed in: a ticket opens at the ladder's first step with the exact expiry and the same mail job an alarm gets, is
// reminded at every step of the default ladder, and alarms and discoveries land on one ticket whichever came first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { AcceptedEvent } from '../../src/accept/accepted-event.js';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import type { DiscoveredCertificate } from '../../src/discovery/facts-schema.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { parseLine } from '../../src/parse/index.js';
import { createMailProducer } from '../../src/queue/mail-producer.js';
import { QUEUES, jobIds } from '../../src/queue/names.js';
import { BULL_PREFIX } from '../../src/redis/keys.js';
import { applyDiscoveredCertificates, type ApplyDiscoveredDeps } from '../../src/tickets/apply-discovered.js';
import { createClusterSnoozes } from '../../src/tickets/cluster-snoozes.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { recordMailSent } from '../../src/tickets/record-mail.js';
import { createTicketStore, type TicketStore } from '../../src/tickets/ticket-store.js';
import { createEventProcessor } from '../../src/worker/event-processor.js';
import { createTickProcessor } from '../../src/worker/tick-processor.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = new Date('2026-11-20T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function cert(over: Partial<DiscoveredCertificate> = {}): DiscoveredCertificate {
  return {
    node: 'CUCM01', unit: 'tomcat', function: 'tomcat', certificate: 'tomcat.pem', subject: 'CN=cucm01.lab.example', issuer: 'CN=cucm01.lab.example',
    serial: '5a1e', notBefore: null, notAfter: at(40 * DAY).toISOString(), keyType: 'RSA', source: { kind: 'tls-probe', detail: 'cucm01.lab.example:8443' },
    ...over,
  };
}

function accepted(id: string, line: string, receivedAt: Date): AcceptedEvent {
  const outcome = parseLine(line, { receivedAt });
  assert.equal(outcome.kind, 'certificate');
  return { id, event: outcome.kind === 'certificate' ? outcome.event : (undefined as never), sourceAddress: '192.0.2.11', transport: 'udp', receivedAt: receivedAt.toISOString() };
}

describe('applyDiscoveredCertificates on real Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  let mailQueue: Queue;
  let store: TicketStore;
  let deps: ApplyDiscoveredDeps;
  let processEvent: ReturnType<typeof createEventProcessor>;
  let processTick: ReturnType<typeof createTickProcessor>;

  before(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    mailQueue = new Queue(QUEUES.mail, { connection: client, prefix: BULL_PREFIX });
    const logger = pino({ level: 'silent' });
    const metrics = createMetrics();
    store = createTicketStore(client);
    const clusters = createClusterDirectory({ redis: client, file: clusterFileReader('samples/clusters/lab.yaml'), logger });
    await clusters.refresh();
    const policy = policyFrom(); // the default ladder: 90,60,30,14,7,3,1,0
    const mail = createMailProducer(mailQueue, { groupWindowMs: 60_000, attempts: 3, backoffMs: 1000 });
    const clusterSnoozes = createClusterSnoozes(client);
    deps = { store, clusters, clusterSnoozes, mail, policy, metrics, logger };
    processEvent = createEventProcessor({ store, clusters, clusterSnoozes, mail, policy, metrics, logger });
    processTick = createTickProcessor({ redis: client, store, clusters, mail, policy, metrics, logger });
  });
  after(async () => {
    await mailQueue.close();
    client.disconnect();
    await redis.stop();
  });

  async function markMailed(ticketId: string, now: Date) {
    await store.update(ticketId, (t) => t && t.pendingMail && recordMailSent(t, { revision: t.pendingMail.revision, messageId: `<m${t.pendingMail.revision}@test>`, threadSubject: '[certwatch] lab: test' }, now).ticket);
  }

  test('opens with the exact expiry and the alarm\'s mail job; the same run again changes nothing; two sources of one certificate record both', async () => {
    const probe = cert();
    const itl = cert({ source: { kind: 'itl-file', detail: 'ITLFile.tlv from CUCM01, record 2' } });
    const sast = cert({ unit: null, node: null, function: 'SAST', certificate: null, serial: '77' });
    const first = await applyDiscoveredCertificates(deps, 'lab', [probe, itl, sast], T0);
    assert.deepEqual(first.map((a) => [a.action, a.reason]), [['open', 'discovered-in-ladder'], ['update', 'evidence-added'], ['none', 'not-a-unit']]);
    const id = first[0]!.ticketId!;
    assert.equal(first[1]!.ticketId, id);
    assert.equal(first[2]!.ticketId, null);

    const ticket = (await store.get(id))!;
    assert.deepEqual([ticket.status, ticket.expiry.precision, ticket.expiry.source, ticket.expiry.at], ['open', 'exact', 'discovery', probe.notAfter]);
    assert.deepEqual(ticket.discovered?.sources.map((s) => s.kind), ['tls-probe', 'itl-file']);
    assert.equal(ticket.history[0]?.detail, `discovered via tls-probe (cucm01.lab.example:8443) at ${T0.toISOString()}: serial 5a1e, not-after ${probe.notAfter}`);
    assert.equal(ticket.pendingMail?.kind, 'opened');
    const job = await mailQueue.getJob(jobIds.mail(id, ticket.revision));
    assert.ok(job, 'the plan-mail job of the opening revision');
    assert.deepEqual(job.data, { ticketId: id, clusterId: 'lab', revision: ticket.revision });
    assert.ok((await store.ofCluster('lab')).some((t) => t.id === id), 'indexed with its cluster');

    const again = await applyDiscoveredCertificates(deps, 'lab', [probe, itl], at(DAY));
    assert.deepEqual(again.map((a) => a.reason), ['same-facts', 'same-facts']);
    assert.equal((await store.get(id))!.revision, ticket.revision, 'no new revision');
  });

  test('reminded at every step of the default ladder before the exact expiry, and nowhere between', async () => {
    const notAfter = at(95 * DAY);
    const c = cert({ node: 'CUCM02', subject: 'CN=cucm02', serial: 'c0ffee', notAfter: notAfter.toISOString(), source: { kind: 'show-output', detail: 'show cert own tomcat/tomcat.pem' } });
    const early = await applyDiscoveredCertificates(deps, 'lab', [c], T0);
    assert.deepEqual(early.map((a) => a.reason), ['not-in-ladder'], '95 days ahead: not yet');
    assert.equal(await store.get(early[0]!.ticketId!), null);

    const step = (d: number) => new Date(notAfter.getTime() - d * DAY);
    const opened = await applyDiscoveredCertificates(deps, 'lab', [c], new Date(step(90).getTime() + HOUR));
    assert.equal(opened[0]!.reason, 'discovered-in-ladder');
    const id = opened[0]!.ticketId!;
    await markMailed(id, new Date(step(90).getTime() + HOUR));

    for (const d of [60, 30, 14, 7, 3, 1, 0]) {
      const before = (await store.get(id))!;
      await processTick(new Date(step(d).getTime() - HOUR));
      assert.equal((await store.get(id))!.revision, before.revision, `no mail an hour before the ${d}-day step`);
      const reasons = await processTick(new Date(step(d).getTime() + 60_000));
      const after = (await store.get(id))!;
      assert.equal(after.revision, before.revision + 1, `one mail at the ${d}-day step (${JSON.stringify(reasons)})`);
      // At 7, 1 and 0 days the urgency steps up too (week, day, expired): the escalation mail is that step's mail.
      assert.equal(after.pendingMail?.kind, [7, 1, 0].includes(d) ? 'escalated' : 'reminder', `${d}-day step`);
      assert.ok(after.remindersSent.includes(d), `the ${d}-day step is covered`);
      assert.ok(await mailQueue.getJob(jobIds.mail(id, after.revision)), `mail job of the ${d}-day step`);
      await markMailed(id, new Date(step(d).getTime() + 2 * 60_000));
    }
    assert.deepEqual((await store.get(id))!.remindersSent, [90, 60, 30, 14, 7, 3, 1, 0]);
  });

  test('an alarm after a discovery lands on the discovered ticket', async () => {
    const c = cert({ node: 'cucm03.lab.example', unit: 'CallManager', function: 'CCM+TFTP', certificate: null, serial: 'cc03', notAfter: at(30 * DAY).toISOString(), source: { kind: 'itl-file', detail: 'ITLFile.tlv from CUCM01, record 4' } });
    const [discovered] = await applyDiscoveredCertificates(deps, 'lab', [c], T0);
    assert.equal(discovered!.action, 'open');
    const alarmAt = at(24 * DAY);
    const line = certAlarmLine({ node: 'CUCM03', unit: 'CallManager', certificate: 'CallManager.der', alarm: 'CertValidfor7days', at: alarmAt, expires: at(30 * DAY) });
    const decided = await processEvent(accepted('d-after-1', line, alarmAt));
    assert.equal(decided.ticketId, discovered!.ticketId);
    const ticket = (await store.get(decided.ticketId))!;
    assert.equal(ticket.occurrences, 1);
    assert.equal(ticket.alarm, 'CertValidfor7days');
    assert.equal(ticket.expiry.source, 'discovery', 'the exact date read from the certificate is kept');
    assert.equal((await store.ofCluster('lab')).filter((t) => t.unit === 'CallManager' && t.node === 'CUCM03').length, 1, 'one ticket');
  });

  test('a discovery after an alarm lands on the alarm\'s ticket; its renewal resolves it', async () => {
    const line = certAlarmLine({ node: 'IMP01', unit: 'tomcat', certificate: 'tomcat.der', alarm: 'CertValidfor7days', at: T0, expires: at(5 * DAY) });
    const alarmed = await processEvent(accepted('a-first-1', line, T0));
    const read = cert({ node: '192.0.2.21', serial: '1a', notAfter: at(5 * DAY).toISOString(), source: { kind: 'tls-probe', detail: '192.0.2.21:8443' } });
    const [update] = await applyDiscoveredCertificates(deps, 'lab', [read], at(HOUR));
    assert.equal(update!.ticketId, alarmed.ticketId, 'the address keys to the inventory\'s node name, as the alarm\'s NodeID');
    assert.equal(update!.action, 'update');
    assert.equal((await store.get(alarmed.ticketId))!.expiry.precision, 'exact');

    const [renewed] = await applyDiscoveredCertificates(deps, 'lab', [{ ...read, serial: '2b', notAfter: at(2 * 365 * DAY).toISOString() }], at(2 * DAY));
    assert.deepEqual([renewed!.action, renewed!.reason], ['resolve-renewed', 'renewed']);
    const ticket = (await store.get(alarmed.ticketId))!;
    assert.equal(ticket.status, 'resolved');
    assert.equal(ticket.history.at(-1)?.reason, 'renewed');
  });
});
