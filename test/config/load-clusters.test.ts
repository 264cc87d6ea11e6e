// Tests of the cluster inventory: fixture files valid and invalid (every problem with its path), YAML syntax errors
// with
// their position, a missing file, and the API's validateCluster.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import { unknownCluster, type ClusterState } from '../../src/domain/cluster.js';
import { ClusterSchema } from '../../src/domain/cluster-schema.js';
import {
  isTimeZone,
  parseClusters,
  readClustersFile,
  validateCluster,
  type ParseClustersResult,
} from '../../src/config/load-clusters.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function clusters(result: ParseClustersResult): ClusterState[] {
  if (!result.ok) assert.fail(`expected valid clusters, got:\n${result.problems.join('\n')}`);
  return result.clusters;
}

function problemsOf(result: { ok: boolean; problems?: string[] }): string[] {
  if (result.ok) assert.fail('expected problems, got a valid result');
  return result.problems ?? [];
}

describe('parseClusters: valid inventories', () => {
  const full = clusters(parseClusters(fixture('clusters-valid-full.yaml'), 'full.yaml'));
  const [lab, branch] = full;

  test('both clusters load, in file order', () => assert.deepEqual(full.map((c) => c.id), ['lab', 'branch-14']));

  const cases: { title: string; actual: () => unknown; expected: unknown }[] = [
    {
      title: 'explicit fields are kept',
      actual: () => [lab?.name, lab?.version, lab?.securityMode, lab?.ctlSigner, lab?.itlSigner],
      expected: ['Lab cluster', '12.5(1)SU6', 'mixed', 'tokenless', 'itlrecovery'],
    },
    {
      title: 'booleans stay booleans',
      actual: () => [
        lab?.rollbackToPre8,
        lab?.callManagerGroupsRedundant,
        lab?.tomcatReusedAsCallManager,
        lab?.sipOAuth,
      ],
      expected: [false, true, false, false],
    },
    {
      title: 'tftpServers given by address are stored as node names, in order',
      actual: () => lab?.tftpServers,
      expected: ['cucm01', 'cucm02'],
    },
    {
      title: 'signing units are stored lower-case and sorted',
      actual: () => lab?.signing,
      expected: { callmanager: 'multi-san', 'callmanager-ecdsa': 'self-signed', tomcat: 'ca-signed' },
    },
    {
      title: 'a partial peers map fills the rest with unknown',
      actual: () => lab?.peers,
      expected: { ...unknownCluster('x', 'x').peers, imp: true, expressway: true, unityConnection: false },
    },
    {
      title: 'nodes keep addresses, roles and zone',
      actual: () => lab?.nodes[0],
      expected: {
        name: 'cucm01',
        addresses: ['10.0.0.11', 'cucm01.lab.example'],
        roles: ['publisher', 'cucm', 'tftp'],
        timeZone: 'Europe/Berlin',
      },
    },
    {
      title: 'a node without zone has no timeZone key',
      actual: () => lab?.nodes[2] && 'timeZone' in lab.nodes[2],
      expected: false,
    },
    {
      title: 'recipients accept display names',
      actual: () => lab?.recipients,
      expected: ['uc-team@example.com', 'UC On Call <oncall@example.com>'],
    },
    {
      title: 'sso is read whole',
      actual: () => lab?.sso,
      expected: { enabled: true, certificate: 'system-itlrecovery' },
    },
    {
      title: 'maintenance window text',
      actual: () => lab?.maintenanceWindow,
      expected: 'Saturdays 22:00-02:00 Europe/Berlin',
    },
    { title: 'name defaults to the id', actual: () => branch?.name, expected: 'branch-14' },
    {
      title: 'unset items of a partial cluster are unknown',
      actual: () => [
        branch?.ctlSigner,
        branch?.itlSigner,
        branch?.tftpServers,
        branch?.lsc,
        branch?.sso,
        branch?.signing,
      ],
      expected: ['unknown', 'unknown', 'unknown', 'unknown', { enabled: 'unknown', certificate: 'unknown' }, {}],
    },
  ];
  for (const { title, actual, expected } of cases) test(title, () => assert.deepEqual(actual(), expected));

  test('an id-only cluster equals unknownCluster()', () => {
    const [a, second] = clusters(parseClusters(fixture('clusters-valid-minimal.yaml'), 'minimal.yaml'));
    assert.deepEqual(a, unknownCluster('a', 'a'));
    assert.deepEqual(second?.nodes, [{ name: 'n1', addresses: [], roles: [] }]);
  });

  test('every loaded cluster matches the exported TypeBox ClusterState schema', () => {
    for (const cluster of [...full, ...clusters(parseClusters(fixture('clusters-valid-minimal.yaml'), 'm'))]) {
      assert.deepEqual([...Value.Errors(ClusterSchema, cluster)], [], cluster.id);
    }
  });

  test('the key order of a loaded cluster is stable (cluster hashes depend on it)', () => {
    const again = clusters(parseClusters(fixture('clusters-valid-full.yaml'), 'full.yaml'));
    assert.equal(JSON.stringify(again), JSON.stringify(full));
    assert.deepEqual(Object.keys(branch ?? {}), Object.keys(unknownCluster('x', 'x')));
  });

  const numberCases: { title: string; yaml: string; check: (c: ClusterState) => void }[] = [
    {
      title: 'a version YAML reads as a number is kept as text',
      yaml: 'clusters:\n  - id: a\n    version: 15\n',
      check: (c) => assert.equal(c.version, '15'),
    },
    {
      title: 'a decimal version too',
      yaml: 'clusters:\n  - id: a\n    version: 12.5\n',
      check: (c) => assert.equal(c.version, '12.5'),
    },
    { title: 'a numeric id is kept as text', yaml: 'clusters:\n  - id: 7\n', check: (c) => assert.equal(c.id, '7') },
    {
      title: 'a full build number version',
      yaml: 'clusters:\n  - id: a\n    version: 12.5.1.16900-48\n',
      check: (c) => assert.equal(c.version, '12.5.1.16900-48'),
    },
    {
      title: 'tftpServers unknown as text',
      yaml: 'clusters:\n  - id: a\n    tftpServers: unknown\n',
      check: (c) => assert.equal(c.tftpServers, 'unknown'),
    },
    {
      title: 'tftpServers allowed without nodes',
      yaml: 'clusters:\n  - id: a\n    tftpServers: [tftp1]\n',
      check: (c) => assert.deepEqual(c.tftpServers, ['tftp1']),
    },
  ];
  for (const { title, yaml, check } of numberCases) {
    test(title, () => check(clusters(parseClusters(yaml, 't.yaml'))[0] as ClusterState));
  }

  test('an empty clusters list is valid', () =>
    assert.deepEqual(clusters(parseClusters('clusters: []\n', 'e.yaml')), []));

  test('anchors share values between clusters', () => {
    const yaml = 'clusters:\n  - id: a\n    recipients: &team [uc@example.com]\n  - id: b\n    recipients: *team\n';
    assert.deepEqual(
      clusters(parseClusters(yaml, 'a.yaml')).map((c) => c.recipients),
      [['uc@example.com'], ['uc@example.com']],
    );
  });

  test('an alias bomb is a problem, not a hang or a throw', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, next] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ])
      levels.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const found = problemsOf(parseClusters(levels.join('\n') + '\nclusters: [*e]\n', 'bomb.yaml'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0] ?? '', /^bomb.yaml: .*alias/i);
  });
});

describe('parseClusters: every problem with its path', () => {
  const found = problemsOf(parseClusters(fixture('clusters-invalid-many.yaml'), 'bad.yaml'));
  const expected = [
    'bad.yaml: clusters[0].colour: unknown field',
    'bad.yaml: clusters[0].version: "eleven" is not a CUCM version',
    'bad.yaml: clusters[0].securityMode: "secure" must be one of non-secure, mixed, unknown',
    'bad.yaml: clusters[0].ctlSigner: "token" must be one of tokenless, etoken, unknown',
    'bad.yaml: clusters[0].rollbackToPre8: "no" must be true, false or unknown',
    'bad.yaml: clusters[0].nodes[0].roles[1]: "voicemail" must be one of publisher, subscriber, cucm, imp, tftp',
    'bad.yaml: clusters[0].nodes[0].timeZone: "Mars/Base" is not a known time zone',
    'bad.yaml: clusters[0].nodes[1].name: is required',
    'bad.yaml: clusters[0].nodes[1].addresses[0]: "10.0.0.300" is not an IP address or host name',
    'bad.yaml: clusters[0].tftpServers[0]: "cucm09" is not one of this cluster\'s nodes',
    'bad.yaml: clusters[0].signing.tomcat: "home-made" must be one of self-signed, ca-signed, multi-san, unknown',
    'bad.yaml: clusters[0].signing.tomcat-trust: unknown unit',
    'bad.yaml: clusters[0].sso.certficate: unknown field (did you mean certificate?)',
    'bad.yaml: clusters[0].sso.enabled: "maybe" must be true, false or unknown',
    'bad.yaml: clusters[0].recipients[0]: "not-an-address" is not an e-mail address',
    'bad.yaml: clusters[2].id: is required',
    'bad.yaml: clusters[3].id: "bad:id" must be 1-64 letters',
    'bad.yaml: clusters[1].id: "lab" is already used by clusters[0]',
    'bad.yaml: clusters[1].nodes[0].name: node "CUCM01" is already in clusters[0].nodes[0] (cluster "lab")',
  ];
  for (const start of expected) {
    test(start.replace(/^bad.yaml: /, ''), () =>
      assert.ok(
        found.some((p) => p.startsWith(start)),
        `not found:\n${start}\nin:\n${found.join('\n')}`,
      ),
    );
  }
  test('nothing else is reported', () => assert.equal(found.length, expected.length, found.join('\n')));

  const cases: { title: string; yaml: string; expected: string[] }[] = [
    {
      title: 'YAML syntax error: where it is',
      yaml: 'clusters:\n  - id: a\n   name: b\n',
      expected: ['x.yaml: line 3, column 1: Sequence item without - indicator'],
    },
    {
      title: 'an unclosed flow list',
      yaml: 'clusters: [\n',
      expected: [
        'x.yaml: line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    },
    {
      title: 'a tab as indentation',
      yaml: 'clusters:\n\t- id: a\n',
      expected: ['x.yaml: line 2, column 1: Tabs are not allowed as indentation'],
    },
    {
      title: 'a key given twice',
      yaml: 'clusters: []\nclusters: []\n',
      expected: ['x.yaml: line 2, column 1: Map keys must be unique'],
    },
    { title: 'empty file', yaml: '', expected: ['x.yaml: expected a mapping with a `clusters` list'] },
    {
      title: 'a bare list instead of clusters:',
      yaml: '- id: a\n',
      expected: ['x.yaml: expected a mapping with a `clusters` list'],
    },
    {
      title: 'missing clusters key',
      yaml: 'cluster:\n  - id: a\n',
      expected: ['x.yaml: clusters: is required', 'x.yaml: cluster: unknown field (did you mean clusters?)'],
    },
    {
      title: 'clusters not a list',
      yaml: 'clusters: {id: a}\n',
      expected: ['x.yaml: clusters: must be a list, found a mapping'],
    },
    {
      title: 'a cluster that is not a mapping',
      yaml: 'clusters: [lab]\n',
      expected: ['x.yaml: clusters[0]: must be a mapping, found string "lab"'],
    },
    {
      title: 'a field with a wrong-case name',
      yaml: 'clusters:\n  - id: a\n    security_mode: mixed\n',
      expected: ['x.yaml: clusters[0].security_mode: unknown field (did you mean securityMode?)'],
    },
    {
      title: 'a yes/no instead of a boolean',
      yaml: 'clusters:\n  - id: a\n    sipOAuth: yes\n',
      expected: ['x.yaml: clusters[0].sipOAuth: "yes" must be true, false or unknown'],
    },
    {
      title: 'a UTC offset instead of a zone',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: n, timeZone: "+01:00"}]\n',
      expected: ['x.yaml: clusters[0].nodes[0].timeZone: "+01:00" is not a known time zone'],
    },
    {
      title: 'an unknown node field',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: n, zone: UTC}]\n',
      expected: ['x.yaml: clusters[0].nodes[0].zone: unknown field'],
    },
    {
      title: 'the same node twice in one cluster',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: n1}, {name: N1}]\n',
      expected: ['x.yaml: clusters[0].nodes[1].name: "N1" is already used by clusters[0].nodes[0]'],
    },
    {
      title: 'an address on two nodes of one cluster',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: n1, addresses: [10.0.0.1]}, {name: n2, addresses: [10.0.0.1]}]\n',
      expected: ['x.yaml: clusters[0].nodes[1].addresses: "10.0.0.1" is already used by clusters[0].nodes[0]'],
    },
    {
      title: 'an address in two clusters',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: n1, addresses: [10.0.0.1]}]\n  - id: b\n    nodes: [{name: n2, addresses: [10.0.0.1]}]\n',
      expected: [
        'x.yaml: clusters[1].nodes[0].addresses: "10.0.0.1" is already used by clusters[0].nodes[0] (cluster "a")',
      ],
    },
    {
      title: 'two CUCM publishers',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: p1, roles: [publisher]}, {name: p2, roles: [publisher]}]\n',
      expected: ['x.yaml: clusters[0].nodes: more than one CUCM publisher (p1, p2)'],
    },
    {
      title: 'publisher and subscriber at once',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: p1, roles: [publisher, subscriber]}]\n',
      expected: ['x.yaml: clusters[0].nodes[0].roles: a node cannot be both publisher and subscriber'],
    },
    {
      title: 'a role listed twice',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: p1, roles: [tftp, tftp]}]\n',
      expected: ['x.yaml: clusters[0].nodes[0].roles[1]: "tftp" is listed twice'],
    },
    {
      title: 'a signing unit given twice in two spellings',
      yaml: 'clusters:\n  - id: a\n    signing: {tomcat: ca-signed, Tomcat: self-signed}\n',
      expected: ['x.yaml: clusters[0].signing.Tomcat: unit tomcat is given twice'],
    },
    {
      title: 'an unknown peer, with the known ones',
      yaml: 'clusters:\n  - id: a\n    peers: {webex: true}\n',
      expected: ['x.yaml: clusters[0].peers.webex: unknown peer (expected one of imp, unityConnection, expressway,'],
    },
    {
      title: 'an unknown signing unit, with a guess',
      yaml: 'clusters:\n  - id: a\n    signing: {tomkat: ca-signed}\n',
      expected: ['x.yaml: clusters[0].signing.tomkat: unknown unit (did you mean tomcat?)'],
    },
    {
      title: 'a TFTP server that is not text',
      yaml: 'clusters:\n  - id: a\n    tftpServers: [tftp1, 5]\n',
      expected: ['x.yaml: clusters[0].tftpServers[1]: 5 must be a node name'],
    },
    {
      title: 'tftpServers neither a list nor unknown',
      yaml: 'clusters:\n  - id: a\n    tftpServers: {a: 1}\n',
      expected: ['x.yaml: clusters[0].tftpServers: must be a list of node names or unknown, found a mapping'],
    },
    {
      title: 'a text that is too long',
      yaml: `clusters:\n  - id: a\n    maintenanceWindow: ${'x'.repeat(501)}\n`,
      expected: ['x.yaml: clusters[0].maintenanceWindow: is longer than 500 characters'],
    },
    {
      title: 'a recipient with a line break',
      yaml: 'clusters:\n  - id: a\n    recipients: ["a@example.com\\nBcc: x@example.com"]\n',
      expected: ['x.yaml: clusters[0].recipients[0]: "a@example.com\\nBcc: x@example.com" contains a line break'],
    },
    {
      title: 'recipients as one string',
      yaml: 'clusters:\n  - id: a\n    recipients: a@example.com\n',
      expected: ['x.yaml: clusters[0].recipients: must be a list, found string "a@example.com"'],
    },
    {
      title: 'a TFTP server listed twice',
      yaml: 'clusters:\n  - id: a\n    nodes: [{name: t1, addresses: [10.0.0.1]}]\n    tftpServers: [t1, 10.0.0.1]\n',
      expected: ['x.yaml: clusters[0].tftpServers[1]: "10.0.0.1" is listed twice'],
    },
    {
      title: 'an empty name',
      yaml: 'clusters:\n  - id: a\n    name: ""\n',
      expected: ['x.yaml: clusters[0].name: must be non-empty text, found string ""'],
    },
  ];
  for (const { title, yaml, expected } of cases) {
    test(title, () => {
      const got = problemsOf(parseClusters(yaml, 'x.yaml'));
      assert.equal(got.length, expected.length, got.join('\n'));
      expected.forEach((start, i) => assert.ok(got[i]?.startsWith(start), `expected "${start}", got "${got[i]}"`));
    });
  }
});

describe('every problem at once', () => {
  // TypeBox alone stops after 8 errors; an admin fixing a file should see all of them in one run.
  const peers = [
    'imp',
    'unityConnection',
    'expressway',
    'sipTlsTrunks',
    'iosSecureMedia',
    'emcc',
    'uccx',
    'secureCti',
    'radius8021x',
    'asaPhoneVpn',
  ];
  const yaml = `clusters:\n  - id: a\n    peers:\n${peers.map((peer) => `      ${peer}: maybe\n`).join('')}    lsc: yes\n    securityMode: secure\n`;

  test('twelve problems in one cluster, each with its path', () => {
    const got = problemsOf(parseClusters(yaml, 'many.yaml'));
    assert.deepEqual(got, [
      'many.yaml: clusters[0].securityMode: "secure" must be one of non-secure, mixed, unknown',
      'many.yaml: clusters[0].lsc: "yes" must be one of capf, external-ca, none, unknown',
      ...peers.map((peer) => `many.yaml: clusters[0].peers.${peer}: "maybe" must be true, false or unknown`),
    ]);
  });

  test('problems of several clusters, of the schema and across fields, in one run', () => {
    const got = problemsOf(
      parseClusters(
        'clusters:\n  - id: a\n    lsc: some\n    nodes: [{name: n1}]\n  - id: b\n    sso: {enabled: 2}\n    nodes: [{name: N1}]\n',
        'two.yaml',
      ),
    );
    assert.deepEqual(got, [
      'two.yaml: clusters[0].lsc: "some" must be one of capf, external-ca, none, unknown',
      'two.yaml: clusters[1].sso.enabled: 2 must be true, false or unknown',
      'two.yaml: clusters[1].nodes[0].name: node "N1" is already in clusters[0].nodes[0] (cluster "a")',
    ]);
  });
});

describe('readClustersFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certwatch-inventory-'));

  test('a missing file says so and what to do', () => {
    const got = problemsOf(readClustersFile(join(dir, 'clusters.yaml')));
    assert.equal(got.length, 1);
    assert.match(
      got[0] ?? '',
      /clusters\.yaml: no such file \(check CLUSTERS_FILE or --clusters-file; leave it unset .*samples\/clusters\/lab\.yaml/,
    );
  });

  test('a directory is not an inventory', () => {
    assert.deepEqual(problemsOf(readClustersFile(dir)), [`${dir}: is a directory, not an inventory file`]);
  });

  test('a sample file loads', () => {
    const result = readClustersFile('samples/clusters/lab.yaml');
    assert.deepEqual(result.ok && result.clusters.map((c) => c.id), ['lab']);
  });
});

describe('unknownCluster', () => {
  test('every call has its own lists and mappings (defaults are not shared)', () => {
    const first = unknownCluster('a', 'a');
    first.nodes.push({ name: 'n', addresses: [], roles: [] });
    first.recipients.push('x@example.com');
    first.peers.imp = true;
    first.signing.tomcat = 'ca-signed';
    const second = unknownCluster('b', 'b');
    assert.deepEqual([second.nodes, second.recipients, second.peers.imp, second.signing], [[], [], 'unknown', {}]);
  });

  test('is a valid cluster', () => assert.equal(Value.Check(ClusterSchema, unknownCluster('a', 'A')), true));
});

describe('validateCluster (PUT /api/v1/clusters/:id)', () => {
  const lab = clusters(parseClusters(fixture('clusters-valid-full.yaml'), 'full.yaml'))[0] as ClusterState;

  test('a loaded cluster validates to itself (round trip through JSON)', () => {
    const result = validateCluster(JSON.parse(JSON.stringify(lab)));
    assert.deepEqual(result, { ok: true, cluster: lab });
  });

  const cases: {
    title: string;
    body: unknown;
    options?: Parameters<typeof validateCluster>[1];
    expected: string[] | ((c: ClusterState) => void);
  }[] = [
    {
      title: 'the URL id fills a missing body id',
      body: { securityMode: 'mixed' },
      options: { id: 'new' },
      expected: (c) => assert.deepEqual([c.id, c.name, c.securityMode], ['new', 'new', 'mixed']),
    },
    {
      title: 'a body id different from the URL is a problem',
      body: { id: 'other' },
      options: { id: 'new' },
      expected: ['id: "other" does not match the id in the URL ("new")'],
    },
    {
      title: 'paths carry no file prefix',
      body: { id: 'a', nodes: [{ name: 'n', timeZone: 'Mars/Base' }] },
      expected: ['nodes[0].timeZone: "Mars/Base" is not a known time zone'],
    },
    { title: 'not an object', body: [1, 2], expected: ['must be a mapping, found a list'] },
    { title: 'null body', body: null, expected: ['must be a mapping, found nothing'] },
    {
      title: 'several problems at once',
      body: { id: 'a', lsc: 'yes', peers: { imp: 'no' }, recipients: [42] },
      expected: [
        'lsc: "yes" must be one of capf, external-ca, none, unknown',
        'peers.imp: "no" must be true, false or unknown',
        'recipients[0]: 42 is not an e-mail address',
      ],
    },
    {
      title: 'problems of the schema and across fields in one answer',
      body: { id: 'other', lsc: 'yes', nodes: [{ name: 'n1' }, { name: 'N1' }] },
      options: { id: 'a' },
      expected: [
        'lsc: "yes" must be one of capf, external-ca, none, unknown',
        'id: "other" does not match the id in the URL ("a")',
        'nodes[1].name: "N1" is already used by nodes[0]',
      ],
    },
    {
      title: 'a node name used by another cluster',
      body: { id: 'b', nodes: [{ name: 'CUCM01' }] },
      options: { others: [lab] },
      expected: ['nodes[0].name: node "CUCM01" is already in cluster "lab"'],
    },
    {
      title: 'replacing a cluster does not conflict with its own old version',
      body: { id: 'lab', nodes: [{ name: 'cucm01' }] },
      options: { id: 'lab', others: [lab] },
      expected: (c) =>
        assert.deepEqual(
          c.nodes.map((n) => n.name),
          ['cucm01'],
        ),
    },
  ];
  for (const { title, body, options, expected } of cases) {
    test(title, () => {
      const result = validateCluster(body, options);
      if (typeof expected === 'function') {
        if (!result.ok) assert.fail(result.problems.join('\n'));
        expected(result.cluster);
        return;
      }
      const got = problemsOf(result);
      assert.equal(got.length, expected.length, got.join('\n'));
      expected.forEach((start, i) => assert.ok(got[i]?.startsWith(start), `expected "${start}", got "${got[i]}"`));
    });
  }
});

describe('isTimeZone', () => {
  const cases: [string, boolean][] = [
    ['Europe/Berlin', true], ['UTC', true], ['America/Argentina/Buenos_Aires', true], ['Etc/GMT+5', true],
    ['Mars/Base', false], ['+01:00', false], ['', false], ['Europe/Berlin ', false], ['CEST', false],
  ];
  for (const [zone, expected] of cases) {
    test(`${JSON.stringify(zone)} -> ${expected}`, () => assert.equal(isTimeZone(zone), expected));
  }
});
