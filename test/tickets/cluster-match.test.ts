// Event -> cluster mapping table: NodeID, host, source address, ClusterID, unassigned.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchCluster, unassignedClusterFor, unassignedClusterId } from '../../src/tickets/cluster-match.js';
import { unknownCluster, type ClusterState } from '../../src/domain/cluster.js';

function cluster(id: string, nodes: { name: string; addresses: string[] }[]): ClusterState {
  return { ...unknownCluster(id, id.toUpperCase()), nodes: nodes.map((n) => ({ ...n, roles: ['cucm'] })) };
}

const clusters = [
  cluster('lab', [
    { name: 'CUCM01', addresses: ['10.0.0.1', 'cucm01.lab.example.com'] },
    { name: 'CUCM02', addresses: ['10.0.0.2'] },
  ]),
  cluster('prod', [{ name: 'pub', addresses: ['192.0.2.10', '2001:db8::10'] }]),
];

describe('matchCluster', () => {
  const cases: {
    title: string;
    node: string; host: string | null; clusterId: string | null; source: string | null;
    expected: { clusterId: string; reason: string; nodeName: string | null };
  }[] = [
    {
      title: 'NodeID matches a node name',
      node: 'CUCM02',
      host: null,
      clusterId: null,
      source: '198.51.100.9',
      expected: { clusterId: 'lab', reason: 'node-id', nodeName: 'CUCM02' },
    },
    {
      title: 'NodeID case-insensitive',
      node: 'cucm01',
      host: null,
      clusterId: null,
      source: null,
      expected: { clusterId: 'lab', reason: 'node-id', nodeName: 'CUCM01' },
    },
    {
      title: 'NodeID wins over the relay source address',
      node: 'pub',
      host: null,
      clusterId: null,
      source: '10.0.0.1',
      expected: { clusterId: 'prod', reason: 'node-id', nodeName: 'pub' },
    },
    {
      title: 'FQDN host against a short node name',
      node: 'unknown-node',
      host: 'CUCM02.lab.example.com',
      clusterId: null,
      source: null,
      expected: { clusterId: 'lab', reason: 'host', nodeName: 'CUCM02' },
    },
    {
      title: 'source address',
      node: 'zzz',
      host: null,
      clusterId: null,
      source: '192.0.2.10',
      expected: { clusterId: 'prod', reason: 'source-address', nodeName: 'pub' },
    },
    {
      title: 'IPv4-mapped IPv6 source address',
      node: 'zzz',
      host: null,
      clusterId: null,
      source: '::ffff:10.0.0.2',
      expected: { clusterId: 'lab', reason: 'source-address', nodeName: 'CUCM02' },
    },
    {
      title: 'IPv6 source address',
      node: 'zzz',
      host: null,
      clusterId: null,
      source: '2001:DB8::10',
      expected: { clusterId: 'prod', reason: 'source-address', nodeName: 'pub' },
    },
    {
      title: 'meaningful ClusterID equal to a cluster id',
      node: 'zzz',
      host: null,
      clusterId: 'PROD',
      source: '203.0.113.5',
      expected: { clusterId: 'prod', reason: 'cluster-id', nodeName: null },
    },
    {
      title: 'nothing matches: unassigned after the source address',
      node: 'zzz',
      host: 'zzz.example',
      clusterId: 'other',
      source: '203.0.113.5',
      expected: { clusterId: 'unassigned-203-0-113-5', reason: 'unassigned', nodeName: null },
    },
    {
      title: 'IPv6 source: no ":" in the id',
      node: 'zzz',
      host: null,
      clusterId: null,
      source: 'fe80::1',
      expected: { clusterId: 'unassigned-fe80-1', reason: 'unassigned', nodeName: null },
    },
    {
      title: 'no source address: unassigned after the host',
      node: 'zzz',
      host: 'Relay.Example',
      clusterId: null,
      source: null,
      expected: { clusterId: 'unassigned-relay-example', reason: 'unassigned', nodeName: null },
    },
  ];
  for (const c of cases) {
    test(c.title, () => {
      assert.deepEqual(
        matchCluster({ node: c.node, host: c.host, clusterId: c.clusterId }, c.source, clusters),
        c.expected,
      );
    });
  }
  test('an FQDN of another node does not match a prefix', () => {
    assert.equal(matchCluster({ node: 'cucm0', host: null, clusterId: null }, null, clusters).reason, 'unassigned');
  });
});

describe('unassigned clusters', () => {
  test('named after the source, state unknown, no ":" in the id', () => {
    const id = unassignedClusterId('::1');
    assert.doesNotMatch(id, /:/);
    const c = unassignedClusterFor(id, '::1');
    assert.equal(c.id, id);
    assert.match(c.name, /::1/);
    assert.equal(c.securityMode, 'unknown');
    assert.deepEqual(c.nodes, []);
  });
});
