// The pure parts of the runner: what to probe from the discovery block, which hosts a UDS answer adds, a stale CTL
// settled against its ITL, each certificate once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  distinctCertificates,
  followedHosts,
  intervalMs,
  probeTasks,
  settleCtl,
} from '../../src/discovery/probe/index.js';
import { tlvFacts, type DiscoveredFacts } from '../../src/discovery/index.js';
import { ctlFile, itlFile, simulatedCluster } from '../support/tlv-builder.js';

const PORTS = {
  tftp: 6970,
  uds: 8443,
  tomcat: 8443,
  callManager: [5061, 2443],
  capf: 3804,
  tvs: 2445,
  xmppClient: 5222,
  xmppServer: 5269,
};
const uds = (
  nodes: { name: string; addresses: string[] }[],
  detail = 'https://10.0.0.1:8443/cucm-uds/servers',
): DiscoveredFacts => ({
  certificates: [],
  unread: [],
  state: [
    {
      kind: 'nodes',
      value: nodes.map((n) => ({ ...n, roles: ['cucm' as const] })),
      source: { kind: 'uds', detail },
      note: '',
    },
  ],
});

describe('probeTasks', () => {
  test('each allowed probe on each host at its port; tomcat and CallManager with an RSA and an ECDSA offer', () => {
    const tasks = probeTasks({ probes: ['itl', 'ctl', 'uds', 'tls'], ports: PORTS }, ['10.0.0.1']);
    const labels = tasks.map((t) => `${t.probe}:${t.port}${t.tls ? `:${t.tls.service}:${t.tls.offer}` : ''}`);
    assert.deepEqual(labels, [
      'itl:6970',
      'ctl:6970',
      'uds:8443',
      'tls:8443:tomcat:rsa',
      'tls:8443:tomcat:ecdsa',
      'tls:5061:callmanager:rsa',
      'tls:5061:callmanager:ecdsa',
      'tls:2443:callmanager:rsa',
      'tls:2443:callmanager:ecdsa',
      'tls:3804:capf:any',
      'tls:2445:tvs:any',
      'tls:5222:xmpp-client:any',
      'tls:5269:xmpp-server:any',
    ]);
    assert.ok(tasks.every((t) => t.host === '10.0.0.1'));
  });

  test('probes left out are not run; ports come from the block', () => {
    const tasks = probeTasks({ probes: ['ctl'], ports: { ...PORTS, tftp: 16970 } }, ['a', 'b']);
    assert.deepEqual(tasks, [{ probe: 'ctl', host: 'a', port: 16970 }, { probe: 'ctl', host: 'b', port: 16970 }]);
  });
});

describe('followedHosts', () => {
  test('the nodes UDS lists, by their FQDN or address, without the seeds (by any of their names)', () => {
    const hosts = followedHosts(['10.0.0.1', 'cucm-sub1.example.net'], [uds([
      { name: '10.0.0.1', addresses: [] }, { name: 'cucm-sub1', addresses: ['cucm-sub1.example.net'] },
      { name: 'cucm-sub2', addresses: ['cucm-sub2.example.net'] }, { name: '10.0.0.4', addresses: [] },
    ])]);
    assert.deepEqual(hosts, ['cucm-sub2.example.net', '10.0.0.4']);
  });

  test('a node listed by two seeds is followed once; node lists from other sources are not followed', () => {
    const fromCli: DiscoveredFacts = {
      ...uds([{ name: 'cucm-x', addresses: ['192.0.2.7'] }]),
      state: [
        {
          ...uds([{ name: 'cucm-x', addresses: ['192.0.2.7'] }]).state[0]!,
          source: { kind: 'show-output', detail: 'show network cluster' },
        },
      ],
    };
    const hosts = followedHosts(
      ['a'],
      [uds([{ name: 'b', addresses: [] }]), uds([{ name: 'B', addresses: [] }]), fromCli],
    );
    assert.deepEqual(hosts, ['b']);
  });
});

describe('settleCtl', () => {
  const cluster = simulatedCluster({ nodes: ['cucm-pub'], generation: 2 });
  const older = simulatedCluster({ nodes: ['cucm-pub'], generation: 1 });
  const itl = tlvFacts(itlFile(cluster, 'itlrecovery'), 'ITLFile.tlv', 'itl');

  test('a CTL of the ITL\'s certificates stands as read (mixed, its signer, its certificates)', () => {
    const ctl = tlvFacts(ctlFile(cluster, 'tokenless-itlrecovery'), 'CTLFile.tlv', 'ctl');
    assert.deepEqual(settleCtl(itl, ctl), ctl);
  });

  test('a CTL of older CallManager certificates claims nothing, is reported as ctl-stale and kept as a stale CTL (signer, time stamp, why)', () => {
    const ctl = tlvFacts(ctlFile(older, 'tokenless-itlrecovery'), 'CTLFile.tlv', 'ctl');
    assert.ok(ctl.state.some((f) => f.kind === 'securityMode' && f.value === 'mixed'));
    const settled = settleCtl(itl, ctl);
    assert.equal(settled.certificates.length, 0);
    assert.deepEqual(settled.state.map((f) => [f.kind, f.source.kind]), [['staleCtl', 'ctl-file']]);
    const stale = settled.state[0]?.kind === 'staleCtl' ? settled.state[0].value : null;
    const seen = ctl.state.find((f) => f.kind === 'ctlFile')?.value;
    assert.ok(stale && seen);
    assert.deepEqual(
      { signer: stale.signer, signedAt: stale.signedAt, basis: stale.basis },
      { ...seen, basis: 'serials-differ-from-itl' },
    );
    assert.match(stale.signer, /ITLRECOVERY_cucm-pub/);
    assert.match(stale.detail, /^only in the CTL: [0-9a-f]+; only in the ITL: [0-9a-f]+/);
    assert.deepEqual(settled.unread.map((u) => u.reason), ['ctl-stale']);
  });

  test('without an ITL to compare with, the CTL stands', () => {
    const ctl = tlvFacts(ctlFile(older, 'etoken'), 'CTLFile.tlv', 'ctl');
    assert.deepEqual(settleCtl(null, ctl), ctl);
  });
});

test('distinctCertificates keeps the first of each unit, node and serial', () => {
  const itl = tlvFacts(itlFile(simulatedCluster({ nodes: ['cucm-pub'] }), 'itlrecovery'), 'ITLFile.tlv', 'itl');
  const twice = distinctCertificates({
    ...itl,
    certificates: [
      ...itl.certificates,
      ...itl.certificates.map((c) => ({ ...c, source: { ...c.source, detail: 'second' } })),
    ],
  });
  assert.equal(twice.certificates.length, itl.certificates.length);
  assert.ok(twice.certificates.every((c) => c.source.detail !== 'second'));
});

test('intervalMs reads the block\'s interval', () => {
  assert.deepEqual(['1d', '12h', '90m'].map((i) => intervalMs(i)), [86_400_000, 43_200_000, 5_400_000]);
});

test('runDiscovery says why it did not run', async () => {
  const { runDiscovery } = await import('../../src/discovery/probe/index.js');
  assert.deepEqual(await runDiscovery({ id: 'lab' }), { ran: false, clusterId: 'lab', reason: 'no-discovery-block' });
  const block = { enabled: false, seeds: ['127.0.0.1'], probes: ['itl' as const], interval: '1d', ports: PORTS };
  assert.deepEqual(await runDiscovery({ id: 'lab', discovery: block }), {
    ran: false,
    clusterId: 'lab',
    reason: 'disabled',
  });
});
