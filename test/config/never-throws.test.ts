// Property tests: whatever an admin or an API client sends, the loaders answer with problems, never with a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../support/fast-check-seed.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseClusters, validateCluster } from '../../src/config/load-clusters.js';
import { CONFIG_KEYS } from '../../src/config/schema.js';

const isResult = (r: { ok: boolean; problems?: string[] }) =>
  r.ok || (Array.isArray(r.problems) && r.problems.length > 0);

test('validateCluster never throws on arbitrary JSON', () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => assert.ok(isResult(validateCluster(value)))), { numRuns: 500 });
});

test('validateCluster never throws on cluster-shaped objects with arbitrary field values', () => {
  const fields = [
    'id',
    'name',
    'version',
    'securityMode',
    'tftpServers',
    'nodes',
    'signing',
    'sso',
    'peers',
    'recipients',
    'maintenanceWindow',
  ];
  const body = fc.dictionary(fc.constantFrom(...fields), fc.jsonValue());
  fc.assert(fc.property(body, (value) => assert.ok(isResult(validateCluster(value)))), { numRuns: 500 });
});

test('parseClusters never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => assert.ok(isResult(parseClusters(text, 'fuzz.yaml')))),
    { numRuns: 500 },
  );
});

test('loadConfig never throws on arbitrary env values or YAML text', () => {
  const env = fc.dictionary(fc.constantFrom(...CONFIG_KEYS.map((k) => k.env)), fc.string({ maxLength: 40 }));
  fc.assert(fc.property(env, fc.string({ maxLength: 200 }), (vars, yaml) => {
    assert.ok(isResult(loadConfig({ ...vars, CERTWATCH_CONFIG: '/c.yaml' }, () => yaml)));
  }), { numRuns: 500 });
});
