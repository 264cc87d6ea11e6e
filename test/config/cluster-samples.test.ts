// Every sample inventory in samples/clusters/ must load: they are what a new user copies first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { ClusterSchema } from '../../src/domain/cluster-schema.js';
import { parseClusters } from '../../src/config/load-clusters.js';

const dir = new URL('../../samples/clusters/', import.meta.url);
const files = existsSync(dir) ? readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort() : [];

test('samples/clusters holds at least one inventory', { skip: files.length === 0 ? 'no sample inventories yet' : false }, () => {
  assert.ok(files.length > 0);
});

for (const name of files) {
  test(`samples/clusters/${name} loads`, () => {
    const result = parseClusters(readFileSync(new URL(name, dir), 'utf8'), `samples/clusters/${name}`);
    if (!result.ok) assert.fail(result.problems.join('\n'));
    assert.ok(result.clusters.length > 0, 'a sample inventory should describe at least one cluster');
    for (const cluster of result.clusters) assert.deepEqual([...Value.Errors(ClusterSchema, cluster)], [], cluster.id);
  });
}
