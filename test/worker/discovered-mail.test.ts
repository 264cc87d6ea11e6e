// A ticket opened from discovery goes the alarm's mail and plan path (real Redis, real SMTP): its opening mail is sent
// with the exact date, the renewal plan attached, and says no alarm came yet. Discovery that contradicts the inventory
// reaches the mailed plan as a notice, never applied.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DiscoveredCertificate } from '../../src/discovery/facts-schema.js';
import { createDiscoveryStore } from '../../src/discovery/store.js';
import { tlvFacts } from '../../src/discovery/tlv/tlv-facts.js';
import { jobIds } from '../../src/queue/names.js';
import { decideOnDiscovered } from '../../src/tickets/discovered-certificate.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { DAY, T0, iso } from '../tickets/fixtures.js';
import { startMailRig, type MailRig } from '../support/mail-rig.js';
import { ctlFile, simulatedCluster } from '../support/tlv-builder.js';

const discovered: DiscoveredCertificate = {
  node: 'cucm01.lab.example',
  unit: 'TVS',
  function: 'TVS',
  certificate: null,
  subject: 'CN=cucm01.lab.example',
  issuer: 'CN=cucm01.lab.example',
  serial: '7e57',
  notBefore: null,
  notAfter: iso(40 * DAY),
  keyType: 'RSA',
  source: { kind: 'itl-file', detail: 'ITLFile.tlv from CUCM01, record 3' },
};

describe('a discovered ticket\'s opening mail (real Redis, real SMTP)', () => {
  let rig: MailRig;
  before(async () => {
    rig = await startMailRig();
  });
  after(() => rig.stop());

  test('sent like an alarm\'s: subject, exact date, the plan attached, "no alarm yet"', async () => {
    const { ticket } = decideOnDiscovered(null, discovered, {
      clusterId: 'lab',
      policy: policyFrom(),
      now: T0,
      nodes: [
        {
          name: 'CUCM01',
          addresses: ['192.0.2.11', 'cucm01.lab.example'],
          roles: ['publisher', 'tftp'],
          timeZone: 'Europe/Berlin',
        },
      ],
    });
    await rig.store.update(ticket!.id, () => ticket);
    const data = { ticketId: ticket!.id, clusterId: 'lab', revision: ticket!.pendingMail!.revision };
    assert.equal(await rig.processMailJob(jobIds.mail(ticket!.id, data.revision), data, T0), 'sent');
    const mail = rig.smtp.received.at(-1)!;
    assert.match(String(mail.parsed.subject), /^\[certwatch\] Lab cluster: TVS on CUCM01 expires 30 Dec 2026/);
    const text = String(mail.parsed.text);
    assert.match(text, /\(no alarm yet\); read by discovery/);
    assert.match(text, /exact/);
    assert.ok((mail.parsed.attachments ?? []).length > 0, 'the runbook attached');
    assert.equal((await rig.store.get(ticket!.id))!.status, 'notified');
  });

  test('a plan mailed while discovery contradicts the inventory carries the conflict notice and follows the inventory', async () => {
    // The lab inventory says tokenless CTL; the CTL its TFTP server serves is signed by an eToken.
    const ctl = tlvFacts(
      ctlFile(simulatedCluster({ nodes: ['CUCM01', 'CUCM02'] }), 'etoken'),
      'CTLFile.tlv',
      'http://cucm01.lab.example:6970/CTLFile.tlv',
    );
    const recorded = await createDiscoveryStore(rig.client, { get: () => undefined }).recordDiscovery('lab', ctl, T0);
    assert.ok(recorded.learned.state.some((f) => f.kind === 'ctlSigner' && f.value === 'etoken'));
    const capf: DiscoveredCertificate = {
      ...discovered,
      unit: 'CAPF',
      function: 'CAPF',
      serial: 'ca9f',
      subject: 'CN=CAPF-1234abcd',
      issuer: 'CN=CAPF-1234abcd',
    };
    const { ticket } = decideOnDiscovered(null, capf, {
      clusterId: 'lab',
      policy: policyFrom(),
      now: T0,
      nodes: [
        {
          name: 'CUCM01',
          addresses: ['192.0.2.11', 'cucm01.lab.example'],
          roles: ['publisher', 'tftp'],
          timeZone: 'Europe/Berlin',
        },
      ],
    });
    await rig.store.update(ticket!.id, () => ticket);
    const data = { ticketId: ticket!.id, clusterId: 'lab', revision: ticket!.pendingMail!.revision };
    assert.equal(await rig.processMailJob(jobIds.mail(ticket!.id, data.revision), data, T0), 'sent');
    const mail = rig.smtp.received.at(-1)!;
    const runbook = (mail.parsed.attachments ?? []).find((a) => /runbook\.md$/.test(a.filename ?? ''));
    assert.ok(runbook, `a Markdown runbook among ${(mail.parsed.attachments ?? []).map((a) => a.filename).join(', ')}`);
    const text = runbook.content.toString('utf8');
    assert.match(
      text,
      /Discovery conflict on ctlSigner: the inventory says tokenless; etoken was found in http:\/\/cucm01\.lab\.example:6970\/CTLFile\.tlv \(ctl-file\)/,
    );
    assert.match(text, /Not applied: the plan follows the inventory/);
    // The plan follows the inventory: a tokenless CTL, updated with the cluster's key.
    assert.match(text, /tokenless CTL \(cluster key\)/);
    assert.match(text, /utils ctl update CTLFile/);
  });
});
