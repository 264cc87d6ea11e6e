// POST /api/v1/clusters/:id/evidence over real HTTP: pasted `show` outputs (the fixtures of test/fixtures/discovery)
// and ITL/CTL files (tlv-builder) are read, kept for the cluster and answered with what was learned, what could not be
// read and where the kept facts contradict the inventory; unreadable evidence is a 400 with named reasons, never a 500.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { EvidenceAnswer } from '../../src/api/routes/discovery-schema.js';
import { EVIDENCE_MAX_BYTES } from '../../src/api/routes/evidence-route.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { itlFile, simulatedCluster } from '../support/tlv-builder.js';

const TOKEN = 'test-token-0123456789';
const fixture = (name: string) => readFileSync(`test/fixtures/discovery/show/${name}`, 'utf8');

describe('POST /api/v1/clusters/:id/evidence', () => {
  let service: TestApp;
  let base: string;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN, CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
    base = await service.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await service.close();
  });

  async function post<T>(path: string, body: string | Uint8Array, type: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': type },
      body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  test('pasted outputs: each certificate and state fact with its source, and the conflicts with the inventory', async () => {
    // The lab inventory says tokenless CTL and ITLRecovery ITL signer; these outputs are of an 11.5 eToken cluster.
    const paste = [
      fixture('cert-own-callmanager.txt'),
      fixture('show-ctl-etoken-11.5.txt'),
      fixture('show-itl-11.5.txt'),
    ].join('\n');
    const r = await post<EvidenceAnswer>('/api/v1/clusters/lab/evidence', paste, 'text/plain');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.certificates.map((c) => [
        c.function,
        c.unit,
        c.node,
        c.subject.includes('CN=cucm-pub.example.net'),
        c.serial,
        c.notAfter,
      ]),
      [
        [
          'CallManager',
          'CallManager',
          'cucm-pub.example.net',
          true,
          '6d2b9e61a7c2f1d0e3a4b5c6d7e8f901',
          '2026-02-27T21:00:00.000Z',
        ],
      ],
    );
    assert.deepEqual(
      r.body.state.map((s) => [s.kind, s.value, s.source.kind, s.source.detail]),
      [
        ['securityMode', 'mixed', 'show-output', 'POST /api/v1/clusters/lab/evidence: show ctl'],
        ['ctlSigner', 'etoken', 'show-output', 'POST /api/v1/clusters/lab/evidence: show ctl'],
        [
          'ctlFile',
          { signer: 'cn="SAST-ADN008580ef ";ou=IPCBU;o="Cisco Systems', signedAt: '2026-02-03T13:22:31.000Z' },
          'show-output',
          'POST /api/v1/clusters/lab/evidence: show ctl',
        ],
        ['itlSigner', 'callmanager', 'show-output', 'POST /api/v1/clusters/lab/evidence: show itl'],
        ['tftpServers', ['cucm-pub'], 'show-output', 'POST /api/v1/clusters/lab/evidence: show itl'],
      ],
    );
    assert.deepEqual(r.body.unread, []);
    assert.deepEqual(r.body.filled, [], 'the lab inventory knows all of these');
    assert.deepEqual(r.body.conflicts.map((c) => [c.field, c.reason, c.inventory, c.discovered]).sort(), [
      ['ctlSigner', 'differs-from-inventory', 'tokenless', 'etoken'],
      ['itlSigner', 'differs-from-inventory', 'itlrecovery', 'callmanager'],
      // The ITL of another cluster lists another TFTP server than the inventory's CUCM01, CUCM02.
      ['tftpServers', 'differs-from-inventory', ['CUCM01', 'CUCM02'], ['cucm-pub']],
    ]);
    assert.match(r.body.learnedAt, /^\d{4}-\d{2}-\d{2}T/);
  });

  test("an ITL file as application/octet-stream: every record's certificate with its exact not-after", async () => {
    const sim = simulatedCluster({
      nodes: ['CUCM01', 'CUCM02'],
      notAfter: { TVS: new Date('2027-01-12T00:00:00Z'), CallManager: new Date('2027-02-09T00:00:00Z') },
    });
    const r = await post<EvidenceAnswer>(
      '/api/v1/clusters/lab/evidence?name=ITLFile.tlv',
      itlFile(sim, 'itlrecovery'),
      'application/octet-stream',
    );
    assert.equal(r.status, 200);
    const units = r.body.certificates.map((c) => [c.function, c.unit, c.node, c.notAfter, c.source.kind]);
    assert.deepEqual(units.filter(([, unit]) => unit === 'TVS' || unit === 'CallManager').sort(), [
      ['CCM+TFTP', 'CallManager', 'CUCM01', '2027-02-09T00:00:00.000Z', 'itl-file'],
      ['CCM+TFTP', 'CallManager', 'CUCM02', '2027-02-09T00:00:00.000Z', 'itl-file'],
      ['TVS', 'TVS', 'CUCM01', '2027-01-12T00:00:00.000Z', 'itl-file'],
      ['TVS', 'TVS', 'CUCM02', '2027-01-12T00:00:00.000Z', 'itl-file'],
    ]);
    assert.deepEqual(
      r.body.state.map((s) => [s.kind, s.value]),
      [
        ['itlSigner', 'itlrecovery'],
        ['tftpServers', ['CUCM01', 'CUCM02']],
        ['signature', { outcome: 'verified' }],
      ],
    );
    // The inventory lists the same TFTP servers (the paste kept before, of another cluster, still disagrees).
    assert.deepEqual(
      r.body.conflicts.filter((c) => c.field === 'tftpServers').map((c) => c.source.kind),
      ['show-output'],
    );
    assert.deepEqual(r.body.warnings, []);
  });

  test('an ITL file changed after signing: read and kept all the same (200), its signature a mismatch and a warning', async () => {
    const file = Buffer.from(itlFile(simulatedCluster({ nodes: ['CUCM01', 'CUCM02'] }), 'itlrecovery'));
    const subject = file.indexOf('CN=CUCM02');
    file.writeUInt8(file.readUInt8(subject + 3) ^ 0x20, subject + 3);
    const r = await post<EvidenceAnswer>(
      '/api/v1/clusters/lab/evidence?name=ITLFile.tlv',
      file,
      'application/octet-stream',
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.certificates.length, 6, 'every record is read');
    assert.deepEqual(r.body.state.find((s) => s.kind === 'signature')?.value, { outcome: 'mismatch' });
    assert.deepEqual(
      r.body.warnings.map((w) => [w.reason, w.source.kind, w.source.detail, w.at]),
      [['signature-mismatch', 'itl-file', 'posted ITLFile.tlv', r.body.learnedAt]],
    );
    // The same file posted again whole: its signature holds now, and the warning is gone (one signature per file read).
    const whole = await post<EvidenceAnswer>(
      '/api/v1/clusters/lab/evidence?name=ITLFile.tlv',
      itlFile(simulatedCluster({ nodes: ['CUCM01', 'CUCM02'] }), 'itlrecovery'),
      'application/octet-stream',
    );
    assert.deepEqual(whole.body.warnings, []);
  });

  const refusals: { title: string; body: string | Uint8Array; type: string; reason: string }[] = [
    {
      title: 'bytes that are no TLV file',
      body: Buffer.from('<html>404</html>'),
      type: 'application/octet-stream',
      reason: 'not-a-tlv',
    },
    {
      title: 'a TLV file cut short',
      body: itlFile(simulatedCluster({ nodes: ['CUCM01'] }), 'itlrecovery').subarray(0, 300),
      type: 'application/octet-stream',
      reason: 'truncated',
    },
    { title: 'an empty paste', body: '   \n', type: 'text/plain', reason: 'empty' },
    {
      title: 'a paste of a command no reader knows',
      body: 'admin:show status\nHost Name : cucm01\n',
      type: 'text/plain',
      reason: 'unknown-command',
    },
  ];
  for (const { title, body, type, reason } of refusals) {
    test(`${title}: 400 naming why`, async () => {
      const r = await post<{ message: string; unread: { reason: string }[] }>(
        '/api/v1/clusters/lab/evidence',
        body,
        type,
      );
      assert.equal(r.status, 400);
      assert.deepEqual(r.body.unread.map((u) => u.reason), [reason]);
      assert.match(r.body.message, new RegExp(reason));
    });
  }

  test('an unknown cluster is 404; JSON is 415; a body over the limit is 413', async () => {
    assert.equal(
      (await post('/api/v1/clusters/nope/evidence', fixture('version-active-12.5.txt'), 'text/plain')).status,
      404,
    );
    assert.equal((await post('/api/v1/clusters/lab/evidence', '{"a":1}', 'application/json')).status, 415);
    assert.equal(
      (
        await post(
          '/api/v1/clusters/lab/evidence',
          Buffer.alloc(EVIDENCE_MAX_BYTES + 1, 0x41),
          'application/octet-stream',
        )
      ).status,
      413,
    );
  });
});

describe('GET /api/v1/clusters/:id shows what discovery learned', () => {
  let service: TestApp;
  const auth = { Authorization: `Bearer ${TOKEN}` };
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN, CLUSTERS_FILE: 'samples/clusters/unknown1.yaml' });
  });
  after(async () => {
    await service.close();
  });

  interface Shown {
    securityMode: string;
    discovered: {
      certificates: { learnedAt: string; certificate: { unit: string; notAfter: string } }[];
      state: { learnedAt: string; fact: { kind: string; source: { detail: string } } }[];
      lastSuccess: { source: string; at: string }[];
      filled: { field: string; value: unknown; at: string; source: { kind: string } }[];
      conflicts: unknown[];
      warnings: { reason: string; source: { detail: string }; at: string }[];
    };
  }

  test('nothing discovered: empty lists; after evidence: the facts with source and time, the fills, the inventory untouched', async () => {
    const before = await service.api<Shown>('/api/v1/clusters/unknown1', { headers: auth });
    assert.deepEqual(before.body.discovered, {
      certificates: [],
      state: [],
      lastSuccess: [],
      filled: [],
      conflicts: [],
      warnings: [],
      staleCtl: null,
      lastRun: null,
    });
    const posted = await service.api<EvidenceAnswer>('/api/v1/clusters/unknown1/evidence', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: [
        fixture('show-ctl-tokenless-12.5.txt'),
        fixture('version-active-12.5.txt'),
        fixture('cert-own-callmanager.txt'),
      ].join('\n'),
    });
    assert.equal(posted.status, 200);
    const shown = await service.api<Shown>('/api/v1/clusters/unknown1', { headers: auth });
    assert.equal(shown.body.securityMode, 'unknown', 'the inventory itself is not rewritten');
    const { discovered } = shown.body;
    assert.deepEqual(discovered.filled.map((f) => [f.field, f.value, f.source.kind, f.at]).sort(), [
      ['ctlSigner', 'tokenless', 'show-output', posted.body.learnedAt],
      ['securityMode', 'mixed', 'show-output', posted.body.learnedAt],
      ['version', '12.5.1.16900-48', 'show-output', posted.body.learnedAt],
    ]);
    assert.deepEqual(
      discovered.certificates.map((k) => [k.certificate.unit, k.certificate.notAfter, k.learnedAt]),
      [['CallManager', '2026-02-27T21:00:00.000Z', posted.body.learnedAt]],
    );
    assert.ok(
      discovered.state.every(
        (s) =>
          s.learnedAt === posted.body.learnedAt &&
          s.fact.source.detail.startsWith('POST /api/v1/clusters/unknown1/evidence: '),
      ),
    );
    assert.deepEqual(discovered.lastSuccess, [{ source: 'show-output', at: posted.body.learnedAt }]);
    assert.deepEqual(discovered.conflicts, []);
  });

  test('a posted file whose signature does not hold is shown as a warning beside its facts', async () => {
    const file = Buffer.from(itlFile(simulatedCluster({ nodes: ['CUCM01'] }), 'itlrecovery'));
    const subject = file.indexOf('CN=CUCM01');
    file.writeUInt8(file.readUInt8(subject + 3) ^ 0x20, subject + 3);
    const response = await service.app.inject({
      method: 'POST',
      url: '/api/v1/clusters/unknown1/evidence?name=ITLFile.tlv',
      headers: { ...auth, 'Content-Type': 'application/octet-stream' },
      payload: file,
    });
    assert.equal(response.statusCode, 200);
    const posted = { body: response.json<EvidenceAnswer>() };
    const shown = await service.api<Shown>('/api/v1/clusters/unknown1', { headers: auth });
    assert.deepEqual(
      shown.body.discovered.warnings.map((w) => [w.reason, w.source.detail, w.at]),
      [['signature-mismatch', 'posted ITLFile.tlv', posted.body.learnedAt]],
    );
    assert.ok(
      shown.body.discovered.state.some(
        (s) => s.fact.kind === 'signature' && s.fact.source.detail === 'posted ITLFile.tlv',
      ),
    );
  });
});
