// A CTL taken in without its ITL (posted by hand) weighed against the certificates the cluster is known to hold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiscoveredCertificate, DiscoveredFacts } from '../../src/discovery/facts-schema.js';
import type { KeptCertificate } from '../../src/discovery/kept-facts.js';
import { settleLoneCtl } from '../../src/discovery/posted-ctl.js';

const certificate = (
  kind: 'itl-file' | 'ctl-file' | 'tls-probe',
  serial: string,
  notAfter: string,
): DiscoveredCertificate => ({
  node: 'cucm14-pub',
  unit: 'CallManager',
  function: 'CCM+TFTP',
  certificate: 'CallManager.pem',
  subject: 'CN=cucm14-pub',
  issuer: 'CN=cucm14-pub',
  serial,
  notBefore: null,
  notAfter,
  keyType: 'RSA',
  source: { kind, detail: kind === 'ctl-file' ? 'posted CTLFile.tlv' : 'ITLFile.tlv' },
});
const ctl = (serial: string, notAfter: string): DiscoveredFacts => ({
  certificates: [certificate('ctl-file', serial, notAfter)],
  state: [
    {
      kind: 'ctlFile',
      value: { signer: 'CN=cucm14-pub', signedAt: '2026-01-15T09:00:00.000Z' },
      source: { kind: 'ctl-file', detail: 'posted CTLFile.tlv' },
      note: 'the CTL file',
    },
    {
      kind: 'securityMode',
      value: 'mixed',
      source: { kind: 'ctl-file', detail: 'posted CTLFile.tlv' },
      note: 'a CTL file is served',
    },
    {
      kind: 'ctlSigner',
      value: 'tokenless',
      source: { kind: 'ctl-file', detail: 'posted CTLFile.tlv' },
      note: 'own key',
    },
  ],
  unread: [],
});
const held: KeptCertificate[] = [
  { learnedAt: '2026-11-01T00:00:00.000Z', certificate: certificate('itl-file', 'b2', '2031-03-01T00:00:00.000Z') },
];

test('a lone CTL with an older CallManager certificate than the node holds: ctl-stale, kept only as a stale CTL', () => {
  const settled = settleLoneCtl(ctl('a1', '2026-03-01T00:00:00.000Z'), held);
  assert.deepEqual(settled.certificates, []);
  assert.deepEqual(settled.state.map((f) => [f.kind, f.source.kind]), [['staleCtl', 'ctl-file']]);
  assert.deepEqual(settled.state[0]?.value, {
    signer: 'CN=cucm14-pub',
    signedAt: '2026-01-15T09:00:00.000Z',
    basis: 'older-than-kept',
    detail: settled.unread[0]?.detail,
  });
  assert.deepEqual(settled.unread.map((u) => [u.reason, u.source.kind]), [['ctl-stale', 'ctl-file']]);
  assert.match(settled.unread[0]?.detail ?? '', /cucm14-pub CallManager a1 \(now b2\)/);
});

test('a lone CTL that holds the current certificate, a later one, or meets nothing kept, stands as read; with its ITL it is not weighed here', () => {
  const current = ctl('b2', '2031-03-01T00:00:00.000Z');
  assert.equal(settleLoneCtl(current, held), current);
  const renewed = ctl('c3', '2036-03-01T00:00:00.000Z');
  assert.equal(settleLoneCtl(renewed, held), renewed);
  const old = ctl('a1', '2026-03-01T00:00:00.000Z');
  assert.equal(settleLoneCtl(old, []), old);
  const withItl = {
    ...old,
    certificates: [...old.certificates, certificate('itl-file', 'b2', '2031-03-01T00:00:00.000Z')],
  };
  assert.equal(settleLoneCtl(withItl, held), withItl);
});
