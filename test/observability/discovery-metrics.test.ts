// The discovery gauges as Prometheus scrapes them: one series per certificate a unit holds now, with its exact
// not-after, replaced (not added to) when the certificate is renewed; and when each source kind last told anything.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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

  test('each unit\'s certificate on each node is one series with its exact not-after; a renewal replaces it', async () => {
    const first = await postItl(1, '2027-01-12T00:00:00Z');
    const tvs = async () => (await scrape(NOT_AFTER)).filter((s) => s.labels.unit === 'TVS')
      .sort((a, b) => a.labels.node!.localeCompare(b.labels.node!)).map((s) => [s.labels, s.value]);
    assert.deepEqual(await tvs(), [
      [{ cluster: 'lab', node: 'cucm01', unit: 'TVS', certificate: 'TVS.pem' }, Date.parse('2027-01-12T00:00:00Z') / 1000],
      [{ cluster: 'lab', node: 'cucm02', unit: 'TVS', certificate: 'TVS.pem' }, Date.parse('2027-01-12T00:00:00Z') / 1000],
    ]);
    const units = new Set((await scrape(NOT_AFTER)).map((s) => s.labels.unit));
    assert.deepEqual([...units].sort(), ['CAPF', 'CallManager', 'ITLRecovery', 'TVS'], 'certificates of no unit (none here) would be left out');
    assert.deepEqual((await scrape(LAST_SUCCESS)).map((s) => [s.labels, s.value]), [[{ cluster: 'lab', source: 'itl-file' }, Date.parse(first) / 1000]]);

    const count = (await scrape(NOT_AFTER)).length;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await postItl(2, '2032-01-12T00:00:00Z');
    assert.equal((await scrape(NOT_AFTER)).length, count, 'one series per certificate, renewed or not');
    assert.deepEqual((await tvs()).map(([, value]) => value), [Date.parse('2032-01-12T00:00:00Z') / 1000, Date.parse('2032-01-12T00:00:00Z') / 1000]);
    assert.deepEqual((await scrape(LAST_SUCCESS)).map((s) => s.value), [Date.parse(second) / 1000]);
  });
});
