// The node-silence mail job on real Redis and a real SMTP server: one mail per revision whatever the retries (a
// failed send is retried with the same Message-ID; a job run again after sending sends nothing), and a revision the
// ticket moved past before its mail was composed gives way to the newer one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import { createOutboxTransport, createSmtpTransport } from '../../src/notify/mail-transport.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { jobIds } from '../../src/queue/names.js';
import { decideNodeSilence, type NodeSilenceTicket } from '../../src/tickets/node-silence.js';
import { createNodeSilenceStore, type NodeSilenceStore } from '../../src/tickets/node-silence-store.js';
import { createNodeSilenceMailProcessor } from '../../src/worker/node-silence-mail.js';
import { HOUR, T0, at } from '../tickets/fixtures.js';
import { startMailRig, type MailRig } from '../support/mail-rig.js';

const AFTER = 48 * HOUR;
const heard = (node: string, ms: number) => ({ clusterId: 'lab', node, lastHeardMs: T0.getTime() + ms });

describe('the node-silence mail job (real Redis, real SMTP)', () => {
  let rig: MailRig;
  let silences: NodeSilenceStore;
  let process: ReturnType<typeof createNodeSilenceMailProcessor>;
  before(async () => {
    rig = await startMailRig();
    const logger = pino({ level: 'silent' });
    const clusters = createClusterDirectory({
      redis: rig.client,
      file: clusterFileReader('samples/clusters/lab.yaml'),
      logger,
    });
    await clusters.refresh();
    silences = createNodeSilenceStore(rig.client);
    process = createNodeSilenceMailProcessor({
      redis: rig.client,
      silences,
      clusters,
      transport: createSmtpTransport(rig.smtp.url, logger),
      outbox: createOutboxTransport(rig.outboxDir, logger),
      from: 'certwatch@example.net',
      defaultTo: [],
      silenceAfterMs: AFTER,
      installId: async () => 'inst1',
      metrics: createMetrics(),
      logger,
    });
  });
  after(() => rig.stop());

  const store = async (t: NodeSilenceTicket) => silences.update(t.id, () => t);
  const job = (t: NodeSilenceTicket) => ({
    id: jobIds.nodeSilenceMail(t.id, t.revision),
    data: { silenceId: t.id, clusterId: t.clusterId, revision: t.revision },
  });

  test('a failed send is retried with the same mail; once sent, the job sends nothing again', async () => {
    const open = (await store(decideNodeSilence(null, heard('CUCM01', 0), at(49 * HOUR), AFTER).ticket!))!;
    const { id, data } = job(open);
    rig.smtp.losingAcks = true; // the relay keeps it, certwatch sees a failure: the retry must be the same mail
    await assert.rejects(process(id, data, at(49 * HOUR)));
    rig.smtp.losingAcks = false;
    const before = rig.smtp.received.length;
    assert.equal(await process(id, data, at(49 * HOUR)), 'sent');
    assert.equal(await process(id, data, at(50 * HOUR)), 'already-mailed');
    const sent = rig.smtp.received.slice(before);
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.envelopeTo, ['uc-team@lab.example']);
    const refused = rig.smtp.received.slice(0, before).filter((m) => m.parsed.messageId === sent[0]!.parsed.messageId);
    assert.equal(
      refused.length,
      1,
      'the retry sent the mail composed for the failed attempt (same Message-ID: the reader sees one)',
    );
    assert.deepEqual(
      (await silences.get(open.id))!.mailed.map((m) => [m.revision, m.messageId]),
      [[1, sent[0]!.parsed.messageId]],
    );
  });

  test('a revision the ticket moved past before its mail was composed is superseded; the newer one is mailed', async () => {
    const open = (await store(decideNodeSilence(null, heard('CUCM03', 0), at(49 * HOUR), AFTER).ticket!))!;
    const resolved = (await store(decideNodeSilence(open, heard('CUCM03', 55 * HOUR), at(55 * HOUR), AFTER).ticket!))!;
    const before = rig.smtp.received.length;
    assert.equal(await process(job(open).id, job(open).data, at(55 * HOUR)), 'superseded');
    assert.equal(await process(job(resolved).id, job(resolved).data, at(55 * HOUR)), 'sent');
    const sent = rig.smtp.received.slice(before);
    assert.deepEqual(
      sent.map((m) => String(m.parsed.headers.get('x-certwatch-kind'))),
      ['node-heard-again'],
    );
    assert.equal(
      String(sent[0]!.parsed.subject),
      '[certwatch] Lab cluster: CUCM03 heard again',
      'no opening mail to reply to',
    );
  });
});
