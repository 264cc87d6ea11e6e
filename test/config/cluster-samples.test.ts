// Every sample inventory in samples/clusters/ must load: they are what a new user copies first. Their hashes are
// pinned:
// an API override stores the hash of the file's entry and yields when it changes, so a loader that serialised the same
// entry differently would silently undo every stored override on upgrade.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { ClusterSchema } from '../../src/domain/cluster-schema.js';
import { clusterHash } from '../../src/clusters/cluster-directory.js';
import { parseClusters } from '../../src/config/load-clusters.js';

const dir = new URL('../../samples/clusters/', import.meta.url);
const files = existsSync(dir) ? readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort() : [];

test(
  'samples/clusters holds at least one inventory',
  { skip: files.length === 0 ? 'no sample inventories yet' : false },
  () => {
    assert.ok(files.length > 0);
  },
);

for (const name of files) {
  test(`samples/clusters/${name} loads`, () => {
    const result = parseClusters(readFileSync(new URL(name, dir), 'utf8'), `samples/clusters/${name}`);
    if (!result.ok) assert.fail(result.problems.join('\n'));
    assert.ok(result.clusters.length > 0, 'a sample inventory should describe at least one cluster');
    for (const cluster of result.clusters) assert.deepEqual([...Value.Errors(ClusterSchema, cluster)], [], cluster.id);
  });
}

// Computed by the hand-written loader this schema replaced.
const PINNED_HASHES: [string, string, string][] = [
  ['lab.yaml', 'lab', 'ee022428c2e6039c'],
  ['lab115.yaml', 'lab115', 'b6c284bcf72f23e9'],
  ['lab125.yaml', 'lab125', '971c18d4d9c38920'],
  ['lab14.yaml', 'lab14', 'a301f2e35520bb47'],
  ['lab15.yaml', 'lab15', '6501636124c9061e'],
  ['unknown1.yaml', 'unknown1', '19b246c2d9da01ce'],
];
for (const [name, id, hash] of PINNED_HASHES) {
  test(`samples/clusters/${name}: cluster ${id} hashes as before`, () => {
    const result = parseClusters(readFileSync(new URL(name, dir), 'utf8'), name);
    assert.equal(result.ok && clusterHash(result.clusters.find((c) => c.id === id)), hash);
  });
}
