import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeText, mightBeCertificateAlarm } from '../../src/parse/prefilter.js';
import { sniffNode, sniffNodeText } from '../../src/parse/sniff-node.js';

describe('mightBeCertificateAlarm', () => {
  const yes: [string, string][] = [
    ['UC_CERT tag', '<186>1: h: Nov 24 2026 08:00:00.000 UTC : %UC_CERT-2-CertValidfor7days: %[AppID=x]'],
    ['mixed-case facility', '%UC_Cert-2-CertValidfor7days: x'],
    ['lower-case facility', '%uc_cert-2-CertValidfor7days: x'],
    ['legacy tag', '%CCM_CERT-CERTMONITOR-2-CertValidfor7days: x'],
    ['a certificate Message under any tag', '%UC_FOO-2-Bar: %[Message=Certificate expiration Notification. Certificate name:a.der Unit:tomcat]'],
    ['nested in an RTMT alert (#012)', '%UC_RTMT-2-RTMT_ALERT: %[AlertDetail=#012MatchedEvent : x %UC_CERT-2-CertExpired: y]'],
    ['cut right after the facility', '<186>1: h: Nov 24 2026 08:00:00.000 UTC : %UC_CERT'],
  ];
  const no: [string, string][] = [
    ['OS syslog', '<78>Nov 24 09:01:01 CUCM01 crond[9538]: (root) CMD (  /etc/rc.d/init.d/fiostats show)'],
    ['other alarm', '%UC_CALLMANAGER-3-EndPointUnregistered: %[DeviceName=SEP1][NodeID=CUCM01]: An endpoint has unregistered'],
    ['certificate service names are not certificate alarms', '%UC_GENERIC-6-ServiceStarted: %[ServiceName=Cisco Certificate Expiry Monitor][NodeID=CUCM02]: Service started.'],
    ['another CERT-like facility', '%UC_CERTMGR-4-CertificateChangeNotification: %[Reason=x][NodeID=CUCM01]: y'],
    ['empty', ''],
  ];
  for (const [title, text] of yes) test(`true: ${title}`, () => assert.equal(mightBeCertificateAlarm(Buffer.from(text)), true));
  for (const [title, text] of no) test(`false: ${title}`, () => assert.equal(mightBeCertificateAlarm(Buffer.from(text)), false));
  test('works on a plain Uint8Array view', () => {
    const b = Buffer.from('xx%UC_CERT-2-A: yy');
    assert.equal(mightBeCertificateAlarm(new Uint8Array(b.buffer, b.byteOffset + 2, 14)), true);
    assert.equal(mightBeCertificateAlarm(new Uint8Array(b.buffer, b.byteOffset, 4)), false);
  });
});

describe('sniffNode', () => {
  const cases: [string, string, string | null][] = [
    ['NodeID param', '<187>1: x: Nov 24 2026 08:00:00.000 UTC : %UC_A-3-B: %[NodeID=CUCM01]: d', 'CUCM01'],
    ['Node ID param with a space', '%UC_AUDITLOG-5-A: %[App ID=Cisco Tomcat][Cluster ID=][Node ID=CUCM12PUB]: d', 'CUCM12PUB'],
    ['legacy tail', '%CCM_SERVICEMANAGER-SERVICEMANAGER-6-ServiceActivated: Service Activated. App ID:Cisco Service Manager Cluster ID: Node ID:ciscart26', 'ciscart26'],
    ['RTMT alert: the last NodeID (the sender), not the quoted one', '%UC_RTMT-2-RTMT_ALERT: %[AlertDetail=... %[NodeID=impPub]: x#012NodeID : impPub][AppID=Cisco AMC Service][ClusterID=][NodeID=cucmPub]: RTMT Alert', 'cucmPub'],
    ['host of a CiscoLog header (short name)', '<186>12: CUCM03.lab.example.com: Nov 24 2026 08:00:00.000 UTC : %UC_A-3-B: no params', 'CUCM03'],
    ['host of a plain RFC 3164 line', '<78>Nov 24 09:01:01 CUCM01.lab.example.com crond[9538]: (root) CMD', 'CUCM01'],
    ['host of an RFC 5424 line', '<14>1 2026-11-24T09:01:01Z IMP01 app 1 - - hello', 'IMP01'],
    ['an IP address host is kept whole', '<78>Nov 24 09:01:01 10.1.2.3 crond[1]: x', '10.1.2.3'],
    ['markup in NodeID is not a node', '%UC_A-3-B: %[NodeID=<b>x</b>]: d', null],
    ['nothing', 'hello world', null],
  ];
  for (const [title, text, node] of cases) {
    test(title, () => {
      assert.equal(sniffNode(Buffer.from(text)), node);
      assert.equal(sniffNodeText(text), node);
    });
  }
});

describe('looksLikeText', () => {
  for (const [title, bytes, expected] of [
    ['plain syslog line', Buffer.from('<190>7: host: crond[1]: ok'), true],
    ['UTF-8 with multibyte characters', Buffer.from('<190>7: höst: Zürich ✓'), true],
    ['one trailing NUL (datagram terminator)', Buffer.from('<190>7: host: ok\0'), true],
    ['NUL inside', Buffer.from('<190>7: ho\0st: ok'), false],
    ['invalid UTF-8', Buffer.from([0x3c, 0x31, 0x3e, 0xc3, 0x28]), false],
    ['random binary', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]), false],
  ] as const) {
    test(title, () => assert.equal(looksLikeText(bytes), expected));
  }
});
