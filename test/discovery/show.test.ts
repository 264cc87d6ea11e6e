// Pasted `show` outputs: each command's parser on its fixture (test/fixtures/discovery/show, see the README there),
// several commands in one paste behind `admin:` prompts, and what cannot be read named in `unread`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import { DiscoveredFactsSchema, type DiscoveredFacts } from '../../src/discovery/facts-schema.js';
import { readPasted } from '../../src/discovery/show/read-pasted.js';
import { makeCertificate, testKey } from '../support/certificate-builder.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/discovery/show');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function read(text: string): DiscoveredFacts {
  const facts = readPasted(text, 'pasted');
  assert.ok(
    Value.Check(DiscoveredFactsSchema, facts),
    JSON.stringify([...Value.Errors(DiscoveredFactsSchema, facts)].slice(0, 3)),
  );
  return facts;
}

const values = (facts: DiscoveredFacts) => facts.state.map((f) => [f.kind, f.value]);

describe('pasted show outputs, one command each', () => {
  test('show cert list own: signing per unit, lower-case unit keys', () => {
    const facts = read(fixture('cert-list-own-12.5.txt'));
    assert.deepEqual(values(facts), [
      ['signing', { unit: 'tomcat', signing: 'ca-signed' }],
      ['signing', { unit: 'tomcat-ecdsa', signing: 'self-signed' }],
      ['signing', { unit: 'ipsec', signing: 'self-signed' }],
      ['signing', { unit: 'callmanager', signing: 'self-signed' }],
      ['signing', { unit: 'callmanager-ecdsa', signing: 'self-signed' }],
      ['signing', { unit: 'capf', signing: 'self-signed' }],
      ['signing', { unit: 'tvs', signing: 'self-signed' }],
      ['signing', { unit: 'itlrecovery', signing: 'self-signed' }],
    ]);
    assert.equal(facts.state[0]?.source.detail, 'pasted: show cert list own: tomcat/tomcat.pem');
    assert.deepEqual(facts.unread, []);
  });

  test('show cert own: the certificate with its exact not-after (NZDT read as +13:00)', () => {
    const facts = read(fixture('cert-own-callmanager.txt'));
    assert.deepEqual(
      facts.certificates.map((c) => ({ ...c, source: c.source.detail })),
      [
        {
          node: 'cucm-pub.example.net',
          unit: 'CallManager',
          function: 'CallManager',
          certificate: 'CallManager.pem',
          subject: 'L=Wellington, ST=WGN, CN=cucm-pub.example.net, OU=UC, O=Example, C=NZ',
          issuer: 'L=Wellington, ST=WGN, CN=cucm-pub.example.net, OU=UC, O=Example, C=NZ',
          serial: '6d2b9e61a7c2f1d0e3a4b5c6d7e8f901',
          notBefore: '2021-02-28T21:00:00.000Z',
          notAfter: '2026-02-27T21:00:00.000Z',
          keyType: 'RSA',
          source: 'pasted: show cert own CallManager/CallManager.pem',
        },
      ],
    );
  });

  test('show cert own with the PEM pasted too: the PEM wins (exact, whatever the text says)', () => {
    const cert = makeCertificate({
      subject: { CN: 'cucm15-pub', O: 'Example' }, serialHex: '0a1b2c3d4e5f60718293a4b5c6d7e8f9', key: testKey('EC'),
      notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2027-02-01T12:34:56Z'),
    });
    const text = `admin:show cert own CallManager-ECDSA/CallManager-ECDSA.pem\n[\n  Serial Number: 01\n  Validity From: Wed Jan 01 00:00:00 XYZ 2025\n           To:   Wed Jan 01 00:00:00 XYZ 2025\n]\n${cert.pem}`;
    const [row] = read(text).certificates;
    assert.equal(row?.unit, 'CallManager-ECDSA');
    assert.equal(row?.keyType, 'EC');
    assert.equal(row?.notAfter, '2027-02-01T12:34:56.000Z');
    assert.equal(row?.serial, 'a1b2c3d4e5f60718293a4b5c6d7e8f9');
  });

  test('show cert own with an ambiguous zone (IST) and no PEM: unread unknown-zone, no guessed date', () => {
    const facts = read(
      'admin:show cert own tomcat/tomcat.pem\n  Serial Number: 0A\n  Subject Name: CN=cucm1\n  Validity From: Mon Mar 01 10:00:00 IST 2021\n           To:   Sat Feb 28 10:00:00 IST 2026\n',
    );
    assert.deepEqual(facts.certificates, []);
    assert.deepEqual(facts.unread.map((u) => [u.reason, u.detail]), [['unknown-zone', 'To: IST']]);
  });

  test('show cert own with a date that does not exist (Feb 30): unread bad-date', () => {
    const facts = read(
      'admin:show cert own TVS/TVS.pem\n  Serial Number: 0A\n  Subject Name: CN=cucm1\n  Validity From: Mon Mar 01 10:00:00 UTC 2021\n           To:   Mon Feb 30 10:00:00 UTC 2026\n',
    );
    assert.deepEqual(
      facts.unread.map((u) => u.reason),
      ['bad-date'],
    );
  });

  test('show itl 12.5: signed by ITLRecovery', () => {
    // The ITL lists its TFTP servers (CCM+TFTP records): the same set the file itself gives (tlv-facts.ts), no order.
    assert.deepEqual(values(read(fixture('show-itl-12.5.txt'))), [
      ['itlSigner', 'itlrecovery'],
      ['tftpServers', ['cucm-pub']],
    ]);
  });

  test('show itl 11.5: signed by the CallManager key', () => {
    assert.deepEqual(values(read(fixture('show-itl-11.5.txt'))), [
      ['itlSigner', 'callmanager'],
      ['tftpServers', ['cucm-pub']],
    ]);
  });

  test('show ctl with eTokens: mixed, etoken', () => {
    assert.deepEqual(values(read(fixture('show-ctl-etoken-11.5.txt'))).slice(0, 2), [
      ['securityMode', 'mixed'],
      ['ctlSigner', 'etoken'],
    ]);
  });

  test('show ctl tokenless 12.5: mixed, tokenless', () => {
    // The CTL's own signer and when it was last modified (14:22:31 CET = 13:22:31 UTC): kept, a stale CTL shown with
    // them.
    const file = {
      signer: 'CN=ITLRECOVERY_cucm-pub;OU=UC;O=Example;L=Wellington;ST=WGN;C=NZ',
      signedAt: '2026-02-03T13:22:31.000Z',
    };
    assert.deepEqual(values(read(fixture('show-ctl-tokenless-12.5.txt'))), [
      ['securityMode', 'mixed'],
      ['ctlSigner', 'tokenless'],
      ['ctlFile', file],
    ]);
  });

  test('show ctl on a node without a CTL file: non-secure, said why', () => {
    const facts = read(
      'admin:show ctl\nLength of CTL file: 0\nCTL File not found. Please run CTLClient plugin or run the CLI - utils ctl.. to generate the CTL file.\n',
    );
    assert.deepEqual(values(facts), [['securityMode', 'non-secure']]);
    assert.match(facts.state[0]?.note ?? '', /no CTL file/);
  });

  test('show version active: the version', () => {
    assert.deepEqual(values(read(fixture('version-active-12.5.txt'))), [['version', '12.5.1.16900-48']]);
  });

  test('show network cluster: nodes with addresses and roles, the processnode table ignored', () => {
    assert.deepEqual(values(read(fixture('network-cluster-12.5.txt'))), [['nodes', [
      { name: 'cucm-pub', addresses: ['10.48.53.10', 'cucm-pub.example.net'], roles: ['cucm', 'publisher'] },
      { name: 'cucm-sub1', addresses: ['10.48.53.11', 'cucm-sub1.example.net'], roles: ['cucm', 'subscriber'] },
      { name: 'cucm-sub2', addresses: ['10.48.53.12', 'cucm-sub2.example.net'], roles: ['cucm', 'subscriber'] },
      { name: 'imp-pub', addresses: ['10.48.53.20', 'imp-pub.example.net'], roles: ['imp'] },
    ]]]);
  });
});

describe('pasted show outputs, several and hostile', () => {
  test('a whole session pasted at once (CRLF line ends): every command read, in order', () => {
    const session = [
      'version-active-12.5.txt',
      'network-cluster-12.5.txt',
      'show-itl-12.5.txt',
      'show-ctl-tokenless-12.5.txt',
      'cert-own-callmanager.txt',
      'cert-list-own-12.5.txt',
    ]
      .map(fixture)
      .join('\n')
      .replace(/\n/g, '\r\n');
    const facts = read(session);
    assert.deepEqual(
      facts.state.map((f) => f.kind),
      [
        'version',
        'nodes',
        'itlSigner',
        'tftpServers',
        'securityMode',
        'ctlSigner',
        'ctlFile',
        ...Array(8).fill('signing'),
      ],
    );
    assert.equal(facts.certificates.length, 1);
    assert.deepEqual(facts.unread, []);
  });

  test('a CTL pasted with an ITL whose CallManager serials differ is stale: no mode, no signer, named ctl-stale (as the probe)', () => {
    const staleCtl = fixture('show-ctl-tokenless-12.5.txt').replace(
      '6D:2B:9E:61:A7:C2:F1:D0:E3:A4:B5:C6:D7:E8:F9:01',
      '5A:0C:77:E1:92:4D:3B:A6:08:C5:1F:E2:7D:90:36:4B',
    );
    const facts = read([fixture('show-itl-12.5.txt'), staleCtl].join('\n'));
    assert.deepEqual(values(facts).slice(0, 2), [['itlSigner', 'itlrecovery'], ['tftpServers', ['cucm-pub']]]);
    // What was seen of the stale CTL is kept, with why it is stale.
    assert.deepEqual(values(facts).slice(2), [
      [
        'staleCtl',
        {
          signer: 'CN=ITLRECOVERY_cucm-pub;OU=UC;O=Example;L=Wellington;ST=WGN;C=NZ',
          signedAt: '2026-02-03T13:22:31.000Z',
          basis: 'serials-differ-from-itl',
          detail: facts.unread[0]?.detail,
        },
      ],
    ]);
    assert.deepEqual(
      facts.unread.map((u) => [u.reason, u.source.detail]),
      [['ctl-stale', 'pasted: show ctl']],
    );
    assert.match(
      facts.unread[0]?.detail ?? '',
      /only in the CTL: 5a0c77e1924d3ba608c51fe27d90364b; only in the ITL: 6d2b9e61a7c2f1d0e3a4b5c6d7e8f901/,
    );
    // The same CTL pasted alone cannot be compared: it says what it says.
    assert.deepEqual(values(read(staleCtl)).slice(0, 2), [['securityMode', 'mixed'], ['ctlSigner', 'tokenless']]);
  });

  test("CAPF (its CN names no node) takes the node the session's other certificates name; two nodes named: unknown", () => {
    const capf = fixture('cert-own-callmanager.txt')
      .replace('CallManager/CallManager.pem', 'CAPF/CAPF.pem')
      .replace(/CN=cucm-pub\.example\.net/g, 'CN=CAPF-6a1e3c97')
      .replace('6D2B9E61A7C2F1D0E3A4B5C6D7E8F901', '2B93C8105F6EA477D03C19E248B50A6D');
    const node = (facts: DiscoveredFacts) => facts.certificates.find((c) => c.unit === 'CAPF')?.node;
    assert.equal(node(read(capf)), null);
    assert.equal(node(read([fixture('cert-own-callmanager.txt'), capf].join('\n'))), 'cucm-pub.example.net');
    const otherNode = fixture('cert-own-callmanager.txt').replace(/cucm-pub/g, 'cucm-sub1');
    assert.equal(node(read([fixture('cert-own-callmanager.txt'), otherNode, capf].join('\n'))), null);
  });

  test('outputs pasted without their prompt lines are recognised by their content', () => {
    const strip = (name: string) => fixture(name).replace(/^admin:.*$/m, '');
    const facts = read(strip('version-active-12.5.txt'));
    assert.deepEqual(values(facts), [['version', '12.5.1.16900-48']]);
    assert.deepEqual(values(read(strip('show-itl-12.5.txt'))), [
      ['itlSigner', 'itlrecovery'],
      ['tftpServers', ['cucm-pub']],
    ]);
  });

  test('unknown commands, unknown outputs, a NUL byte, an empty paste: named', () => {
    const cases: [string, string, string[]][] = [
      [
        'an unsupported command',
        'admin:utils dbreplication runtimestate\nDB and Replication Services: ALL RUNNING\n',
        ['unknown-command'],
      ],
      ['text that is no CLI output', 'hello, here are my certificates: see attachment', ['unknown-output']],
      ['a binary file pasted as text', 'ITL\u0000\u0001\u0002', ['not-text']],
      ['nothing', '  \n\n', ['empty']],
      ['a prompt with nothing after it', 'admin:\nadmin:', ['empty']],
      [
        'a version line with no version',
        'admin:show version active\nActive Master Version: <script>\n',
        ['bad-version'],
      ],
      [
        'a cert list entry of an unknown unit',
        'admin:show cert list own\nfoo/foo.pem: Self-signed certificate generated by system\n',
        ['unknown-unit'],
      ],
      ['show itl cut before the header', 'admin:show itl\nThe checksum value of ITL file:\n', ['nothing-read']],
      [
        'show cert own without dates',
        'admin:show cert own tomcat/tomcat.pem\n[\n  Serial Number: 0A\n  Subject Name: CN=x\n]\n',
        ['missing-field'],
      ],
    ];
    for (const [title, text, reasons] of cases) {
      assert.deepEqual(
        read(text).unread.map((u) => u.reason),
        reasons,
        title,
      );
    }
  });

  test('an oversized paste is refused whole', () => {
    assert.deepEqual(read('x'.repeat(2_000_001)).unread.map((u) => u.reason), ['oversized']);
  });
});
