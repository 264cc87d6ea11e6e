// Tests of the config schema metadata and the docs generated from it (docs/configuration.md must not drift).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { regenerateSections } from '../../src/config/config-docs.js';
import { CLUSTER_FIELD_DOCS } from '../../src/config/inventory-docs.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parseClusters } from '../../src/config/load-clusters.js';
import { CONFIG_KEYS, ConfigSchema, configTableMarkdown } from '../../src/config/schema.js';
import { unknownCluster } from '../../src/domain/cluster.js';

const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

describe('CONFIG_KEYS', () => {
  test('one entry per schema property, env names unique and upper snake case', () => {
    assert.equal(CONFIG_KEYS.length, Object.keys(ConfigSchema.properties).length);
    assert.equal(new Set(CONFIG_KEYS.map((k) => k.env)).size, CONFIG_KEYS.length);
    for (const key of CONFIG_KEYS) assert.match(key.env, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, key.env);
  });

  test('camelCase property names follow from the env names', () => {
    for (const key of CONFIG_KEYS) {
      const camel = key.env.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      assert.equal(key.key, camel);
    }
  });

  test('units are in the names of durations and sizes', () => {
    for (const key of CONFIG_KEYS) {
      if (key.unit === 'ms') assert.match(key.env, /_MS$/, key.env);
      if (key.unit === 'bytes') assert.match(key.env, /_BYTES$/, key.env);
      if (key.unit === 'days') assert.match(key.env, /_DAYS$/, key.env);
    }
  });

  const defaults: [string, string | null][] = [
    ['SYSLOG_HOST', '0.0.0.0'], ['SYSLOG_UDP_PORT', '5514'], ['SYSLOG_TCP_PORT', '5601'], ['SYSLOG_TLS_PORT', '6514'],
    ['HTTP_HOST', '127.0.0.1'], ['HTTP_PORT', '8080'], ['DATA_DIR', './var'], ['LOG_LEVEL', 'info'],
    ['REMINDER_DAYS', '90,60,30,14,7,3,1,0'], ['QUIET_AFTER_MS', '129600000'], ['API_TOKEN', null], ['REDIS_URL', null],
    ['SMTP_URL', null], ['MAIL_FROM', 'certwatch@localhost'], ['SYSLOG_ALLOW', ''],
  ];
  for (const [env, expected] of defaults) {
    test(`${env} documents default ${JSON.stringify(expected)}`, () =>
      assert.equal(CONFIG_KEYS.find((k) => k.env === env)?.default, expected));
  }

  test('secrets are marked', () => {
    assert.deepEqual(
      CONFIG_KEYS.filter((k) => k.secret)
        .map((k) => k.env)
        .sort(),
      ['API_TOKEN', 'REDIS_URL', 'SMTP_URL'],
    );
  });
});

describe('docs/configuration.md', () => {
  test('names every key of CONFIG_KEYS', () => {
    for (const key of CONFIG_KEYS) assert.ok(docs.includes(`\`${key.env}\``), `${key.env} is not documented`);
  });

  test('holds the current configuration table', () => assert.ok(docs.includes(configTableMarkdown())));

  test('names every inventory field and every ClusterState item', () => {
    for (const field of CLUSTER_FIELD_DOCS) assert.ok(docs.includes(`\`${field.field}\``), field.field);
    const documented = new Set(CLUSTER_FIELD_DOCS.map((f) => f.field.split(/[.[]/)[0]));
    for (const item of Object.keys(unknownCluster('x', 'x')).concat('maintenanceWindow')) {
      assert.ok(documented.has(item), item);
    }
  });

  test('is up to date with its generated sections (run src/config/update-config-docs.ts)', () => {
    const { text, sections } = regenerateSections(docs);
    assert.deepEqual(sections, ['config-table', 'inventory-table']);
    assert.equal(text, docs);
  });
});

describe('docs/configuration.md examples', () => {
  const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

  test('the settings example loads', () => {
    const settings = blocks.find((b) => b.includes('SYSLOG_UDP_PORT'));
    assert.ok(settings, 'no settings example');
    const result = loadConfig({ CERTWATCH_CONFIG: '/example.yaml' }, () => settings);
    assert.equal(result.ok, true, result.ok ? '' : result.problems.join('\n'));
  });

  test('the inventory example loads', () => {
    const inventory = blocks.find((b) => b.startsWith('clusters:'));
    assert.ok(inventory, 'no inventory example');
    const result = parseClusters(inventory, 'example.yaml');
    assert.equal(result.ok, true, result.ok ? '' : result.problems.join('\n'));
  });
});

describe('regenerateSections', () => {
  test('replaces a stale section and leaves unknown markers alone', () => {
    const stale =
      'a\n<!-- generated:config-table -->\nSTALE-TABLE-TEXT\n<!-- /generated:config-table -->\n<!-- generated:other -->\nkeep\n<!-- /generated:other -->\n';
    const { text, sections } = regenerateSections(stale);
    assert.deepEqual(sections, ['config-table']);
    assert.ok(text.includes(configTableMarkdown()));
    assert.ok(!text.includes('STALE-TABLE-TEXT'));
    assert.ok(text.includes('keep'));
  });
});
