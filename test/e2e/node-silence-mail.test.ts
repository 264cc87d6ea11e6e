// A silent node's mails through the running service (real UDP, real Redis, the real worker, a real SMTP server): a
// node of the inventory heard once and then silent for NODE_SILENCE_AFTER_MS gets one mail to its cluster's
// recipients (which node, since when in the cluster's zone with UTC, what to check), and one more, in the same thread,
// when it is heard again; ticks in between send nothing more.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { noiseLine } from '../support/alarm-lines.js';
import type { TestService } from '../support/in-process.js';
import { startMailInstallation, type MailInstallation } from '../support/mail-installation.js';
import { sendUdp } from '../support/send-udp.js';
import type { ReceivedMail, SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

const SILENCE_MS = 2_500;

describe('node-silence mails (real UDP, Redis, worker and SMTP)', () => {
  let installation: MailInstallation;
  let smtp: SmtpSink;
  let service: TestService;

  before(async () => {
    installation = await startMailInstallation({
      MAIL_FROM: 'certwatch@example.net', MAIL_TO: 'fallback@example.net',
      CLUSTERS_FILE: 'samples/clusters/lab.yaml', NODE_SILENCE_AFTER_MS: String(SILENCE_MS), TICK_INTERVAL_MS: '250',
      TRAFFIC_FLUSH_MS: '100', MAIL_RETRY_BASE_MS: '100',
    });
    ({ service, smtp } = installation);
  });
  after(() => installation.stop());

  const kind = (m: ReceivedMail) => String(m.parsed.headers.get('x-certwatch-kind') ?? '');
  const ofKind = (k: string) => smtp.received.filter((m) => kind(m) === k);

  test('silent: one mail saying which node, since when and what to check; heard again: one reply; nothing more', async () => {
    const heardAt = new Date();
    await sendUdp(service.ports.udp!, [noiseLine('CUCM02', heardAt)]);
    const [opened] = await waitFor(
      'the silence mail',
      async () => (ofKind('node-silence').length > 0 ? ofKind('node-silence') : null),
      30_000,
    );
    assert.ok(opened);
    assert.deepEqual(opened.envelopeTo, ['uc-team@lab.example'], "the cluster's recipients");
    assert.match(
      String(opened.parsed.subject),
      /^\[certwatch\] Lab cluster: no syslog from CUCM02 since \d{4}-\d\d-\d\d \d\d:\d\d CE[S]?T \(\d\d:\d\d UTC\)$/,
    );
    const text = String(opened.parsed.text);
    assert.match(text, /^Node CUCM02 of Lab cluster has sent certwatch nothing since /);
    assert.match(
      text,
      /What to check:\n1\. Remote syslog on CUCM02: Cisco Unified Serviceability > Alarm > Configuration/,
    );
    assert.match(text, /2\. The path: .* CUCM02 \(192\.0\.2\.12, cucm02\.lab\.example\)/);
    assert.match(text, /3\. The firewall: /);
    assert.equal(
      ofKind('node-silence').filter((m) => /CUCM0[134]|IMP01/.test(String(m.parsed.subject))).length,
      0,
      'nodes never heard are not silent',
    );

    // A few ticks later: still one mail for this silence.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(ofKind('node-silence').length, 1, 'one mail per revision');

    await sendUdp(service.ports.udp!, [noiseLine('CUCM02', new Date(), 8)]);
    const [resolved] = await waitFor(
      'the heard-again mail',
      async () => (ofKind('node-heard-again').length > 0 ? ofKind('node-heard-again') : null),
      30_000,
    );
    assert.ok(resolved);
    assert.equal(resolved.parsed.inReplyTo, opened.parsed.messageId, 'in the thread of the silence mail');
    assert.equal(String(resolved.parsed.subject), `Re: ${String(opened.parsed.subject)}`);
    assert.match(String(resolved.parsed.text), /^Node CUCM02 is heard again/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepEqual([ofKind('node-silence').length, ofKind('node-heard-again').length], [1, 1]);
    const { body } = await service.api<{
      items: { id: string; status: string; revision: number; mailed: unknown[] }[];
    }>('/api/v1/node-silences');
    assert.deepEqual(
      body.items.map((t) => [t.id, t.status, t.revision, t.mailed.length]),
      [['lab/cucm02', 'resolved', 2, 2]],
    );
  });
});
