// Discovery end to end (issue 12): a simulated CUCM on loopback whose TVS expires in 12 days and CallManager in 40,
// an inventory that knows only the nodes and where to look. POST /api/v1/clusters/:id/discover -> probes over real
// sockets -> facts kept (mode, signers, version filled) -> one ticket per certificate with its exact expiry -> a real
// SMTP server receives the plan, which moves TVS first (its deadline comes before its default turn).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hasOpenssl } from '../support/openssl-certificate.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startSimulatedCucm, tvsSoon, type RunningCucm, type Scenario } from '../support/simulated-cucm.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'discovery-flow-token';
const auth = { authorization: `Bearer ${TOKEN}` };

function inventory(scenario: Scenario, cucm: RunningCucm): string {
  const nodes = scenario.nodes.map((n, i) => [
    `      - name: ${n.name}`, `        addresses: [${n.address}]`, `        roles: [${i === 0 ? 'publisher' : 'subscriber'}, tftp]`, '        timeZone: Europe/Berlin',
  ].join('\n')).join('\n');
  const p = cucm.ports;
  return [
    // What an admin knows without looking (how the certificates are signed); the rest is left for discovery to fill.
    'clusters:', '  - id: soon', '    name: Soon', '    signing: { callmanager: self-signed, tvs: self-signed, tomcat: self-signed, capf: self-signed, itlrecovery: self-signed }',
    '    nodes:', nodes,
    '    discovery:', `      seeds: [${scenario.seeds.join(', ')}]`, '      probes: [itl, ctl, uds, tls]',
    `      ports: { tftp: ${p.tftp}, uds: ${p.uds}, tomcat: ${p.tomcat}, callManager: [${p.callManager.join(', ')}], capf: ${p.capf}, tvs: ${p.tvs}, xmppClient: ${p.xmppClient}, xmppServer: ${p.xmppServer} }`,
    '',
  ].join('\n');
}

interface Outcome { node: string | null; unit: string | null; ticketId: string | null; action: string; reason: string; notAfter: string }
interface DiscoverAnswer { filled: { field: string; value: unknown }[]; conflicts: unknown[]; tickets: Outcome[]; run: { trigger: string; probes: { outcome: string }[] } }
interface Expiry { id: string; node: string; unit: string; expiresAt: string; expiresAtPrecision: string }

describe('discovery end to end (simulated CUCM, real Redis, real SMTP)', { skip: hasOpenssl() ? false : 'no openssl binary' }, () => {
  let redis: TestRedis;
  let smtp: SmtpSink;
  let cucm: RunningCucm;
  let scenario: Scenario;
  let service: TestService;

  before(async () => {
    scenario = tvsSoon(new Date());
    cucm = await startSimulatedCucm(scenario);
    redis = await startTestRedis();
    smtp = await startSmtpSink();
    const clusters = join(mkdtempSync(join(tmpdir(), 'cw-disc-')), 'clusters.yaml');
    writeFileSync(clusters, inventory(scenario, cucm));
    service = await startTestService({
      REDIS_URL: redis.url, SMTP_URL: smtp.url, MAIL_TO: 'uc@example.net', MAIL_FROM: 'certwatch@example.net',
      CLUSTERS_FILE: clusters, API_TOKEN: TOKEN, MAIL_GROUP_WINDOW_MS: '300',
    });
  });
  after(async () => {
    await service?.stop();
    await Promise.all([smtp?.close(), redis?.stop(), cucm?.close()]);
  });

  test('the run fills the state, opens one ticket per certificate in the ladder with its exact expiry, and mails a plan with TVS first', async () => {
    // The worker's schedule discovers a never-run cluster at start; the request runs it again (or waits its turn).
    let answer: { status: number; body: DiscoverAnswer } = await service.api<DiscoverAnswer>('/api/v1/clusters/soon/discover', { method: 'POST', headers: auth });
    if (answer.status === 409) {
      await waitFor('the scheduled run to end', async () => ((await service.api<{ discovered: { lastRun: unknown } }>('/api/v1/clusters/soon', { headers: auth })).body.discovered.lastRun !== null), 20_000);
      answer = await service.api<DiscoverAnswer>('/api/v1/clusters/soon/discover', { method: 'POST', headers: auth });
    }
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.run.trigger, 'request');
    assert.ok(answer.body.run.probes.some((p) => p.outcome === 'ok'));
    const filled = Object.fromEntries(answer.body.filled.map((f) => [f.field, f.value]));
    assert.equal(filled.securityMode, 'mixed');
    assert.equal(filled.ctlSigner, 'tokenless');
    assert.equal(filled.itlSigner, 'itlrecovery');
    assert.deepEqual(answer.body.conflicts, []);

    // TVS (12 days) and CallManager (40 days) of both nodes are in the 90-day ladder: four tickets, exact dates.
    const want = scenario.expected.certificates.filter((c) => c.unit === 'TVS' || c.unit === 'CallManager');
    const { body: list } = await service.api<{ items: Expiry[] }>('/api/v1/expiries', { headers: auth });
    for (const c of want) {
      const ticket = list.items.find((t) => t.node.toLowerCase() === c.node && t.unit === c.unit);
      assert.ok(ticket, `no ticket for ${c.node} ${c.unit}: ${JSON.stringify(list.items.map((t) => [t.node, t.unit]))}`);
      assert.equal(ticket.expiresAt, c.notAfter);
      assert.equal(ticket.expiresAtPrecision, 'exact');
    }
    // A second run reads the same certificates: the tickets are not opened again.
    const again = await service.api<DiscoverAnswer>('/api/v1/clusters/soon/discover', { method: 'POST', headers: auth });
    assert.equal(again.status, 200);
    assert.ok(again.body.tickets.every((t) => t.action !== 'open'), JSON.stringify(again.body.tickets));

    // The plan mailed for the cluster: TVS's step comes before CallManager's (deadline first), and says why.
    await waitFor('a mail whose runbook plans TVS and CallManager', () => smtp.received.some((m) => m.parsed.attachments.some((a) => a.contentType === 'text/markdown' && /TVS/.test(a.content.toString('utf8')) && /CallManager/.test(a.content.toString('utf8')))), 30_000);
    const plan = smtp.received.flatMap((m) => m.parsed.attachments).filter((a) => a.contentType === 'text/markdown').map((a) => a.content.toString('utf8'))
      .find((t) => /Step \d of \d+: TVS/.test(t) && /Step \d of \d+: CallManager/.test(t));
    assert.ok(plan, `a plan with a TVS step and a CallManager step: ${smtp.received.flatMap((m) => m.parsed.attachments).filter((a) => a.contentType === 'text/markdown').map((a) => a.content.toString('utf8').split('\n').filter((l) => /^#|Step/.test(l)).join(' | ')).join(' /// ')}`);
    const tvsStep = Number(/Step (\d) of \d+: TVS/.exec(plan)![1]);
    const cmStep = Number(/Step (\d) of \d+: CallManager/.exec(plan)![1]);
    assert.ok(tvsStep < cmStep, `TVS step ${tvsStep}, CallManager step ${cmStep}`);

    // Prometheus sees each certificate's exact end and the discovery's last success.
    assert.ok(await service.metric('certwatch_certificate_not_after_timestamp_seconds', { cluster: 'soon', unit: 'TVS' }) > 0);
    assert.ok(await service.metric('certwatch_discovery_probes_total', { outcome: 'ok' }) > 0);
  });
});
