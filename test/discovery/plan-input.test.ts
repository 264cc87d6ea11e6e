// The plan's cluster state with discovery: filled facts replace the inventory's unknowns, conflicts become plan
// notices (reason discovery-conflict) saying what the inventory says and what was found where and when.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { mergeDiscovered } from '../../src/discovery/merge-discovered.js';
import { withDiscovered } from '../../src/discovery/plan-input.js';
import type { StaleCtlFinding } from '../../src/discovery/store.js';
import { renderPlan } from '../../src/plan/render/render-plan.js';
import { readPasted } from '../../src/discovery/show/read-pasted.js';
import { unknownCluster, type ClusterState } from '../../src/domain/cluster.js';
import { planForTickets } from '../../src/plan/ticket-plan.js';

const AT = '2026-11-20T08:00:00.000Z';
const NOW = new Date('2026-11-27T12:00:00.000Z');
const paste = readPasted([
  readFileSync('test/fixtures/discovery/show/show-ctl-etoken-11.5.txt', 'utf8'),
  readFileSync('test/fixtures/discovery/show/version-active-12.5.txt', 'utf8'),
].join('\n'), 'POST /api/v1/clusters/c1/evidence');

function discoveredFor(inventory: ClusterState) {
  const merged = mergeDiscovered(inventory, paste, NOW);
  return {
    filled: merged.filled.map((f) => ({ ...f, at: AT })),
    conflicts: merged.conflicts.map((c) => ({ ...c, at: AT })),
    staleCtl: null,
  };
}

describe('withDiscovered: the plan\'s cluster state', () => {
  test('filled facts replace the unknowns the plan is built on; the inventory object is not touched', () => {
    const inventory = unknownCluster('c1', 'Cluster 1');
    const { cluster, options } = withDiscovered(inventory, discoveredFor(inventory));
    assert.deepEqual(
      [cluster.securityMode, cluster.ctlSigner, cluster.version],
      ['mixed', 'etoken', '12.5.1.16900-48'],
    );
    assert.equal(inventory.securityMode, 'unknown');
    assert.deepEqual(options, { discoveryConflicts: [], tftpServersFrom: 'inventory' });
    const { plan } = planForTickets(cluster, [], NOW, {});
    assert.deepEqual(
      [plan.context.securityMode, plan.context.ctlSigner, plan.context.version],
      ['mixed', 'etoken', '12.5.1.16900-48'],
    );
  });

  test('a conflict is a plan inconsistency and notice (what the inventory says, what was found where and when); never applied', () => {
    const inventory: ClusterState = {
      ...unknownCluster('c1', 'Cluster 1'),
      version: '12.5(1)SU6',
      securityMode: 'mixed',
      ctlSigner: 'tokenless',
    };
    const input = withDiscovered(inventory, discoveredFor(inventory));
    assert.equal(input.cluster.ctlSigner, 'tokenless');
    const { plan } = planForTickets(input.cluster, [], NOW, input.options);
    const found = plan.inconsistencies.filter((w) => w.reason === 'discovery-conflict');
    assert.equal(found.length, 1);
    assert.equal(
      found[0]!.text,
      'Discovery conflict on ctlSigner: the inventory says tokenless; etoken was found in POST /api/v1/clusters/c1/evidence: show ctl (show-output) on 2026-11-20 08:00 UTC ' +
        `(${paste.state.find((s) => s.kind === 'ctlSigner')!.note}). Not applied: the plan follows the inventory; check the cluster and correct the inventory or the source.`,
    );
    assert.ok(plan.notices.includes(found[0]!.text));
    assert.equal(plan.context.ctlSigner, 'tokenless');
  });
});

describe('withDiscovered: the TFTP servers the ITL lists', () => {
  const itl = readPasted(
    readFileSync('test/fixtures/discovery/show/show-itl-11.5.txt', 'utf8'),
    'POST /api/v1/clusters/c1/evidence',
  );
  const nodes = ['cucm-sub1', 'cucm-pub'].map((name, i) => ({
    name,
    addresses: [`192.0.2.${i + 1}`],
    roles: i === 1 ? ['publisher' as const, 'tftp' as const] : ['subscriber' as const],
  }));

  test("fill tftpServers in the inventory's names and node order, marked as a set: the plan says the order is not known", () => {
    const inventory: ClusterState = { ...unknownCluster('c1', 'Cluster 1'), nodes, version: '11.5(1)SU3' };
    const merged = mergeDiscovered(inventory, itl, NOW);
    const filled = merged.filled.find((f) => f.field === 'tftpServers');
    assert.deepEqual(filled && { value: filled.value, order: 'order' in filled ? filled.order : null }, {
      value: ['cucm-pub'],
      order: 'unknown',
    });
    const input = withDiscovered(inventory, { filled: merged.filled, conflicts: [], staleCtl: null });
    assert.deepEqual([input.cluster.tftpServers, input.options.tftpServersFrom], [['cucm-pub'], 'discovery']);
    const { plan } = planForTickets(input.cluster, [], NOW, input.options);
    assert.deepEqual([plan.context.tftpServers, plan.context.tftpOrder], [['cucm-pub'], 'unknown']);
  });
});

describe('withDiscovered: a stale CTL is a plan notice', () => {
  const stale: StaleCtlFinding = {
    signer: 'CN=ITLRECOVERY_cucm14-pub;OU=UC',
    signedAt: '2021-03-01T10:00:00.000Z',
    basis: 'serials-differ-from-itl',
    detail: 'only in the CTL: a1; only in the ITL: b2',
    source: { kind: 'ctl-file', detail: 'http://127.0.14.1:6970/CTLFile.tlv' },
    note: 'stale',
    at: AT,
  };
  const notices = (securityMode: ClusterState['securityMode']) => {
    const input = withDiscovered(
      { ...unknownCluster('c1', 'Cluster 1'), securityMode, version: '14SU2' },
      { filled: [], conflicts: [], staleCtl: stale },
    );
    const { plan } = planForTickets(input.cluster, [], NOW, input.options);
    return plan.inconsistencies.filter((w) => w.reason === 'discovery-stale-ctl').map((w) => w.text);
  };

  test('non-secure: a CTL still served, the known case, with what was seen where and when', () => {
    const [text, ...more] = notices('non-secure');
    assert.deepEqual(more, []);
    assert.match(
      text ?? '',
      /^A CTL file is still served although the cluster is non-secure \(signed by CN=ITLRECOVERY_cucm14-pub;OU=UC, time stamp 2021-03-01 10:00 UTC; found in http:\/\/127\.0\.14\.1:6970\/CTLFile\.tlv \(ctl-file\) on 2026-11-20 08:00 UTC: only in the CTL: a1; only in the ITL: b2\)\. This is a known case/,
    );
  });

  test('mixed: the CTL missed its update; unknown: either; none without a stale CTL', () => {
    assert.match(
      notices('mixed')[0] ?? '',
      /^The CTL file served was not updated after a CallManager change .*utils ctl update CTLFile/,
    );
    assert.match(notices('unknown')[0] ?? '', /either the cluster was set back to non-secure .* or it is mixed/);
    const input = withDiscovered(unknownCluster('c1', 'Cluster 1'), { filled: [], conflicts: [], staleCtl: null });
    assert.deepEqual(input.options.discoveryConflicts, []);
  });

  test('the notice is in the rendered plan', () => {
    const input = withDiscovered(
      { ...unknownCluster('c1', 'Cluster 1'), securityMode: 'non-secure', version: '14SU2' },
      { filled: [], conflicts: [], staleCtl: stale },
    );
    const { plan } = planForTickets(input.cluster, [], NOW, input.options);
    assert.match(renderPlan(plan, 'markdown'), /CTL file is still served although the cluster is non-secure/);
  });
});
