// GET /api/v1/plan orders and dates a planned plan by the expiries the service knows (issue 12), on the application
// with its real dependencies and a real Redis (test/support/api-app.ts): an ITL file posted as evidence whose TVS
// expires in 12 days and CallManager in 40 puts TVS first, with the deadline reason; an open ticket with an exact
// expiry does the same for a cluster discovery never read.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decideOnEvent } from '../../src/tickets/decide.js';
import { policyFrom } from '../../src/tickets/policy.js';
import { ticketIdFor } from '../../src/tickets/ticket-key.js';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { itlFile, simulatedCluster } from '../support/tlv-builder.js';
import { makeEvent } from '../tickets/fixtures.js';
import { zonedDateTime } from '../../src/render/zoned-date.js';

const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
const DAY = 86_400_000;
/** A not-after `days` from now, whole seconds as a certificate carries it. */
const inDays = (days: number) => new Date(Math.floor((Date.now() + days * DAY) / 1000) * 1000);

interface PlanBody {
  stages: { unit: string; movedForDeadline?: string; deadline: string | null }[];
  targets: { unit: string; expiresAt: string | null; expiresAtPrecision: string | null; nodes: string[] }[];
  notices: string[];
}

/** The lab cluster, and a copy of it ("tix", nodes TIX01..) that discovery never reads. */
function inventoryFile(): string {
  const lab = readFileSync('samples/clusters/lab.yaml', 'utf8');
  const cluster = lab.slice(lab.indexOf('  - id: lab'));
  const tix = cluster
    .replace('id: lab', 'id: tix')
    .replace('name: Lab cluster', 'name: Tickets only')
    .replaceAll('CUCM0', 'TIX0')
    .replaceAll('cucm0', 'tix0')
    .replaceAll('IMP01', 'TIXIMP01')
    .replaceAll('imp01', 'tiximp01')
    .replaceAll('192.0.2.', '198.51.100.');
  const file = join(mkdtempSync(join(tmpdir(), 'cw-plan-known-')), 'clusters.yaml');
  writeFileSync(file, `clusters:\n${cluster}${tix}`);
  return file;
}

describe('GET /api/v1/plan with the expiries the service knows', () => {
  let service: TestApp;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN, CLUSTERS_FILE: inventoryFile() });
  });
  after(() => service.close());

  const plan = async (query: string) => {
    const r = await service.api<PlanBody>(`/api/v1/plan?${query}`, { headers: auth });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };

  test("discovery: a TVS in 12 days and a CallManager in 40 put TVS first, with the deadline reason and the date's source", async () => {
    const before = await plan('cluster=lab&unit=all');
    assert.notEqual(before.stages[0]?.unit, 'TVS', 'nothing known yet: the default order');
    assert.ok(before.notices.some((n) => n.startsWith('Expiry dates: none known')), before.notices.join('\n'));

    const tvs = inDays(12);
    // The ITL carries CAPF too: far enough out (its default end has passed) that only TVS and CallManager matter.
    const sim = simulatedCluster({
      nodes: ['CUCM01', 'CUCM02'],
      notAfter: { TVS: tvs, CallManager: inDays(40), CAPF: inDays(400) },
    });
    const posted = await service.app.inject({
      method: 'POST', url: '/api/v1/clusters/lab/evidence?name=ITLFile.tlv',
      headers: { ...auth, 'Content-Type': 'application/octet-stream' }, payload: itlFile(sim, 'itlrecovery'),
    });
    assert.equal(posted.statusCode, 200, posted.body);

    for (const unit of ['all', 'TVS,CallManager']) {
      const after = await plan(`cluster=lab&unit=${unit}`);
      assert.equal(after.stages[0]?.unit, 'TVS', unit);
      // In the cluster's zone with UTC beside it (lab is Europe/Berlin).
      const tvsDate = zonedDateTime(tvs.toISOString(), 'Europe/Berlin');
      assert.ok(
        (after.stages[0]?.movedForDeadline ?? '').startsWith(`TVS expires ${tvsDate}: its turn in the default order`),
        after.stages[0]?.movedForDeadline,
      );
      assert.equal(after.stages[0]?.deadline, tvs.toISOString());
      const target = after.targets.find((t) => t.unit === 'TVS');
      assert.deepEqual(
        target && [target.expiresAt, target.expiresAtPrecision, target.nodes],
        [tvs.toISOString(), 'exact', []],
        'every node of TVS, dated by the earliest',
      );
      assert.ok(
        after.notices.some((n) => n.includes(`TVS ${tvsDate} on CUCM01 (discovery, read `)),
        after.notices.join('\n'),
      );
    }
  });

  test('an open ticket with an exact expiry does the same without discovery', async () => {
    const before = await plan('cluster=tix&unit=TVS,CallManager');
    assert.deepEqual(before.stages.map((s) => s.unit), ['CallManager', 'TVS']);

    const tickets = createTicketStore(service.client);
    const policy = policyFrom({ reminderDays: [7, 3, 1, 0] });
    const now = new Date();
    const opened: string[] = [];
    for (const [unit, node, days] of [['TVS', 'TIX02', 12], ['CallManager', 'TIX01', 40]] as const) {
      const expires = inDays(days).toISOString();
      const event = makeEvent({
        unit, node, host: `${node}.example.com`, certificate: `${unit}.der`, alarmAt: now.toISOString(),
        expiry: { at: expires, earliest: expires, latest: expires, precision: 'exact', text: 'full', note: 'exact' },
      });
      const id = ticketIdFor(event, 'tix');
      await tickets.update(
        id,
        (current) => decideOnEvent(current, event, { clusterId: 'tix', ticketId: id, now, policy }).ticket,
      );
      opened.push(id);
    }

    const after = await plan('cluster=tix&unit=TVS,CallManager');
    assert.deepEqual(
      after.stages.map((s) => s.unit),
      ['TVS', 'CallManager'],
    );
    assert.match(
      after.stages[0]?.movedForDeadline ?? '',
      /^TVS expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+ \((\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} UTC\): its turn in the default order/,
    );
    assert.ok(
      after.notices.some((n) => n.includes(`on TIX02 (ticket ${opened[0]}, exact)`)),
      after.notices.join('\n'),
    );
    // The lab cluster's tickets (opened by the evidence above) are not this cluster's.
    assert.ok(!after.notices.some((n) => /discovery, read/.test(n)));
  });
});
