// The cluster directory on a real Redis: the file's clusters, API overrides that win until the file's entry changes,
// unassigned clusters, node time zones.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { clusterFileReader, createClusterDirectory } from '../../src/clusters/cluster-directory.js';
import { unknownCluster } from '../../src/domain/cluster.js';
import { useTestRedis } from '../support/redis-server.js';

describe('cluster directory', () => {
  const redis = useTestRedis();

  test('an API override wins until the file entry for that cluster changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clusters-'));
    const file = join(dir, 'clusters.yaml');
    writeFileSync(file, readFileSync('samples/clusters/lab.yaml', 'utf8'));
    const logger = pino({ level: 'silent' });
    const directory = createClusterDirectory({ redis: redis.client, file: clusterFileReader(file), logger });
    await directory.refresh();
    const fromFile = directory.get('lab')!;
    assert.equal(directory.origin('lab'), 'file');
    assert.equal(directory.zoneForNode('cucm01'), fromFile.nodes.find((n) => n.name === 'CUCM01')?.timeZone);

    await directory.put({ ...fromFile, version: '15SU1' }, 'alice');
    assert.equal(directory.get('lab')!.version, '15SU1');
    assert.equal(directory.origin('lab'), 'api');

    // Another process sees the override after its refresh.
    const other = createClusterDirectory({ redis: redis.client, file: clusterFileReader(file), logger });
    await other.refresh();
    assert.equal(other.get('lab')!.version, '15SU1');

    // The administrator edits the file's entry for lab: the file wins again.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/name: .*/, 'name: Lab cluster (edited)'));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    await directory.refresh();
    assert.equal(directory.origin('lab'), 'file');
    assert.equal(directory.get('lab')!.name, 'Lab cluster (edited)');
    assert.equal(directory.get('lab')!.version, fromFile.version);
  });

  test('unassigned clusters are remembered but never replace a real one', async () => {
    const logger = pino({ level: 'silent' });
    const directory = createClusterDirectory({ redis: redis.client, file: clusterFileReader(undefined), logger });
    await directory.refresh();
    await directory.rememberUnassigned(unknownCluster('unassigned-192-0-2-9', 'Unassigned (192.0.2.9)'));
    assert.equal(directory.origin('unassigned-192-0-2-9'), 'unassigned');
    assert.equal(directory.get('unassigned-192-0-2-9')!.securityMode, 'unknown');
  });
});

test('a missing CLUSTERS_FILE is refused with what to do, not an ENOENT stack', () => {
  const missing = join(mkdtempSync(join(tmpdir(), 'clusters-')), 'clusters.yaml');
  assert.throws(
    () => clusterFileReader(missing).read(),
    (error: Error) => {
      assert.match(
        error.message,
        /clusters\.yaml: no such file \(check CLUSTERS_FILE or --clusters-file; leave it unset to start with every cluster unknown/,
      );
      return true;
    },
  );
});
