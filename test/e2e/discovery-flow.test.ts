// Discovery end to end (issue 12): a simulated CUCM on loopback whose TVS expires in 12 days and CallManager in 40,
// an inventory that knows only the nodes and where to look. POST /api/v1/clusters/:id/discover -> probes over real
// sockets -> facts kept (mode, signers, version filled) -> one ticket per certificate with its exact expiry -> a real
// SMTP server receives the plan, which moves TVS first (at the default weekly gap its turn would leave no spare
// window).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { childEnv } from '../support/child-env.js';
import { discoverNow, simulatedInventory, type DiscoverAnswer } from '../support/discovery-inventory.js';
import { hasOpenssl } from '../support/openssl-certificate.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { startSimulatedCucm, tvsSoon, type RunningCucm, type Scenario } from '../support/simulated-cucm.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'discovery-flow-token';
const auth = { authorization: `Bearer ${TOKEN}` };

const CLI = new URL('../../src/cli.ts', import.meta.url).pathname;

function certwatch(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: childEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

interface Expiry { id: string; node: string; unit: string; expiresAt: string; expiresAtPrecision: string }

describe(
  'discovery end to end (simulated CUCM, real Redis, real SMTP)',
  { skip: hasOpenssl() ? false : 'no openssl binary' },
  () => {
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
    writeFileSync(clusters, simulatedInventory([{ id: 'soon', scenario, cucm }]));
    service = await startTestService({
      REDIS_URL: redis.url, SMTP_URL: smtp.url, MAIL_TO: 'uc@example.net', MAIL_FROM: 'certwatch@example.net',
      CLUSTERS_FILE: clusters, API_TOKEN: TOKEN, MAIL_GROUP_WINDOW_MS: '2000',
      // PLAN_STEP_GAP_DAYS keeps its default (7): TVS's turn on day 7 would leave no spare window before day 12.
    });
  });
  after(async () => {
    await service?.stop();
    await Promise.all([smtp?.close(), redis?.stop(), cucm?.close()]);
  });

    test('the run fills the state, opens one ticket per certificate in the ladder with its exact expiry, and mails a plan with TVS first', async () => {
      const answer = await discoverNow(service, 'soon', auth);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.run.trigger, 'request');
      assert.ok(answer.body.run.probes.some((p) => p.outcome === 'ok'));
      const filled = Object.fromEntries(answer.body.filled.map((f) => [f.field, f.value]));
      assert.equal(filled.securityMode, 'mixed');
      assert.equal(filled.ctlSigner, 'tokenless');
      assert.equal(filled.itlSigner, 'itlrecovery');
      assert.ok(
        answer.body.filled.some(
          (f) =>
            f.field === 'signing' &&
            JSON.stringify(f.value) === JSON.stringify({ unit: 'tvs', signing: 'self-signed' }),
        ),
      );
      assert.deepEqual(answer.body.conflicts, []);

      // TVS (12 days) and CallManager (40 days) of both nodes are in the 90-day ladder: four tickets, exact dates.
      const want = scenario.expected.certificates.filter((c) => c.unit === 'TVS' || c.unit === 'CallManager');
      const { body: list } = await service.api<{ items: Expiry[] }>('/api/v1/expiries', { headers: auth });
      for (const c of want) {
        const ticket = list.items.find((t) => t.node.toLowerCase() === c.node && t.unit === c.unit);
        assert.ok(
          ticket,
          `no ticket for ${c.node} ${c.unit}: ${JSON.stringify(list.items.map((t) => [t.node, t.unit]))}`,
        );
        assert.equal(ticket.expiresAt, c.notAfter);
        assert.equal(ticket.expiresAtPrecision, 'exact');
      }
      // The plans the API builds stand on the same filled state as the mail's (not on the inventory's unknowns).
      const { body: planned } = await service.api<{
        context: { securityMode: string; ctlSigner: string; itlSigner: string };
      }>('/api/v1/plan?cluster=soon&unit=TVS', { headers: auth });
      assert.deepEqual(
        [planned.context.securityMode, planned.context.ctlSigner, planned.context.itlSigner],
        ['mixed', 'tokenless', 'itlrecovery'],
      );
      // A planned plan of every unit is dated by what was discovered, as the mailed one: TVS first, for its deadline.
      const { body: everything } = await service.api<{ stages: { unit: string; movedForDeadline?: string }[] }>(
        '/api/v1/plan?cluster=soon&unit=all',
        { headers: auth },
      );
      assert.equal(everything.stages[0]?.unit, 'TVS');
      assert.match(
        everything.stages[0]?.movedForDeadline ?? '',
        /^TVS expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+ \((\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} UTC\): its turn in the default order/,
      );
      const tvsTicket = list.items.find((t) => t.unit === 'TVS')!;
      const { body: one } = await service.api<{ plan: { context: { securityMode: string } } }>(
        `/api/v1/tickets/${encodeURIComponent(tvsTicket.id)}`,
        { headers: auth },
      );
      assert.equal(one.plan.context.securityMode, 'mixed');
      // A second run reads the same certificates: the tickets are not opened again.
      const again = await service.api<DiscoverAnswer>('/api/v1/clusters/soon/discover', {
        method: 'POST',
        headers: auth,
      });
      assert.equal(again.status, 200);
      assert.ok(
        again.body.tickets.every((t) => t.action !== 'open'),
        JSON.stringify(again.body.tickets),
      );

      // The plan mailed with the TVS tickets moves TVS to step 1 for its deadline (the default order puts other anchors
      // first), and says why. (CallManager, 40 days out, may go out in a mail of its own: the mails group certificates
      // by when they are due, not by run.)
      const runbooks = () =>
        smtp.received
          .flatMap((m) => m.parsed.attachments)
          .filter((a) => a.contentType === 'text/markdown')
          .map((a) => a.content.toString('utf8'));
      const plan = await waitFor(
        'a runbook with a TVS step',
        () => runbooks().find((t) => /Step \d of \d+: TVS/.test(t)),
        30_000,
      );
      assert.match(plan, /Step 1 of [2-9]: TVS/);
      assert.match(
        plan,
        /TVS expires \d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+ \((\d{4}-\d{2}-\d{2} )?\d{2}:\d{2} UTC\): its turn in the default order \(anchor steps 7 days apart\) would leave no spare window/,
      );
      // Where the CallManager tickets share the mail, their step follows TVS's.
      if (/Step \d of \d+: CallManager/.test(plan)) {
        assert.ok(plan.indexOf(': TVS (') < plan.indexOf(': CallManager ('), 'TVS before CallManager');
      }

      // Prometheus sees each certificate's exact end and the discovery's last success.
      assert.ok(
        (await service.metric('certwatch_certificate_not_after_timestamp_seconds', { cluster: 'soon', unit: 'TVS' })) >
          0,
      );
      assert.ok((await service.metric('certwatch_discovery_probes_total', { outcome: 'ok' })) > 0);
    });

    test("`certwatch discover` runs it from the command line: every probe's outcome printed; an unknown cluster refused", async () => {
      const env = { CERTWATCH_URL: `http://127.0.0.1:${service.ports.http}`, API_TOKEN: TOKEN };
      const ran = await certwatch(['discover', '--cluster', 'soon'], env);
      assert.equal(ran.status, 0, ran.stderr);
      assert.match(ran.stdout, /^probe itl 127\.0\.0\.1:\d+: ok/m);
      assert.match(ran.stdout, /^certificate TVS on cucm-soon-pub/m);
      const refused = await certwatch(['discover', '--cluster', 'nope'], env);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /refused \(404\): no cluster nope/);
    });
  },
);
