// The certificate gauges as Prometheus scrapes them: one series per certificate a unit holds now, with its exact
// not-after, replaced (not added to) when the certificate is renewed; the open alarm tickets with an exact or inferred
// expiry beside them (one series where discovery knows the same certificate); and when each source kind last told
// anything.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createTicketStore } from '../../src/tickets/ticket-store.js';
import { DAY, exactExpiry, inferredExpiry, makeEvent, openWith, windowExpiry } from '../tickets/fixtures.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { parseExposition, type Sample } from '../support/metrics.js';
import { itlFile, simulatedCluster } from '../support/tlv-builder.js';

const TOKEN = 'test-token-0123456789';
const NOT_AFTER = 'certwatch_certificate_not_after_timestamp_seconds';
const LAST_SUCCESS = 'certwatch_discovery_last_success_timestamp_seconds';

describe('discovery metrics on /metrics', () => {
  let service: TestApp;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN, CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
  });
  after(async () => {
    await service.close();
  });
  const auth = { Authorization: `Bearer ${TOKEN}` };

  const scrape = async (name: string): Promise<Sample[]> => {
    const r = await service.api<string>('/metrics');
    assert.equal(r.status, 200);
    return parseExposition(r.body).filter((s) => s.name === name);
  };
  const postItl = async (generation: number, tvsNotAfter: string) => {
    const sim = simulatedCluster({ nodes: ['CUCM01', 'CUCM02'], generation, notAfter: { TVS: new Date(tvsNotAfter) } });
    const r = await service.app.inject({
      method: 'POST', url: '/api/v1/clusters/lab/evidence', payload: itlFile(sim, 'itlrecovery'),
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/octet-stream' },
    });
    assert.equal(r.statusCode, 200);
    return (JSON.parse(r.body) as { learnedAt: string }).learnedAt;
  };

  test('no discovery yet: no series', async () => {
    assert.deepEqual(await scrape(NOT_AFTER), []);
    assert.deepEqual(await scrape(LAST_SUCCESS), []);
  });

  test("each unit's certificate on each node is one series with its exact not-after; a renewal replaces it", async () => {
    const first = await postItl(1, '2027-01-12T00:00:00Z');
    const tvs = async () => (await scrape(NOT_AFTER)).filter((s) => s.labels.unit === 'TVS')
      .sort((a, b) => a.labels.node!.localeCompare(b.labels.node!)).map((s) => [s.labels, s.value]);
    assert.deepEqual(await tvs(), [
      [
        { cluster: 'lab', node: 'cucm01', unit: 'TVS', certificate: 'TVS.pem' },
        Date.parse('2027-01-12T00:00:00Z') / 1000,
      ],
      [
        { cluster: 'lab', node: 'cucm02', unit: 'TVS', certificate: 'TVS.pem' },
        Date.parse('2027-01-12T00:00:00Z') / 1000,
      ],
    ]);
    const units = new Set((await scrape(NOT_AFTER)).map((s) => s.labels.unit));
    assert.deepEqual(
      [...units].sort(),
      ['CAPF', 'CallManager', 'ITLRecovery', 'TVS'],
      'certificates of no unit (none here) would be left out',
    );
    assert.deepEqual(
      (await scrape(LAST_SUCCESS)).map((s) => [s.labels, s.value]),
      [[{ cluster: 'lab', source: 'itl-file' }, Date.parse(first) / 1000]],
    );

    const count = (await scrape(NOT_AFTER)).length;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await postItl(2, '2032-01-12T00:00:00Z');
    assert.equal((await scrape(NOT_AFTER)).length, count, 'one series per certificate, renewed or not');
    assert.deepEqual(
      (await tvs()).map(([, value]) => value),
      [Date.parse('2032-01-12T00:00:00Z') / 1000, Date.parse('2032-01-12T00:00:00Z') / 1000],
    );
    assert.deepEqual(
      (await scrape(LAST_SUCCESS)).map((s) => s.value),
      [Date.parse(second) / 1000],
    );
  });

  test("open alarm tickets with an exact or inferred expiry add series; discovery's reading wins; resolving removes one", async () => {
    const redis = new Redis(service.redis.url);
    try {
      const store = createTicketStore(redis);
      const tomcat = openWith(
        makeEvent({ node: 'CUCM03', unit: 'tomcat', certificate: 'tomcat.der', expiry: exactExpiry(5 * DAY) }),
      );
      // The same certificate discovery read on cucm01 (an ITL names it CUCM01, the alarm says callmanager.der).
      const callManager = openWith(
        makeEvent({
          node: 'cucm01',
          unit: 'CallManager',
          certificate: 'CallManager.der',
          expiry: inferredExpiry(6 * DAY),
        }),
      );
      const window = openWith(
        makeEvent({ node: 'CUCM02', unit: 'ipsec', certificate: 'ipsec.der', expiry: windowExpiry(DAY, 7 * DAY) }),
      );
      for (const t of [tomcat, callManager, window]) await store.update(t.id, () => t);

      const series = await scrape(NOT_AFTER);
      const of = (node: string, unit: string) => series.filter((s) => s.labels.node === node && s.labels.unit === unit);
      assert.deepEqual(
        of('cucm03', 'tomcat').map((s) => [s.labels.certificate, s.value]),
        [['tomcat.der', Date.parse(tomcat.expiry.at!) / 1000]],
      );
      const discovered = of('cucm01', 'CallManager');
      assert.equal(discovered.length, 1, 'one series for the certificate both know');
      assert.notEqual(
        discovered[0]!.value,
        Date.parse(callManager.expiry.at!) / 1000,
        "discovery's exact date, not the alarm's inferred one",
      );
      assert.equal(discovered[0]!.labels.certificate, 'CallManager.pem');
      assert.deepEqual(of('cucm02', 'ipsec'), [], 'a bare window gives no series');

      const resolved = await service.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${tomcat.id}/resolve`,
        payload: { note: 'renewed' },
        headers: { ...auth, 'X-Certwatch-User': 'alice' },
      });
      assert.equal(resolved.statusCode, 200, resolved.body);
      assert.deepEqual(
        (await scrape(NOT_AFTER)).filter((s) => s.labels.node === 'cucm03'),
        [],
        "a resolved ticket's series is gone",
      );
      assert.equal((await scrape(NOT_AFTER)).length, series.length - 1);
    } finally {
      redis.disconnect();
    }
  });
});
