// UDS answers: the developer guide's shapes read to a version and the cluster's nodes; hostile bodies named, never
// a throw, and in bounded time.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import '../support/fast-check-seed.js';
import { DiscoveredFactsSchema, type DiscoveredFacts, type FactSource } from '../../src/discovery/facts-schema.js';
import { readUdsServers, readUdsVersion } from '../../src/discovery/uds.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/discovery/uds');
const VERSION_SOURCE: FactSource = { kind: 'uds', detail: 'https://cucm-pub:8443/cucm-uds/version' };
const SERVERS_SOURCE: FactSource = { kind: 'uds', detail: 'https://cucm-pub:8443/cucm-uds/servers' };

function valid(facts: DiscoveredFacts): DiscoveredFacts {
  assert.ok(
    Value.Check(DiscoveredFactsSchema, facts),
    JSON.stringify([...Value.Errors(DiscoveredFactsSchema, facts)].slice(0, 2)),
  );
  return facts;
}

const reasons = (facts: DiscoveredFacts) => facts.unread.map((u) => u.reason);

describe('UDS answers', () => {
  test('version: the <version> element', () => {
    const facts = valid(readUdsVersion(readFileSync(join(FIXTURES, 'version.xml'), 'utf8'), VERSION_SOURCE));
    assert.deepEqual(
      facts.state.map((f) => [f.kind, f.value, f.source.detail]),
      [['version', '12.5.1', VERSION_SOURCE.detail]],
    );
  });

  test('version: the root attribute when the element is missing', () => {
    assert.deepEqual(
      valid(readUdsVersion('<versionInformation version="14.0.1"/>', VERSION_SOURCE)).state.map((f) => f.value),
      ['14.0.1'],
    );
  });

  test('servers: short names, FQDNs and addresses kept, UDS order, CUCM role', () => {
    const facts = valid(readUdsServers(readFileSync(join(FIXTURES, 'servers.xml'), 'utf8'), SERVERS_SOURCE));
    assert.deepEqual(facts.state.map((f) => f.value), [[
      { name: 'cucm-pub', addresses: ['cucm-pub.example.net'], roles: ['cucm'] },
      { name: 'cucm-sub1', addresses: ['cucm-sub1.example.net'], roles: ['cucm'] },
      { name: '10.48.53.12', addresses: [], roles: ['cucm'] },
    ]]);
  });

  test('servers: entities decoded, comments and a doctype skipped, nested markup and bad names left out', () => {
    const xml =
      '<?xml version="1.0"?><!-- c --><!DOCTYPE servers><servers><server>a&#46;example</server><server><b>x</b></server><server>bad name;rm</server><server/></servers>';
    const facts = valid(readUdsServers(xml, SERVERS_SOURCE));
    assert.deepEqual(facts.state.map((f) => f.value), [[{ name: 'a', addresses: ['a.example'], roles: ['cucm'] }]]);
    assert.deepEqual(reasons(facts), ['bad-server-name']);
  });

  test('named failures', () => {
    const cases: [string, DiscoveredFacts, string[]][] = [
      ['an HTML login page', readUdsServers('<html><body>Login</body></html>', SERVERS_SOURCE), ['not-uds']],
      [
        'the version answer where servers were asked',
        readUdsServers('<versionInformation/>', SERVERS_SOURCE),
        ['not-uds'],
      ],
      ['no servers', readUdsServers('<servers version="12.5.1"></servers>', SERVERS_SOURCE), ['nothing-read']],
      [
        'a version that is none',
        readUdsVersion('<versionInformation><version>latest</version></versionInformation>', VERSION_SOURCE),
        ['bad-version'],
      ],
      ['an empty body', readUdsVersion('', VERSION_SOURCE), ['not-uds']],
      ['an unterminated comment', readUdsVersion('<!-- never ends', VERSION_SOURCE), ['not-uds']],
      [
        'too big',
        readUdsVersion(`<versionInformation>${' '.repeat(300_000)}</versionInformation>`, VERSION_SOURCE),
        ['oversized'],
      ],
    ];
    for (const [title, facts, expected] of cases) assert.deepEqual(reasons(valid(facts)), expected, title);
  });

  test('random and adversarial bodies: valid facts, bounded time', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '<servers>',
        '</servers>',
        '<server>',
        '</server>',
        '<server ',
        '<!--',
        '-->',
        '<?',
        '?>',
        '&#x41;',
        '&amp;',
        '<versionInformation>',
        '<version>',
        '</version>',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const body = pieces.join('');
        valid(readUdsServers(body, SERVERS_SOURCE));
        valid(readUdsVersion(body, VERSION_SOURCE));
      }),
      { numRuns: 2000 },
    );
    for (const body of [
      `<servers>${'<server '.repeat(30_000)}>`,
      `<servers>${'<server>a'.repeat(30_000)}`,
      `<servers>${'<server>a</server>'.repeat(14_000)}</servers>`,
      `${'<?'.repeat(60_000)}`,
    ]) {
      const started = performance.now();
      valid(readUdsServers(body, SERVERS_SOURCE));
      assert.ok(performance.now() - started < 1000, `took ${Math.round(performance.now() - started)} ms`);
    }
  });
});
