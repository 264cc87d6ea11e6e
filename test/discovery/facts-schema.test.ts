// The discovered-facts schema: it accepts what the readers make and refuses what no reader may produce.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Value } from 'typebox/value';
import { concatFacts, DiscoveredFactsSchema, noFacts } from '../../src/discovery/facts-schema.js';

const certificate = {
  node: 'cucm-pub',
  unit: 'TVS',
  function: 'TVS',
  certificate: 'TVS.pem',
  subject: 'CN=cucm-pub',
  issuer: 'CN=cucm-pub',
  serial: '1f0a',
  notBefore: null,
  notAfter: '2026-12-09T08:00:00.000Z',
  keyType: 'RSA',
  source: { kind: 'itl-file', detail: 'ITLFile.tlv record 3' },
};

describe('DiscoveredFactsSchema', () => {
  test('accepts empty facts and a real certificate and fact', () => {
    assert.ok(Value.Check(DiscoveredFactsSchema, noFacts()));
    const facts = {
      certificates: [certificate],
      state: [{ kind: 'securityMode', value: 'mixed', source: certificate.source, note: 'n' }],
      unread: [],
    };
    assert.ok(Value.Check(DiscoveredFactsSchema, facts));
    assert.deepEqual(concatFacts([facts, noFacts(), facts]).certificates.length, 2);
  });

  const refused: [string, unknown][] = [
    ['a serial with separators', { ...certificate, serial: '1F:0A' }],
    ['a local date', { ...certificate, notAfter: '2026-12-09 08:00' }],
    ['a unit certwatch does not know', { ...certificate, unit: 'tomcat-trust' }],
    ['an unknown source kind', { ...certificate, source: { kind: 'guess', detail: '' } }],
    ['an unknown key type', { ...certificate, keyType: 'DSA' }],
  ];
  for (const [title, bad] of refused) {
    test(`refuses ${title}`, () =>
      assert.equal(Value.Check(DiscoveredFactsSchema, { certificates: [bad], state: [], unread: [] }), false));
  }

  test('refuses a state fact whose value is not the inventory\'s', () => {
    const source = { kind: 'uds', detail: 'u' };
    for (const fact of [
      { kind: 'securityMode', value: 'unknown', source, note: '' },
      { kind: 'itlSigner', value: 'tvs', source, note: '' },
      { kind: 'signing', value: { unit: 'CallManager', signing: 'self-signed' }, source, note: '' },
      { kind: 'trustMe', value: true, source, note: '' },
    ])
      assert.equal(
        Value.Check(DiscoveredFactsSchema, { certificates: [], state: [fact], unread: [] }),
        false,
        JSON.stringify(fact),
      );
  });
});
