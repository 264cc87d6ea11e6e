// The inventory's optional `discovery:` block (domain/cluster-schema.ts): defaults, overridable ports, named problems.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClusters } from '../../src/config/load-clusters.js';

const inventory = (discovery: string) => `clusters:\n  - id: lab\n    nodes: [{name: cucm-pub}]\n${discovery}`;

describe('inventory discovery block', () => {
  test('a cluster without the block has none (its stored hash stays as it was)', () => {
    const result = parseClusters(inventory(''), 'x.yaml');
    assert.ok(result.ok);
    assert.equal(result.clusters[0]?.discovery, undefined);
  });

  test("seeds alone get every probe, a daily interval and CUCM's own ports", () => {
    const result = parseClusters(
      inventory('    discovery:\n      seeds: [10.0.0.1, cucm-pub.example.net]\n'),
      'x.yaml',
    );
    assert.ok(result.ok, result.ok ? '' : result.problems.join('\n'));
    assert.deepEqual(result.clusters[0]?.discovery, {
      enabled: true,
      seeds: ['10.0.0.1', 'cucm-pub.example.net'],
      probes: ['itl', 'ctl', 'uds', 'tls'],
      interval: '1d',
      ports: {
        tftp: 6970,
        uds: 8443,
        tomcat: 8443,
        callManager: [5061, 2443],
        capf: 3804,
        tvs: 2445,
        xmppClient: 5222,
        xmppServer: 5269,
      },
    });
  });

  test('ports and probes are overridable one by one (tests point them at loopback ports)', () => {
    const result = parseClusters(
      inventory(
        '    discovery:\n      seeds: [127.0.0.1]\n      probes: [itl]\n      enabled: false\n      ports: {tftp: 16970, callManager: [15061]}\n',
      ),
      'x.yaml',
    );
    assert.ok(result.ok, result.ok ? '' : result.problems.join('\n'));
    const block = result.clusters[0]?.discovery;
    assert.deepEqual(
      [block?.enabled, block?.probes, block?.ports.tftp, block?.ports.callManager, block?.ports.tvs],
      [false, ['itl'], 16970, [15061], 2445],
    );
  });

  test('wrong values are named with their path', () => {
    const result = parseClusters(
      inventory(
        '    discovery:\n      seeds: []\n      probes: [snmp]\n      interval: 2w\n      ports: {tvs: 0, ssh: 22}\n',
      ),
      'x.yaml',
    );
    assert.equal(result.ok, false);
    const problems = result.ok ? '' : result.problems.join('\n');
    for (const path of [
      'discovery.seeds',
      'discovery.probes',
      'discovery.interval',
      'discovery.ports.tvs',
      'discovery.ports',
    ])
      assert.match(problems, new RegExp(path.replace('.', '\\.')));
    assert.match(problems, /2w" is not an interval/);
    assert.match(problems, /ssh/);
  });
});
