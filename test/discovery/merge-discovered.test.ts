// Discovered facts against the inventory: fills what is unknown (with source and time), lists contradictions with the
// inventory and between sources, never applies them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unknownCluster, type ClusterState } from '../../src/domain/cluster.js';
import { concatFacts, type DiscoveredFacts, type FactSource } from '../../src/discovery/facts-schema.js';
import { mergeDiscovered } from '../../src/discovery/merge-discovered.js';
import { readPasted } from '../../src/discovery/show/read-pasted.js';
import { tlvFacts } from '../../src/discovery/tlv/tlv-facts.js';
import { readUdsServers } from '../../src/discovery/uds.js';
import { ctlFile, itlFile, simulatedCluster } from '../support/tlv-builder.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const CTL: FactSource = { kind: 'ctl-file', detail: 'http://cucm-pub:6970/CTLFile.tlv' };
const SHOW: FactSource = { kind: 'show-output', detail: 'pasted: show ctl' };
const sim = simulatedCluster({ nodes: ['cucm-pub', 'cucm-sub1'] });
const files = concatFacts([
  tlvFacts(itlFile(sim, 'itlrecovery'), 'ITLFile.tlv', 'itl'),
  tlvFacts(ctlFile(sim, 'tokenless-itlrecovery'), 'CTLFile.tlv', 'ctl'),
]);

const cluster = (patch: Partial<ClusterState> = {}): ClusterState => ({
  ...unknownCluster('c1', 'Cluster 1'),
  ...patch,
});
const facts = (state: DiscoveredFacts['state']): DiscoveredFacts => ({ certificates: [], state, unread: [] });

describe('mergeDiscovered', () => {
  test('an unknown inventory is filled from the files, each fill with its source and time', () => {
    const { filled, conflicts } = mergeDiscovered(cluster(), files, NOW);
    assert.deepEqual(filled.map((f) => [f.field, f.value, f.source.kind, f.at]), [
      ['itlSigner', 'itlrecovery', 'itl-file', NOW.toISOString()],
      ['tftpServers', ['cucm-pub', 'cucm-sub1'], 'itl-file', NOW.toISOString()],
      ['securityMode', 'mixed', 'ctl-file', NOW.toISOString()],
      ['ctlSigner', 'tokenless', 'ctl-file', NOW.toISOString()],
    ]);
    assert.deepEqual(conflicts, []);
  });

  test('what the inventory knows is not overwritten; a contradiction is listed, with the stale-CTL note', () => {
    const { filled, conflicts } = mergeDiscovered(
      cluster({ securityMode: 'non-secure', itlSigner: 'itlrecovery' }),
      files,
      NOW,
    );
    assert.deepEqual(
      filled.map((f) => f.field),
      ['tftpServers', 'ctlSigner'],
    );
    assert.deepEqual(
      conflicts.map((c) => [c.field, c.reason, c.inventory, c.discovered]),
      [['securityMode', 'differs-from-inventory', 'non-secure', 'mixed']],
    );
    assert.match(conflicts[0]?.note ?? '', /old CTL/);
  });

  describe('TFTP servers: a set, in the inventory\'s terms', () => {
    const ITL: FactSource = { kind: 'itl-file', detail: 'http://cucm-b:6970/ITLFile.tlv' };
    const nodes = [
      { name: 'cucm-a', addresses: ['192.0.2.1'], roles: ['publisher' as const] },
      { name: 'cucm-b', addresses: ['192.0.2.2'], roles: ['subscriber' as const] },
    ];
    const servers = (value: string[], source = ITL) =>
      facts([{ kind: 'tftpServers', value, source, note: 'the ITL lists them' }]);

    test('named as the inventory names its nodes (name, address, short name), in node order, marked order unknown', () => {
      const { filled, conflicts } = mergeDiscovered(
        cluster({ nodes }),
        servers(['CUCM-B.example.net', '192.0.2.1', 'elsewhere']),
        NOW,
      );
      assert.deepEqual(conflicts, []);
      assert.deepEqual(
        filled.map((f) => [f.field, f.value, 'order' in f ? f.order : null]),
        [['tftpServers', ['cucm-a', 'cucm-b', 'elsewhere'], 'unknown']],
      );
    });

    test("the inventory's list in another order agrees; another set is a conflict, never applied", () => {
      const same = mergeDiscovered(
        cluster({ nodes, tftpServers: ['cucm-b', 'cucm-a'] }),
        servers(['cucm-a', 'cucm-b']),
        NOW,
      );
      assert.deepEqual([same.filled, same.conflicts], [[], []]);
      const other = mergeDiscovered(cluster({ nodes, tftpServers: ['cucm-a'] }), servers(['cucm-a', 'cucm-b']), NOW);
      assert.deepEqual(other.filled, []);
      assert.deepEqual(
        other.conflicts.map((c) => [c.field, c.reason, c.inventory, c.discovered]),
        [['tftpServers', 'differs-from-inventory', ['cucm-a'], ['cucm-a', 'cucm-b']]],
      );
    });

    test('two sources naming the same set in another order agree; different sets disagree', () => {
      const pasted: FactSource = { kind: 'show-output', detail: 'pasted: show itl' };
      const agree = mergeDiscovered(
        cluster({ nodes }),
        concatFacts([servers(['cucm-b', 'cucm-a']), servers(['192.0.2.1', 'cucm-b'], pasted)]),
        NOW,
      );
      assert.deepEqual([agree.filled.map((f) => f.value), agree.conflicts], [[['cucm-a', 'cucm-b']], []]);
      const disagree = mergeDiscovered(
        cluster({ nodes }),
        concatFacts([servers(['cucm-b', 'cucm-a']), servers(['cucm-a'], pasted)]),
        NOW,
      );
      assert.deepEqual(
        [disagree.filled, disagree.conflicts.map((c) => c.reason)],
        [[], ['sources-disagree', 'sources-disagree']],
      );
    });
  });

  test('two sources that disagree fill nothing and are both listed', () => {
    const { filled, conflicts } = mergeDiscovered(cluster(), facts([
      { kind: 'ctlSigner', value: 'tokenless', source: CTL, note: 'file' },
      { kind: 'ctlSigner', value: 'etoken', source: SHOW, note: 'paste' },
    ]), NOW);
    assert.deepEqual(filled, []);
    assert.deepEqual(
      conflicts.map((c) => [c.reason, c.discovered, c.source.kind]),
      [
        ['sources-disagree', 'tokenless', 'ctl-file'],
        ['sources-disagree', 'etoken', 'show-output'],
      ],
    );
  });

  test('versions compare as releases: 12.5(1)SU6 agrees with 12.5.1.16900-48, 14SU2 does not', () => {
    const paste = readPasted('admin:show version active\nActive Master Version: 12.5.1.16900-48\n', 'pasted');
    assert.deepEqual(mergeDiscovered(cluster({ version: '12.5(1)SU6' }), paste, NOW), { filled: [], conflicts: [] });
    const { conflicts } = mergeDiscovered(cluster({ version: '14SU2' }), paste, NOW);
    assert.deepEqual(
      conflicts.map((c) => [c.field, c.inventory, c.discovered]),
      [['version', '14SU2', '12.5.1.16900-48']],
    );
    assert.deepEqual(
      mergeDiscovered(cluster(), paste, NOW).filled.map((f) => f.value),
      ['12.5.1.16900-48'],
    );
  });

  test('nodes fill an empty inventory; against a listed one, unknown nodes are conflicts (names, FQDNs, addresses match)', () => {
    const uds = readUdsServers(
      '<servers><server>cucm-pub.example.net</server><server>cucm-sub9.example.net</server><server>10.0.0.7</server></servers>',
      { kind: 'uds', detail: 'uds' },
    );
    assert.deepEqual(
      mergeDiscovered(cluster(), uds, NOW).filled.map((f) => f.field === 'nodes' && f.value.map((n) => n.name)),
      [['cucm-pub', 'cucm-sub9', '10.0.0.7']],
    );
    const listed = cluster({
      nodes: [
        { name: 'CUCM-PUB', addresses: [], roles: ['publisher'] },
        { name: 'cucm-sub1', addresses: ['10.0.0.7'], roles: [] },
      ],
    });
    const { filled, conflicts } = mergeDiscovered(listed, uds, NOW);
    assert.deepEqual(filled, []);
    assert.deepEqual(
      conflicts.map((c) => [c.reason, (c.discovered as { name: string }).name]),
      [['node-not-in-inventory', 'cucm-sub9']],
    );
  });

  test('signing: fills unknown units, multi-SAN agrees with CA-signed, self-signed against CA-signed conflicts', () => {
    const paste = readPasted(
      'admin:show cert list own\ntomcat/tomcat.pem: Certificate Signed by EXAMPLE-CA\nTVS/TVS.pem: Self-signed certificate generated by system\nCallManager/CallManager.pem: Self-signed certificate generated by system\n',
      'pasted',
    );
    const { filled, conflicts } = mergeDiscovered(
      cluster({ signing: { tomcat: 'multi-san', callmanager: 'ca-signed' } }),
      paste,
      NOW,
    );
    assert.deepEqual(
      filled.map((f) => f.value),
      [{ unit: 'tvs', signing: 'self-signed' }],
    );
    assert.deepEqual(
      conflicts.map((c) => [c.field, c.inventory, c.discovered]),
      [['signing', 'ca-signed', { unit: 'callmanager', signing: 'self-signed' }]],
    );
  });

  test('the inventory given is left as it was', () => {
    const inventory = cluster({ securityMode: 'non-secure' });
    const before = structuredClone(inventory);
    mergeDiscovered(inventory, files, NOW);
    assert.deepEqual(inventory, before);
  });
});
