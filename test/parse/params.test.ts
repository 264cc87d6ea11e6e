import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseParams } from '../../src/parse/params.js';
import { parseLegacyTail } from '../../src/parse/legacy-tail.js';

describe('parseParams', () => {
  const cases: { title: string; text: string; want: Record<string, string>; closed: boolean }[] = [
    { title: 'plain blocks', text: '%[AppID=Cisco Certificate Monitor][ClusterID=][NodeID=CUCM02]: desc', want: { appid: 'Cisco Certificate Monitor', clusterid: '', nodeid: 'CUCM02' }, closed: true },
    { title: 'keys with spaces', text: '%[ UserID =administrator][App ID=Cisco Tomcat][Cluster ID=][Node ID=CUCM12PUB]: x', want: { userid: 'administrator', appid: 'Cisco Tomcat', clusterid: '', nodeid: 'CUCM12PUB' }, closed: true },
    { title: 'value padded with spaces is trimmed', text: '%[ Reason=HTTP 404 Error ][NodeID=a]', want: { reason: 'HTTP 404 Error', nodeid: 'a' }, closed: true },
    { title: "a ']' inside a value", text: '%[Reason=array[0]x][NodeID=n1]: d', want: { reason: 'array[0]x', nodeid: 'n1' }, closed: true },
    { title: 'value containing = and :', text: '%[AuditDetails =key field name = SEP1 a:b][NodeID=n]', want: { auditdetails: 'key field name = SEP1 a:b', nodeid: 'n' }, closed: true },
    { title: 'cut inside the last value', text: '%[Message=Certificate expiration Notification. Certif', want: { message: 'Certificate expiration Notification. Certif' }, closed: false },
    { title: 'cut inside a key', text: '%[AppID=x][Node', want: { appid: 'x' }, closed: false },
    { title: 'no block', text: ': plain description', want: {}, closed: true },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const r = parseParams(c.text, 0);
      assert.deepEqual(Object.fromEntries(r.params), c.want);
      assert.equal(r.closed, c.closed);
    });
  }
});

describe('parseLegacyTail', () => {
  test('App ID / Cluster ID / Node ID read from the end', () => {
    const t = parseLegacyTail(' Service Activated. Service Name:Cisco CallManager SNMP Service App ID:Cisco Service Manager Cluster ID: Node ID:ciscart26');
    assert.deepEqual(t, { description: 'Service Activated. Service Name:Cisco CallManager SNMP Service', appId: 'Cisco Service Manager', clusterId: '', nodeId: 'ciscart26' });
  });
  test('junk after the node name is not part of it', () => {
    assert.equal(parseLegacyTail(' x App ID:a Cluster ID:b Node ID:CallManager||349').nodeId, 'CallManager||349'.split(/\s/)[0]);
    assert.equal(parseLegacyTail(' x App ID:a Cluster ID:b Node ID:cm1 trailing').nodeId, 'cm1');
  });
  test('a cut tail', () => {
    const t = parseLegacyTail(' CodeYellowEntry Expected Average Delay:7906 App ID:Cisco CallManager Cluster');
    assert.equal(t.nodeId, null);
    assert.equal(t.clusterId, null);
    assert.equal(t.appId, 'Cisco CallManager Cluster');
  });
  test('no tail', () => assert.deepEqual(parseLegacyTail(' just text'), { description: 'just text', appId: null, clusterId: null, nodeId: null }));
});
