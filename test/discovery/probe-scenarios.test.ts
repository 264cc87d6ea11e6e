// Discovery end to end against simulated CUCM clusters on loopback (test/support/simulated-cucm.ts): real sockets,
// real TLS, ITL/CTL files in the TLV format, UDS answers; certificates made by openssl and by the TLV builder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverCluster, type DiscoveryResult } from '../../src/discovery/probe/index.js';
import type { DiscoveredFacts, StateFact } from '../../src/discovery/index.js';
import { hasOpenssl } from '../support/openssl-certificate.js';
import {
  ecdsa15,
  etoken115,
  nonSecure14StaleCtl,
  startSimulatedCucm,
  tokenless125,
  tvsSoon,
  type RunningCucm,
  type Scenario,
  type SimulatedNode,
} from '../support/simulated-cucm.js';

const ALL = ['itl', 'ctl', 'uds', 'tls'] as const;
const skip = hasOpenssl() ? false : 'no openssl binary';

const values = (facts: DiscoveredFacts, kind: StateFact['kind']) =>
  facts.state.filter((f) => f.kind === kind).map((f) => f.value);

function assertDiscovered(scenario: Scenario, result: DiscoveryResult): void {
  const { facts } = result;
  const expected = scenario.expected;
  assert.deepEqual(new Set(values(facts, 'version')), new Set([expected.version]), 'version');
  assert.deepEqual(new Set(values(facts, 'itlSigner')), new Set([expected.itlSigner]), 'ITL signer');
  const modes = new Set(values(facts, 'securityMode'));
  const stale = facts.unread.filter((u) => u.reason === 'ctl-stale');
  if (expected.securityMode === 'stale-ctl') {
    assert.deepEqual(modes, new Set(), 'a stale CTL claims no security mode');
    assert.ok(stale.length > 0, 'the stale CTL is reported');
    assert.equal(
      facts.certificates.filter((c) => c.source.kind === 'ctl-file').length,
      0,
      'no certificate of the stale CTL is kept',
    );
  } else {
    assert.deepEqual(modes, new Set([expected.securityMode]), 'security mode');
    assert.equal(stale.length, 0);
  }
  assert.deepEqual(
    new Set(values(facts, 'ctlSigner')),
    new Set(expected.ctlSigner === null ? [] : [expected.ctlSigner]),
    'CTL signer',
  );
  const udsNodes = values(facts, 'nodes').flat() as { name: string }[];
  assert.deepEqual(
    new Set(udsNodes.map((n) => n.name)),
    new Set(scenario.nodes.filter((n) => n.inUds).map((n) => n.address)),
    'UDS nodes',
  );
  for (const want of expected.certificates) {
    const found = facts.certificates.filter((c) => c.node === want.node && c.unit === want.unit);
    assert.ok(found.length > 0, `${want.node} ${want.unit} not found`);
    assert.deepEqual(
      [...new Set(found.map((c) => c.notAfter))],
      [want.notAfter],
      `${want.node} ${want.unit} not-after`,
    );
  }
}

const SCENARIOS: [string, () => Scenario][] = [
  ['tokenless 12.5 mixed', tokenless125],
  ['eToken 11.5 mixed', etoken115],
  ['non-secure 14 with a stale CTL', nonSecure14StaleCtl],
  ['15 with ECDSA', ecdsa15],
  ['TVS in 12 days, CallManager in 40', () => tvsSoon(new Date('2026-06-01T00:00:00Z'))],
];

for (const [name, make] of SCENARIOS) {
  describe(`discovery of a simulated cluster: ${name}`, { skip }, () => {
    let scenario: Scenario;
    let cucm: RunningCucm;
    // Another cluster's node on loopback, listed nowhere this cluster's discovery may look: it must never be contacted.
    let decoy: SimulatedNode;
    before(async () => {
      scenario = make();
      const template = scenario.nodes[0] as SimulatedNode;
      decoy = { ...template, name: 'other-cluster', address: '127.0.0.9', inUds: false };
      cucm = await startSimulatedCucm(scenario, [decoy]);
    });
    after(async () => cucm?.close());

    test("reads version, security mode, signers, nodes and every certificate's exact not-after", async () => {
      const result = await discoverCluster(
        { seeds: scenario.seeds, probes: [...ALL], ports: cucm.ports },
        { timeoutMs: 3000 },
      );
      assertDiscovered(scenario, result);
      // Only the seeds and the nodes UDS listed were contacted; each of them was.
      const contacted = [...cucm.connections.keys()].sort();
      const allowed = [
        ...new Set([...scenario.seeds, ...scenario.nodes.filter((n) => n.inUds).map((n) => n.address)]),
      ].sort();
      assert.deepEqual(contacted, allowed);
      assert.equal(cucm.connections.get(decoy.address), undefined);
      assert.deepEqual([...new Set(result.probes.map((p) => p.host))].sort(), allowed);
      for (const probe of result.probes) {
        assert.ok(probe.ms < 3000 + 500, `${probe.probe} ${probe.host}:${probe.port} took ${probe.ms} ms`);
      }
    });
  });
}

test('the near-expiry scenario expects TVS 12 days and CallManager 40 days out, on every node', { skip }, () => {
  const expected = tvsSoon(new Date('2026-06-01T00:00:00Z')).expected.certificates;
  const dates = (unit: string) =>
    new Set(expected.filter((c) => c.unit === unit).map((c) => `${c.node} ${c.notAfter}`));
  assert.deepEqual(
    dates('TVS'),
    new Set(['cucm-soon-pub 2026-06-13T00:00:00.000Z', 'cucm-soon-sub1 2026-06-13T00:00:00.000Z']),
  );
  assert.deepEqual(
    dates('CallManager'),
    new Set(['cucm-soon-pub 2026-07-11T00:00:00.000Z', 'cucm-soon-sub1 2026-07-11T00:00:00.000Z']),
  );
});

describe('signing read from the handshakes', { skip }, () => {
  test('a CA-signed tomcat reads as ca-signed, a self-signed one as self-signed; CallManager as the cluster made it', async () => {
    for (const [scenario, tomcat] of [
      [tokenless125(), 'ca-signed'],
      [tvsSoon(new Date('2026-06-01T00:00:00Z')), 'self-signed'],
    ] as const) {
      const cucm = await startSimulatedCucm(scenario);
      try {
        const { facts } = await discoverCluster(
          { seeds: scenario.seeds, probes: ['tls'], ports: cucm.ports },
          { timeoutMs: 3000 },
        );
        const signing = (unit: string) =>
          new Set(
            facts.state
              .filter((f) => f.kind === 'signing' && f.value.unit === unit)
              .map((f) => (f.value as { signing: string }).signing),
          );
        assert.deepEqual(signing('tomcat'), new Set([tomcat]), scenario.name);
        assert.deepEqual(signing('callmanager'), new Set(['self-signed']), scenario.name);
      } finally {
        await cucm.close();
      }
    }
  });
});
