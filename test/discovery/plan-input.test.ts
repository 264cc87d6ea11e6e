// The plan's cluster state with discovery: filled facts replace the inventory's unknowns, conflicts become plan
// notices (reason discovery-conflict) saying what the inventory says and what was found where and when.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { mergeDiscovered } from '../../src/discovery/merge-discovered.js';
import { withDiscovered } from '../../src/discovery/plan-input.js';
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
  return { filled: merged.filled.map((f) => ({ ...f, at: AT })), conflicts: merged.conflicts.map((c) => ({ ...c, at: AT })) };
}

describe('withDiscovered: the plan\'s cluster state', () => {
  test('filled facts replace the unknowns the plan is built on; the inventory object is not touched', () => {
    const inventory = unknownCluster('c1', 'Cluster 1');
    const { cluster, conflicts } = withDiscovered(inventory, discoveredFor(inventory));
    assert.deepEqual([cluster.securityMode, cluster.ctlSigner, cluster.version], ['mixed', 'etoken', '12.5.1.16900-48']);
    assert.equal(inventory.securityMode, 'unknown');
    assert.deepEqual(conflicts, []);
    const { plan } = planForTickets(cluster, [], NOW, {});
    assert.deepEqual([plan.context.securityMode, plan.context.ctlSigner, plan.context.version], ['mixed', 'etoken', '12.5.1.16900-48']);
  });

  test('a conflict is a plan inconsistency and notice (what the inventory says, what was found where and when); never applied', () => {
    const inventory: ClusterState = { ...unknownCluster('c1', 'Cluster 1'), version: '12.5(1)SU6', securityMode: 'mixed', ctlSigner: 'tokenless' };
    const input = withDiscovered(inventory, discoveredFor(inventory));
    assert.equal(input.cluster.ctlSigner, 'tokenless');
    const { plan } = planForTickets(input.cluster, [], NOW, { discoveryConflicts: input.conflicts });
    const found = plan.inconsistencies.filter((w) => w.reason === 'discovery-conflict');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.text,
      'Discovery conflict on ctlSigner: the inventory says tokenless; etoken was found in POST /api/v1/clusters/c1/evidence: show ctl (show-output) on 2026-11-20 08:00 UTC '
      + `(${paste.state.find((s) => s.kind === 'ctlSigner')!.note}). Not applied: the plan follows the inventory; check the cluster and correct the inventory or the source.`);
    assert.ok(plan.notices.includes(found[0]!.text));
    assert.equal(plan.context.ctlSigner, 'tokenless');
  });
});
