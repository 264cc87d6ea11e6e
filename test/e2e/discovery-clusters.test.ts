// Discovery end to end for the other simulated clusters of issue 12 (the tokenless 12.5 one with TVS in 12 days is
// discovery-flow.test.ts): an eToken 11.5 cluster, a non-secure 14 still serving a stale CTL, and a 15 with ECDSA
// units. One service (real Redis, real SMTP sink) discovers all three on loopback; a second one, on its own Redis
// database, knows the same clusters without a discovery block and is given, node by node, the `show` outputs those
// nodes would print (test/support/show-output.ts) and the ITL/CTL files fetched by hand. Both must learn the same.
// The scenarios' dates move with the real clock, so each has certificates inside and beyond the 90-day ladder.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { discoverNow, simulatedInventory, type SimulatedEntry } from '../support/discovery-inventory.js';
import { startTestService, type TestService } from '../support/in-process.js';
import { hasOpenssl } from '../support/openssl-certificate.js';
import { startTestRedis, type TestRedis } from '../support/redis-server.js';
import { showOutputs } from '../support/show-output.js';
import {
  ecdsa15,
  etoken115,
  nonSecure14StaleCtl,
  startSimulatedCucm,
  type RunningCucm,
  type Scenario,
} from '../support/simulated-cucm.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

const TOKEN = 'discovery-clusters-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const DAY_MS = 86_400_000;
/** REMINDER_DAYS' default first step: a certificate this near its end (or past it) has a ticket. */
const LEAD_DAYS = 90;

interface Filled {
  field: string;
  value: unknown;
  order?: string;
}
interface StaleCtl {
  signer: string;
  signedAt: string | null;
  basis: string;
  detail: string;
  source: { kind: string };
  at: string;
}
interface KeptCertificate {
  certificate: { node: string | null; unit: string | null; serial: string; notAfter: string };
}
interface ClusterAnswer {
  securityMode: string;
  discovered: {
    certificates: KeptCertificate[]; filled: Filled[]; conflicts: unknown[]; staleCtl: StaleCtl | null;
    lastRun: { probes: { probe: string; host: string; outcome: string }[] } | null;
  };
}
interface Expiry {
  id: string;
  cluster: string;
  node: string;
  unit: string;
  expiresAt: string;
  expiresAtPrecision: string;
}
interface PlanContext {
  securityMode: string;
  ctlSigner: string;
  itlSigner: string;
  version: string;
  tftpServers: string[] | 'unknown';
  tftpOrder: string;
}

interface Case {
  id: string;
  make: (now: Date) => Scenario;
  /** What the inventory says beyond the nodes (the rest is `unknown`). */
  known?: string[];
  /** The unit whose plan is checked (one of the scenario's units inside the ladder). */
  planUnit: string;
  /** What that plan must and must not say, on the state discovery filled. */
  plan: { context: Partial<PlanContext>; says: RegExp[]; never: RegExp[] };
}

const CASES: Case[] = [
  {
    id: 'etoken115', make: etoken115, planUnit: 'CAPF',
    plan: {
      context: { securityMode: 'mixed', ctlSigner: 'etoken', itlSigner: 'callmanager', version: '11.5.1' },
      // A CAPF change on a mixed 11.5 cluster updates the CTL, with the eTokens: the CTL Client, not the tokenless CLI.
      says: [/CTL Client/, /eToken/i], never: [/utils ctl update CTLFile/],
    },
  },
  {
    // The admin knows the cluster is non-secure; the CTL it still serves must neither contradict that nor count.
    id: 'nonsecure14',
    make: nonSecure14StaleCtl,
    known: ['    securityMode: non-secure'],
    planUnit: 'CallManager',
    plan: {
      context: { securityMode: 'non-secure', itlSigner: 'itlrecovery', version: '14.0.1' },
      says: [/non-secure/],
      never: [/utils ctl update CTLFile/, /CTL Client/],
    },
  },
  {
    id: 'ecdsa15',
    make: ecdsa15,
    planUnit: 'tomcat-ECDSA',
    plan: {
      context: { securityMode: 'non-secure', itlSigner: 'itlrecovery', version: '15.0.1' },
      says: [/tomcat-ECDSA/],
      never: [/utils ctl update CTLFile/],
    },
  },
];

const filledOf = (answer: ClusterAnswer) =>
  Object.fromEntries(answer.discovered.filled.filter((f) => f.field !== 'signing').map((f) => [f.field, f.value]));
const signingOf = (answer: ClusterAnswer) =>
  new Map(
    answer.discovered.filled
      .filter((f) => f.field === 'signing')
      .map((f) => {
        const value = f.value as { unit: string; signing: string };
        return [value.unit, value.signing];
      }),
  );

/** A node as the inventory names it: the certificate's CN host or the address a probe reached. */
function nodeName(scenario: Scenario, node: string | null): string | null {
  if (node === null) return null;
  const lower = node.toLowerCase();
  return scenario.nodes.find((n) => n.name.toLowerCase() === lower || n.address === lower)?.name ?? lower;
}

/** Each certificate a node holds, once: node (inventory name), unit, serial, exact not-after. */
function certificatesOf(scenario: Scenario, answer: ClusterAnswer): string[] {
  const rows = answer.discovered.certificates.map((k) => k.certificate)
    .filter((c) => c.unit !== null && c.node !== null)
    .map((c) => `${nodeName(scenario, c.node)} ${c.unit} ${c.serial} ${c.notAfter}`);
  return [...new Set(rows)].sort();
}

const ticketsOf = (items: Expiry[], id: string) => items.filter((t) => t.cluster === id)
  .map((t) => ({ id: t.id, node: t.node, unit: t.unit, expiresAt: t.expiresAt, precision: t.expiresAtPrecision }))
  .sort((a, b) => a.id.localeCompare(b.id));

describe(
  'discovery of the eToken 11.5, stale-CTL 14 and ECDSA 15 clusters, probed and pasted',
  { skip: hasOpenssl() ? false : 'no openssl binary' },
  () => {
    const now = new Date();
    const scenarios = new Map(CASES.map((c) => [c.id, c.make(now)]));
    const cucms = new Map<string, RunningCucm>();
    let redis: TestRedis;
    let smtp: SmtpSink;
    let probed: TestService;
    let pasted: TestService;

    before(async () => {
      [redis, smtp] = await Promise.all([startTestRedis(), startSmtpSink()]);
      for (const [id, scenario] of scenarios) cucms.set(id, await startSimulatedCucm(scenario));
      const dir = mkdtempSync(join(tmpdir(), 'cw-disc-'));
      const inventory = (withDiscovery: boolean) => {
        const entries: SimulatedEntry[] = CASES.map((c) => ({
          id: c.id,
          scenario: scenarios.get(c.id)!,
          ...(withDiscovery ? { cucm: cucms.get(c.id)! } : {}),
          known: c.known ?? [],
        }));
        const file = join(dir, withDiscovery ? 'probed.yaml' : 'pasted.yaml');
        writeFileSync(file, simulatedInventory(entries));
        return file;
      };
      const env = {
        SMTP_URL: smtp.url,
        MAIL_TO: 'uc@example.net',
        MAIL_FROM: 'certwatch@example.net',
        API_TOKEN: TOKEN,
      };
      [probed, pasted] = await Promise.all([
        startTestService({ ...env, REDIS_URL: redis.url, CLUSTERS_FILE: inventory(true) }),
        // The same clusters and nodes (node names and addresses are unique in one inventory): another service, another
        // database.
        startTestService({ ...env, REDIS_URL: `${redis.url}/1`, CLUSTERS_FILE: inventory(false) }),
      ]);
    });
    after(async () => {
      await Promise.all([probed?.stop(), pasted?.stop()]);
      await Promise.all([smtp?.close(), redis?.stop(), ...[...cucms.values()].map((c) => c.close())]);
    });

    for (const c of CASES) {
      test(`${c.id}: the probes fill version, mode and signers, find every certificate, open tickets in the ladder only, and the plan follows`, async () => {
        const scenario = scenarios.get(c.id)!;
        const expected = scenario.expected;
        const answer = await discoverNow(probed, c.id, auth);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const { body: cluster } = await probed.api<ClusterAnswer>(`/api/v1/clusters/${c.id}`, { headers: auth });

        const filled = filledOf(cluster);
        assert.equal(filled.version, expected.version);
        assert.equal(filled.itlSigner, expected.itlSigner);
        assert.equal(filled.ctlSigner, expected.ctlSigner ?? undefined);
        if (expected.securityMode === 'stale-ctl') {
          // Reported as stale; the inventory's non-secure stands (a stale CTL claims no mode, so nothing contradicts it).
          assert.equal(filled.securityMode, undefined);
          assert.equal(cluster.securityMode, 'non-secure');
          const unread = (answer.body as unknown as { unread: { reason: string }[] }).unread;
          assert.ok(
            unread.some((u) => u.reason === 'ctl-stale'),
            JSON.stringify(unread),
          );
        } else {
          assert.equal(filled.securityMode, expected.securityMode);
        }
        assert.deepEqual(cluster.discovered.conflicts, []);
        // The TFTP servers that answer: every CUCM node served its ITL.
        const cucmNodes = scenario.nodes.filter((n) => n.role === 'cucm');
        const tftp = new Set(
          cluster.discovered.lastRun?.probes.filter((p) => p.probe === 'itl' && p.outcome === 'ok').map((p) => p.host),
        );
        assert.deepEqual(tftp, new Set(cucmNodes.map((n) => n.address)));
        // The ITL lists the same servers: they fill the unknown tftpServers in the inventory's names and node order, as a
        // set (the phones' order is not known).
        assert.deepEqual(
          filled.tftpServers,
          cucmNodes.map((n) => n.name),
        );
        assert.equal(cluster.discovered.filled.find((f) => f.field === 'tftpServers')?.order, 'unknown');

        // A stale CTL is kept with what was seen (signer, time stamp) and why; no other cluster has one.
        const stale = cluster.discovered.staleCtl;
        if (expected.securityMode === 'stale-ctl') {
          assert.ok(stale, 'GET /clusters/:id shows the stale CTL');
          assert.match(stale.signer, /ITLRECOVERY_cucm14-pub/);
          assert.equal(stale.basis, 'serials-differ-from-itl');
          assert.match(stale.detail, /^only in the CTL: [0-9a-f, ]+; only in the ITL: [0-9a-f, ]+/);
          assert.equal(stale.source.kind, 'ctl-file');
          assert.match(
            stale.signedAt ?? '',
            /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/,
            'the time stamp the CTL carries',
          );
        } else {
          assert.equal(stale, null);
        }

      // Every certificate with its exact not-after (ECDSA units included where the cluster has them).
      const kept = cluster.discovered.certificates.map((k) => k.certificate);
      for (const want of expected.certificates) {
        const found = kept.filter((k) => k.node === want.node && k.unit === want.unit);
        assert.deepEqual([...new Set(found.map((k) => k.notAfter))], [want.notAfter], `${want.node} ${want.unit}`);
      }

        // Tickets: exactly the certificates inside the ladder (or past their end), each with its exact expiry.
        const inLadder = expected.certificates.filter(
          (w) => Date.parse(w.notAfter) - now.getTime() <= LEAD_DAYS * DAY_MS,
        );
        assert.ok(
          inLadder.length > 0 && inLadder.length < expected.certificates.length,
          'the scenario has certificates inside and beyond the ladder',
        );
        const { body: list } = await probed.api<{ items: Expiry[] }>(`/api/v1/expiries?cluster=${c.id}`, {
          headers: auth,
        });
        const tickets = ticketsOf(list.items, c.id);
        assert.deepEqual(
          tickets.map((t) => `${t.node.toLowerCase()} ${t.unit} ${t.expiresAt} ${t.precision}`).sort(),
          inLadder.map((w) => `${nodeName(scenario, w.node)} ${w.unit} ${w.notAfter} exact`).sort(),
        );

        // The plan stands on the filled state: the facts that follow from the mode and the signer.
        const plan = await probed.api<{ context: PlanContext }>(`/api/v1/plan?cluster=${c.id}&unit=${c.planUnit}`, {
          headers: auth,
        });
        assert.equal(plan.status, 200, JSON.stringify(plan.body));
        for (const [field, value] of Object.entries(c.plan.context)) {
          assert.equal(plan.body.context[field as keyof PlanContext], value, field);
        }
        assert.deepEqual(
          [plan.body.context.tftpServers, plan.body.context.tftpOrder],
          [cucmNodes.map((n) => n.name), 'unknown'],
        );
        const text = String(
          (
            await probed.api<string>(`/api/v1/plan?cluster=${c.id}&unit=${c.planUnit}&format=markdown`, {
              headers: auth,
            })
          ).body,
        );
        assert.ok(
          text.includes(
            `${cucmNodes.map((n) => n.name).join(', ')} (the TFTP servers the ITL lists, found by discovery; the phones' order is not known)`,
          ),
          "the plan's TFTP line",
        );
        if (expected.securityMode === 'stale-ctl')
          assert.match(
            text,
            /A CTL file is still served although the cluster is non-secure \(signed by CN=ITLRECOVERY\\?_cucm14-pub.*This is a known case/,
          );
        else assert.doesNotMatch(text, /CTL file is still served/);
        for (const says of c.plan.says) assert.match(text, says);
        for (const never of c.plan.never) assert.doesNotMatch(text, never);
      });
    }

    for (const c of CASES) {
      test(`${c.id}: the pasted show outputs and the files fetched by hand teach the same facts, certificates and tickets`, async () => {
        const scenario = scenarios.get(c.id)!;
        const post = (body: string | Buffer, type: string, name = '') =>
          pasted.api<{ unread: { reason: string }[] }>(
            `/api/v1/clusters/${c.id}/evidence${name ? `?name=${name}` : ''}`,
            {
              method: 'POST',
              headers: { ...auth, 'content-type': type },
              body: typeof body === 'string' ? body : new Uint8Array(body),
            },
          );
        const unread = new Set<string>();
        for (const node of scenario.nodes.filter((n) => n.role === 'cucm')) {
          const answer = await post(showOutputs(scenario, node), 'text/plain');
          assert.equal(answer.status, 200, JSON.stringify(answer.body));
          // `curl -O http://<tftp>:6970/ITLFile.tlv` on this node, posted as it came.
          const files = node.files!;
          const answers = [
            answer,
            await post(files.itl, 'application/octet-stream', 'ITLFile.tlv'),
            ...(files.ctl ? [await post(files.ctl, 'application/octet-stream', 'CTLFile.tlv')] : []),
          ];
          for (const a of answers) {
            assert.equal(a.status, 200, JSON.stringify(a.body));
            for (const u of a.body.unread) unread.add(u.reason);
          }
        }
        // The stale CTL is named as the probe names it, pasted (`show ctl` beside `show itl`) and posted as a file.
        assert.deepEqual([...unread], scenario.expected.securityMode === 'stale-ctl' ? ['ctl-stale'] : []);
        const read = async (service: TestService) =>
          (await service.api<ClusterAnswer>(`/api/v1/clusters/${c.id}`, { headers: auth })).body;
        const [byProbe, byPaste] = [await read(probed), await read(pasted)];
        assert.deepEqual(filledOf(byPaste), filledOf(byProbe), 'version, mode, signers and TFTP servers');
        // The stale CTL, seen pasted (`show ctl` beside `show itl`) and posted, is the probe's: the same signer and time
        // stamp.
        const seen = (answer: ClusterAnswer) =>
          answer.discovered.staleCtl && {
            signer: answer.discovered.staleCtl.signer,
            signedAt: answer.discovered.staleCtl.signedAt,
          };
        assert.deepEqual(seen(byPaste), seen(byProbe));
        assert.equal(byPaste.discovered.staleCtl !== null, scenario.expected.securityMode === 'stale-ctl');
        assert.deepEqual(byPaste.discovered.conflicts, []);
        // `show cert list own` also says how ITLRecovery is signed, which no handshake shows; every unit both read
        // agrees.
        const probeSigning = signingOf(byProbe);
        const pasteSigning = signingOf(byPaste);
        for (const [unit, signing] of probeSigning) assert.equal(pasteSigning.get(unit), signing, `signing of ${unit}`);
        assert.deepEqual(
          [...pasteSigning.keys()].filter((u) => !probeSigning.has(u)),
          ['itlrecovery'],
        );
        assert.deepEqual(certificatesOf(scenario, byPaste), certificatesOf(scenario, byProbe), 'certificates');
        const expiries = async (service: TestService) =>
          ticketsOf(
            (await service.api<{ items: Expiry[] }>(`/api/v1/expiries?cluster=${c.id}`, { headers: auth })).body.items,
            c.id,
          );
        assert.deepEqual(await expiries(pasted), await expiries(probed), 'tickets');
      });
    }
  },
);
