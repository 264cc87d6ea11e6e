// The HTTP API. Route semantics (auth, validation, error shapes, clusters, plans, the ingest report, limits) are
// checked
// on the application alone with inject (real Redis, no sockets: test/support/api-app.ts). What needs the whole service
// stays over real HTTP: tickets made by the worker (listing, CSV, actions) and the token policy of the composition
// root.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError } from '../../src/main.js';
import { readClustersFile } from '../../src/config/load-clusters.js';
import type { ClusterState } from '../../src/domain/cluster.js';
import { allOwnUnits } from '../../src/plan/all-units.js';
import { certAlarmLine } from '../support/alarm-lines.js';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { waitFor } from '../support/wait-for.js';

/** The lab cluster as the service reads it from samples/clusters/lab.yaml. */
function labCluster(): ClusterState {
  const read = readClustersFile('samples/clusters/lab.yaml');
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.clusters.find((c) => c.id === 'lab')!;
}


const DAY = 86_400_000;
const TOKEN = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };

interface Item {
  id: string;
  certificate: string;
  node: string;
  status: string;
  expiresAt: string | null;
  expiresAtPrecision: string;
}

describe('API routes with a token in force (inject)', () => {
  let service: TestApp;
  before(async () => {
    service = await startTestApp({ API_TOKEN: TOKEN, CLUSTERS_FILE: 'samples/clusters/lab.yaml' });
  });
  after(async () => {
    await service.close();
  });

  const post = (path: string, body: string, type = 'text/plain') =>
    service.api(path, { method: 'POST', headers: { ...auth, 'Content-Type': type }, body });

  test('every /api/v1 route needs the bearer token, before its input is even read; health and metrics do not', async () => {
    const { paths } = service.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({
        method: method.toUpperCase() as 'GET',
        url: path.replace(/\{[^}]+\}/g, 'x'),
      })),
    );
    assert.ok(routes.length >= 11, `the OpenAPI document lists the routes (${routes.length})`);
    for (const { method, url } of routes) {
      assert.ok(url.startsWith('/api/v1/'), url);
      // No body and no query: a route that validated before it checked the token would answer 400 and name its inputs.
      const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong' }, { Authorization: 'Bearer ' }];
      for (const headers of attempts) {
        const r = await service.api<{ error: string }>(url, { method, headers });
        assert.equal(r.status, 401, `${method} ${url} with ${JSON.stringify(headers)}`);
        assert.equal(r.headers.get('www-authenticate'), 'Bearer');
      }
    }
    assert.equal((await service.api('/api/v1/expiries', { headers: auth })).status, 200);
    assert.equal((await service.api('/healthz')).status, 200);
    assert.equal((await service.api('/metrics')).status, 200);
  });

  test('POST /ingest answers with what it recognised', async () => {
    const now = Date.now();
    const lines = [
      certAlarmLine({
        node: 'CUCM01',
        unit: 'CallManager',
        certificate: 'CallManager.pem',
        alarm: 'CertValidfor7days',
        at: new Date(now),
        expires: new Date(now + 4 * DAY),
      }),
      'Nov 26 10:00:00 cucm01 crond[9538]: (root) CMD (  /etc/rc.d/init.d/fiostats show)',
    ].join('\n');
    const { status, body } = await post('/api/v1/ingest', lines);
    assert.equal(status, 200);
    const report = body as { certificateEvents: { event: { unit: string }; outcome: string }[]; noise: number };
    assert.equal(report.certificateEvents.length, 1);
    assert.equal(report.certificateEvents[0]!.event.unit, 'CallManager');
    assert.equal(report.certificateEvents[0]!.outcome, 'queued');
    assert.equal(report.noise, 1);
  });

  test('an RTMT alert e-mail posted as text yields the nested certificate alarm', async () => {
    const mail = readFileSync(
      'samples/rtmt-mail/' + readdirSync('samples/rtmt-mail').find((f) => f.endsWith('.txt'))!,
      'utf8',
    );
    const { status, body } = await post('/api/v1/ingest', mail);
    assert.equal(status, 200);
    const report = body as { certificateEvents: { event: { via: string } }[] };
    assert.ok(report.certificateEvents.length >= 1);
    assert.equal(report.certificateEvents[0]!.event.via, 'rtmt-mail');
  });

  test('clusters: list, validate on PUT (every problem), replace', async () => {
    const list = await service.api<{ items: { id: string; origin: string }[] }>('/api/v1/clusters', { headers: auth });
    assert.ok(list.body.items.some((c) => c.id === 'lab' && c.origin === 'file'));
    const bad = await service.api<{ problems: string[] }>('/api/v1/clusters/new1', {
      method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ securityMode: 'sometimes', nodes: [{ name: 'A', timeZone: 'Mars/Base' }] }),
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.problems, [
      'securityMode: "sometimes" must be one of non-secure, mixed, unknown',
      'nodes[0].timeZone: "Mars/Base" is not a known time zone',
    ]);
    const clash = await service.api<{ problems: string[] }>('/api/v1/clusters/new1', {
      method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'other', nodes: [{ name: 'cucm01' }], tftpServers: ['cucm09'] }),
    });
    assert.equal(clash.status, 400);
    assert.deepEqual(clash.body.problems, [
      'id: "other" does not match the id in the URL ("new1")',
      'tftpServers[0]: "cucm09" is not one of this cluster\'s nodes',
      'nodes[0].name: node "cucm01" is already in cluster "lab"',
    ]);
    const good = await service.api<{ id: string; origin: string }>('/api/v1/clusters/new1', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json', 'X-Certwatch-User': 'alice' },
      body: JSON.stringify({
        name: 'New cluster',
        version: '14SU2',
        securityMode: 'non-secure',
        nodes: [{ name: 'NEWPUB', roles: ['publisher', 'tftp'] }],
      }),
    });
    assert.equal(good.status, 200);
    assert.equal(good.body.origin, 'api');
    const fetched = await service.api<{ version: string }>('/api/v1/clusters/new1', { headers: auth });
    assert.equal(fetched.body.version, '14SU2');
  });

  test('PUT /clusters/:id: the token is checked before the body, and every schema problem is listed', async () => {
    const body = JSON.stringify({
      id: 'other',
      colour: 'blue',
      lsc: 'x',
      version: 'eleven',
      peers: { imp: 1, emcc: 'no' },
      sso: { certficate: 'x' },
      nodes: [{ roles: ['pbx', 'pbx'] }, 'n2'],
      recipients: [42, 'not-an-address'],
    });
    const anonymous = await service.api<{ problems?: string[] }>('/api/v1/clusters/lab2', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.problems, undefined, 'no validation detail without the token');
    const bad = await service.api<{ message: string; problems: string[] }>('/api/v1/clusters/lab2', {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body,
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.message, 'invalid cluster');
    assert.deepEqual(bad.body.problems, [
      'colour: unknown field',
      'version: "eleven" is not a CUCM version (e.g. 11.5(1)SU3, 12.5(1)SU6, 14SU2, 15) or unknown',
      'nodes[0].name: is required',
      'nodes[0].roles[0]: "pbx" must be one of publisher, subscriber, cucm, imp, tftp',
      'nodes[0].roles[1]: "pbx" must be one of publisher, subscriber, cucm, imp, tftp',
      'nodes[0].roles[1]: "pbx" is listed twice',
      'nodes[1]: must be a mapping, found string "n2"',
      'lsc: "x" must be one of capf, external-ca, none, unknown',
      'sso.certficate: unknown field (did you mean certificate?)',
      'peers.imp: 1 must be true, false or unknown',
      'peers.emcc: "no" must be true, false or unknown',
      'recipients[0]: 42 is not an e-mail address',
      'recipients[1]: "not-an-address" is not an e-mail address',
      'id: "other" does not match the id in the URL ("lab2")',
    ]);
    assert.equal((await service.api('/api/v1/clusters/lab2', { headers: auth })).status, 404, 'nothing was stored');
  });

  test('the OpenAPI document describes the PUT body with the inventory schema', async () => {
    interface BodySchema {
      properties: Record<string, { enum?: string[] }>;
      required?: string[];
    }
    interface OpenApi {
      paths: Record<string, { put?: { requestBody?: { content: Record<string, { schema: BodySchema }> } } }>;
    }
    const docs = await service.api<OpenApi>('/docs/json');
    const schema = docs.body.paths['/api/v1/clusters/{id}']?.put?.requestBody?.content['application/json']?.schema;
    assert.deepEqual(schema?.properties.securityMode?.enum, ['non-secure', 'mixed', 'unknown']);
    assert.equal(schema?.required, undefined, 'every item may be left out of a body (the id comes from the URL)');
  });

  test("the OpenAPI document describes the answer of GET /clusters/:id, discovery's kept facts and stale CTL included", async () => {
    interface Props {
      properties?: Record<string, Props & { enum?: string[] }>;
    }
    interface OpenApi {
      paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, { schema: Props }> }> } }>;
    }
    const docs = await service.api<OpenApi>('/docs/json');
    const answer =
      docs.body.paths['/api/v1/clusters/{id}']?.get?.responses?.['200']?.content?.['application/json']?.schema;
    assert.deepEqual(answer?.properties?.origin?.enum, ['file', 'api', 'unassigned']);
    const discovered = answer?.properties?.discovered?.properties ?? {};
    assert.deepEqual(Object.keys(discovered).sort(), [
      'certificates',
      'conflicts',
      'filled',
      'lastRun',
      'lastSuccess',
      'staleCtl',
      'state',
      'warnings',
    ]);
    // OpenAPI 3.0 has no null type: the union with null is the object, marked nullable.
    const staleCtl = discovered.staleCtl;
    for (const field of ['signer', 'basis', 'detail', 'source', 'at']) {
      assert.ok(staleCtl?.properties?.[field], `staleCtl documents ${field}`);
    }
  });

  test('GET /plan gives a plan without any alarm, in every format', async () => {
    const json = await service.api<{ phases: { steps: unknown[] }[] }>('/api/v1/plan?cluster=lab&unit=CallManager', {
      headers: auth,
    });
    assert.equal(json.status, 200);
    assert.ok(json.body.phases.length > 0);
    const text = await service.api<string>('/api/v1/plan?cluster=lab&unit=CallManager&format=text', { headers: auth });
    assert.match(String(text.body), /utils ctl update CTLFile/, 'lab is mixed mode: the CTL update is in the plan');
    const missing = await service.api<{ error: string; message: string }>('/api/v1/plan?cluster=nope&unit=tomcat', {
      headers: auth,
    });
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, /nope/);
  });

  type PlanBody = {
    targets: { unit: string; nodes: string[] }[];
    stages: { unit: string }[];
    route: { requested: string; used: string; refused: { reason: string }[] };
    notices: string[];
    inconsistencies: { reason: string; text: string }[];
  };
  type Refusal = { error: string; message: string; problems: string[] };

  test("GET /plan?unit=A,B gives one combined plan, one stage per certificate type in the engine's order", async () => {
    const r = await service.api<PlanBody>('/api/v1/plan?cluster=lab&unit=TVS,CallManager', { headers: auth });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.targets.map((t) => t.unit), ['TVS', 'CallManager']);
    assert.deepEqual(r.body.stages.map((s) => s.unit), ['CallManager', 'TVS']);
  });

  test('GET /plan?unit=all plans every own certificate of the cluster\'s version, no trust store', async () => {
    const r = await service.api<PlanBody>('/api/v1/plan?cluster=lab&unit=all', { headers: auth });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.targets.map((t) => t.unit), allOwnUnits(labCluster()).units);
    const text = await service.api<string>('/api/v1/plan?cluster=lab&unit=all&format=text', { headers: auth });
    assert.equal(text.status, 200);
    assert.match(String(text.body), /one trust anchor per step, never two together/);
  });

  test('GET /plan with route=ordered-tftp: asked for, refused in the plan with its reason where unsafe', async () => {
    const r = await service.api<PlanBody>('/api/v1/plan?cluster=lab&unit=CallManager&route=ordered-tftp', {
      headers: auth,
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.route.requested, 'ordered-tftp');
    assert.equal(r.body.route.used, 'standard');
    assert.deepEqual(r.body.route.refused.map((x) => x.reason), ['version-not-8-to-11.5']);
    assert.ok(r.body.notices.some((n) => n.startsWith('Requested route refused: ')), r.body.notices.join('\n'));
    assert.ok(r.body.inconsistencies.some((w) => w.reason === 'route-refused-version-not-8-to-11.5'));
  });

  test('GET /plan: an unknown route is a 400 that names the routes', async () => {
    const r = await service.api<Refusal>('/api/v1/plan?cluster=lab&unit=CallManager&route=fast', { headers: auth });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'Bad Request');
    assert.deepEqual(r.body.problems, ['route: "fast" must be one of standard, ordered-tftp']);
    assert.match(r.body.message, /route: "fast" must be one of standard, ordered-tftp/);
  });

  test('GET /plan: node narrows a single unit only; with several or all it is a 400', async () => {
    const one = await service.api<PlanBody>('/api/v1/plan?cluster=lab&unit=CallManager&node=cucm02', { headers: auth });
    assert.equal(one.status, 200);
    assert.deepEqual(one.body.targets[0]?.nodes, ['CUCM02']);
    for (const unit of ['CallManager,TVS', 'all']) {
      const r = await service.api<Refusal>(`/api/v1/plan?cluster=lab&unit=${unit}&node=CUCM02`, { headers: auth });
      assert.equal(r.status, 400, unit);
      assert.match(r.body.message, /^node narrows a single unit only, but the plan covers \d+ \(/);
    }
  });

  test('GET /plan: a missing unit, an unknown parameter and a list of only commas are 400s', async () => {
    const missing = await service.api<Refusal>('/api/v1/plan?cluster=lab', { headers: auth });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body.problems, ['unit: is required']);
    const unknown = await service.api<Refusal>('/api/v1/plan?cluster=lab&unit=TVS&units=all', { headers: auth });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.problems[0] ?? '', /^units: unknown field \(did you mean unit\?\)/);
    const commas = await service.api<Refusal>('/api/v1/plan?cluster=lab&unit=,,', { headers: auth });
    assert.equal(commas.status, 400);
    assert.equal(commas.body.message, 'unit: names no unit');
  });

  test('errors are JSON with a message and no stack trace', async () => {
    const r = await service.api<{ error: string; message: string }>('/api/v1/expiries?within=abc', { headers: auth });
    assert.equal(r.status, 400);
    assert.equal(typeof r.body.message, 'string');
    assert.ok(!JSON.stringify(r.body).includes('at '), 'no stack');
    const nf = await service.api<{ error: string }>('/nope');
    assert.equal(nf.status, 404);
    assert.equal(nf.body.error, 'Not Found');
  });
});

describe('API over HTTP with the whole service: tickets made by the worker', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService({
      API_TOKEN: TOKEN,
      CLUSTERS_FILE: 'samples/clusters/lab.yaml',
      MAIL_GROUP_WINDOW_MS: '50',
    });
  });
  after(async () => {
    await service.stop();
  });

  const post = (path: string, body: string, type = 'text/plain', extra: Record<string, string> = {}) =>
    service.api(path, { method: 'POST', headers: { ...auth, 'Content-Type': type, ...extra }, body });

  test('an alarm posted to /ingest becomes a ticket', async () => {
    const now = Date.now();
    const line = certAlarmLine({
      node: 'CUCM01',
      unit: 'CallManager',
      certificate: 'CallManager.pem',
      alarm: 'CertValidfor7days',
      at: new Date(now),
      expires: new Date(now + 4 * DAY),
    });
    assert.equal((await post('/api/v1/ingest', line)).status, 200);
    await waitFor('ticket', async () =>
      (await service.api<{ items: Item[] }>('/api/v1/expiries', { headers: auth })).body.items.some(
        (i) => i.certificate === 'CallManager.pem',
      ),
    );
  });

  test('CSV export escapes cells a spreadsheet would run as formulas', async () => {
    const now = Date.now();
    await post(
      '/api/v1/ingest',
      certAlarmLine({
        node: 'CUCM02',
        unit: 'tomcat-trust',
        certificate: '=HYPERLINK("http://evil")',
        alarm: 'CertExpired',
        at: new Date(now),
        expires: new Date(now - DAY),
      }),
    );
    await waitFor('hostile ticket', async () =>
      (await service.api<{ items: Item[] }>('/api/v1/expiries', { headers: auth })).body.items.some((i) =>
        i.certificate.startsWith('=HYPERLINK'),
      ),
    );
    const csv = await service.api<string>('/api/v1/expiries', { headers: { ...auth, Accept: 'text/csv' } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const text = String(csv.body);
    assert.ok(text.split('\n')[0]!.startsWith('id,cluster,node,nodes,unit,certificate'));
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil"")"`), text);
  });

  test('ack, confirm the expiry and resolve, with the user in the history', async () => {
    const { body } = await service.api<{ items: Item[] }>('/api/v1/expiries', { headers: auth });
    const ticket = body.items.find((i) => i.certificate === 'CallManager.pem')!;
    const ack = await post(`/api/v1/tickets/${ticket.id}/ack`, '{}', 'application/json', {
      'X-Certwatch-User': 'alice',
    });
    assert.equal(ack.status, 200);
    const again = await post(`/api/v1/tickets/${ticket.id}/ack`, '{}', 'application/json');
    assert.equal(again.status, 200, 'a second ack answers with the ticket as it is');
    const confirmedAt = new Date(Date.now() + 3 * DAY).toISOString();
    const patch = await service.api(`/api/v1/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ expiresAt: confirmedAt, user: 'bob' }),
    });
    assert.equal(patch.status, 200);
    const resolved = await post(
      `/api/v1/tickets/${ticket.id}/resolve`,
      JSON.stringify({ user: 'carol', note: 'renewed in CHG123' }),
      'application/json',
    );
    assert.equal(resolved.status, 200);
    const full = await service.api<{
      ticket: { status: string; expiry: { at: string; precision: string }; history: { by: string; reason: string }[] };
      plan: { phases: unknown[] };
    }>(`/api/v1/tickets/${ticket.id}`, { headers: auth });
    assert.equal(full.body.ticket.status, 'resolved');
    assert.equal(full.body.ticket.expiry.precision, 'exact');
    assert.equal(full.body.ticket.expiry.at, confirmedAt);
    const by = full.body.ticket.history.map((h) => h.by);
    assert.ok(by.includes('alice') && by.includes('bob') && by.includes('carol'), by.join(','));
    assert.ok(Array.isArray(full.body.plan.phases) && full.body.plan.phases.length > 0, 'the ticket carries its plan');
    const list = await service.api<{ items: Item[] }>('/api/v1/expiries', { headers: auth });
    assert.ok(!list.body.items.some((i) => i.id === ticket.id), 'resolved tickets leave the pending list');
  });

});

describe('API bound beyond loopback without API_TOKEN', () => {
  test('a token is generated into DATA_DIR (mode 0600) and required', async () => {
    const service = await startTestService({ HTTP_HOST: '0.0.0.0' }, ['api']);
    try {
      const path = join(service.dataDir, 'api-token');
      assert.equal(statSync(path).mode & 0o777, 0o600);
      const token = readFileSync(path, 'utf8').trim();
      assert.ok(token.length >= 24);
      assert.equal((await service.api('/api/v1/expiries')).status, 401);
      assert.equal(
        (await service.api('/api/v1/expiries', { headers: { Authorization: `Bearer ${token}` } })).status,
        200,
      );
    } finally {
      await service.stop();
    }
  });
});

describe('API token file beyond loopback (issue 9, defect 3)', () => {
  for (const [title, content] of [['an empty', ''], ['a whitespace-only', '  \n\t\n']] as const) {
    test(`${title} token file is replaced by a generated token, and the API requires it`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'cw-'));
      writeFileSync(join(dataDir, 'api-token'), content, { mode: 0o644 });
      const service = await startTestService({ HTTP_HOST: '0.0.0.0', DATA_DIR: dataDir }, ['api']);
      try {
        const path = join(dataDir, 'api-token');
        assert.equal(statSync(path).mode & 0o777, 0o600);
        const token = readFileSync(path, 'utf8').trim();
        assert.ok(token.length >= 32, `generated token has ${token.length} characters`);
        assert.equal((await service.api('/api/v1/expiries')).status, 401);
        assert.equal((await service.api('/api/v1/expiries', { headers: { Authorization: 'Bearer ' } })).status, 401);
        assert.equal(
          (await service.api('/api/v1/expiries', { headers: { Authorization: `Bearer ${token}` } })).status,
          200,
        );
      } finally {
        await service.stop();
      }
    });
  }

  const refusals: {
    title: string;
    env: Record<string, string>;
    prepare?: (dataDir: string) => void;
    problem: RegExp;
  }[] = [
    {
      title: 'a short token file',
      prepare: (d) => writeFileSync(join(d, 'api-token'), 'short-token\n'),
      env: {},
      problem: /api-token has 11 characters; it needs at least 32/,
    },
    {
      title: 'an unreadable token file',
      prepare: (d) => mkdirSync(join(d, 'api-token')),
      env: {},
      problem: /api-token cannot be read \(EISDIR\)/,
    },
    {
      title: 'a short API_TOKEN',
      env: { API_TOKEN: 'x'.repeat(31) },
      problem: /API_TOKEN has 31 characters; beyond loopback \(HTTP_HOST=0\.0\.0\.0\) it needs at least 32/,
    },
  ];
  for (const { title, env, prepare, problem } of refusals) {
    test(`${title} refuses to start with a clear message`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'cw-'));
      prepare?.(dataDir);
      await assert.rejects(
        startTestService({ HTTP_HOST: '0.0.0.0', DATA_DIR: dataDir, ...env }, ['api']),
        (error: Error) => {
          assert.ok(error instanceof ConfigError, error.message);
          assert.match(error.problems.join('\n'), problem);
          return true;
        },
      );
    });
  }

  test('a long enough API_TOKEN beyond loopback is used as is, no file written', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cw-'));
    const token = 'y'.repeat(32);
    const service = await startTestService({ HTTP_HOST: '0.0.0.0', DATA_DIR: dataDir, API_TOKEN: token }, ['api']);
    try {
      assert.equal(existsSync(join(dataDir, 'api-token')), false);
      assert.equal(
        (await service.api('/api/v1/expiries', { headers: { Authorization: `Bearer ${token}` } })).status,
        200,
      );
    } finally {
      await service.stop();
    }
  });
});

describe('API limits (inject)', () => {
  test('writes are rate-limited per client and bodies are size-limited, with JSON errors', async () => {
    const service = await startTestApp({ API_RATE_LIMIT_PER_MINUTE: '2', HTTP_BODY_LIMIT_BYTES: '2048' });
    try {
      const post = (body: string) =>
        service.api<{ message: string }>('/api/v1/ingest', {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body,
        });
      assert.equal((await post('hello')).status, 200);
      assert.equal((await post('hello')).status, 200);
      const limited = await post('hello');
      assert.equal(limited.status, 429);
      assert.equal(typeof limited.body.message, 'string');
      assert.equal((await service.api('/api/v1/expiries')).status, 200, 'reads are not rate-limited');
      const big = await service.api<{ message: string }>('/api/v1/clusters/x', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(5000) }),
      });
      assert.equal(big.status, 413);
      assert.equal(typeof big.body.message, 'string');
    } finally {
      await service.close();
    }
  });
});
