import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine, parseText, type ParseContext, type ParseOutcome } from '../../src/parse/index.js';

const ctx: ParseContext = { receivedAt: new Date('2026-11-24T08:30:00Z'), zoneForNode: (n) => (n === 'CUCM01' ? 'Europe/Berlin' : undefined) };
const MSG = 'Certificate expiration Notification. Certificate name:tomcat.der Unit:tomcat Type:own-cert Expiration:Fri Nov 27 09:12:44:000 CET';
const cert = (tag: string, params: string, head = '<186>2311: CUCM01.lab.example.com: Nov 24 2026 08:00:00.000 UTC : ') =>
  `${head}%${tag}: %[Message=${MSG}]${params}: description`;

function event(o: ParseOutcome) {
  assert.equal(o.kind, 'certificate', JSON.stringify(o));
  return o.kind === 'certificate' ? o.event : assert.fail();
}

describe('parseLine: certificate alarms', () => {
  const urgencies: [string, string, number][] = [
    ['UC_CERT-2-CertValidfor7days', 'week', 2],
    ['UC_CERT-1-CertValidLessthanADay', 'day', 1],
    ['UC_CERT-0-CertExpired', 'expired', 0],
    ['UC_CERT-0-CertificateRevoked', 'unknown', 0],
    ['UC_CERT-4-SomethingNew', 'unknown', 4],
    ['UC_CERT-2-certvalidfor7DAYS', 'week', 2],
    ['UC_cert-2-CertValidfor7days', 'week', 2],
  ];
  for (const [tag, urgency, severity] of urgencies) {
    test(`${tag} -> urgency ${urgency}, severity ${severity}`, () => {
      const e = event(parseLine(cert(tag, '[AppID=Cisco Certificate Monitor][ClusterID=][NodeID=CUCM01]'), ctx));
      assert.equal(e.alarmUrgency, urgency);
      assert.equal(e.severity, severity);
      assert.equal(e.alarm, tag.split('-').slice(2).join('-'));
    });
  }
  test('a certificate Message under another facility is kept (urgency from a known name, else unknown)', () => {
    assert.equal(event(parseLine(cert('UC_CERTMONITOR-2-CertValidfor7days', '[NodeID=CUCM01]'), ctx)).alarmUrgency, 'week');
    assert.equal(event(parseLine(cert('UC_CERTMONITOR-2-CertNotice', '[NodeID=CUCM01]'), ctx)).alarmUrgency, 'unknown');
  });
  test('fields of the standard line', () => {
    const e = event(parseLine(cert('UC_CERT-2-CertValidfor7days', '[AppID=Cisco Certificate Monitor][ClusterID=lab][NodeID=CUCM01]'), ctx));
    assert.equal(e.node, 'CUCM01');
    assert.equal(e.host, 'CUCM01.lab.example.com');
    assert.equal(e.clusterId, 'lab');
    assert.equal(e.certificate, 'tomcat.der');
    assert.equal(e.unit, 'tomcat');
    assert.equal(e.certType, 'own-cert');
    assert.equal(e.trustStore, false);
    assert.equal(e.via, 'syslog');
    assert.equal(e.alarmAt, '2026-11-24T08:00:00.000Z');
    assert.equal(e.expiry.at, '2026-11-27T08:12:44.000Z');
    assert.equal(e.expiry.precision, 'inferred');
  });
  const nodes: [string, string, string, string | null][] = [
    ['NodeID wins over the host', '[NodeID=CUCM09]', '<186>1: CUCM01.lab.example.com: Nov 24 2026 08:00:00.000 UTC : ', 'CUCM09'],
    ['empty NodeID: short host', '[NodeID=]', '<186>1: CUCM02.lab.example.com: Nov 24 2026 08:00:00.000 UTC : ', 'CUCM02'],
    ['no NodeID, no host: relay host', '[AppID=x]', 'Nov 24 09:00:00 cucm-relay-src local7 2 : 1: Nov 24 2026 08:00:00.000 UTC : ', 'cucm-relay-src'],
    ['nothing names the node', '[AppID=x]', 'Nov 24 2026 08:00:00.000 UTC : ', 'unknown'],
  ];
  for (const [title, params, head, node] of nodes) {
    test(`node: ${title}`, () => assert.equal(event(parseLine(cert('UC_CERT-2-CertValidfor7days', params, head), ctx)).node, node));
  }
  test('ClusterID StandAloneCluster is not meaningful', () => {
    assert.equal(event(parseLine(cert('UC_CERT-2-CertValidfor7days', '[ClusterID=StandAloneCluster][NodeID=CUCM01]'), ctx)).clusterId, null);
  });
  test('trust store by unit, case-insensitively, whatever Type says', () => {
    const line = cert('UC_CERT-2-CertValidfor7days', '[NodeID=CUCM01]').replace('Unit:tomcat Type:own-cert', 'Unit:Tomcat-TRUST Type:own-cert');
    const e = event(parseLine(line, ctx));
    assert.equal(e.unit, 'Tomcat-TRUST');
    assert.equal(e.trustStore, true);
    assert.equal(e.certType, 'own-cert');
  });
  test('no CiscoLog timestamp: the receive time, noted', () => {
    const e = event(parseLine(cert('UC_CERT-2-CertValidfor7days', '[NodeID=CUCM01]', '<186>1: CUCM01: '), ctx));
    assert.equal(e.alarmAt, ctx.receivedAt.toISOString());
    assert.match(e.expiry.note, /receive time/);
  });
});

describe('parseLine: noise and rejections', () => {
  const cases: { title: string; text: string; want: Partial<Record<'kind' | 'reason' | 'node' | 'tag', string | null>> }[] = [
    { title: 'OS syslog', text: '<78>Nov 24 09:01:01 CUCM01 crond[9538]: (root) CMD (x)', want: { kind: 'noise', node: 'CUCM01', tag: null } },
    { title: 'relayed OS syslog without PRI', text: ' : crond[9538]: (root) CMD (  /etc/rc.d/init.d/fiostats show)', want: { kind: 'noise', tag: null } },
    { title: 'other alarm', text: '<187>1: h: Nov 24 2026 08:00:00.000 UTC : %UC_CALLMANAGER-3-EndPointUnregistered: %[NodeID=CUCM01]: x', want: { kind: 'noise', node: 'CUCM01', tag: 'UC_CALLMANAGER-3-EndPointUnregistered' } },
    { title: 'legacy alarm', text: '%CCM_SERVICEMANAGER-SERVICEMANAGER-6-ServiceActivated: Service Activated. App ID:Cisco Service Manager Cluster ID: Node ID:ciscart26', want: { kind: 'noise', node: 'ciscart26', tag: 'CCM_SERVICEMANAGER-SERVICEMANAGER-6-ServiceActivated' } },
    { title: 'legacy tag published without %', text: 'CCM_TOMCAT-GENERIC-3-AuditEventGenerated: Audit Event Generated UserID:CCMAdministrator App ID:Cisco Tomcat Cluster ID:StandAloneCluster Node ID:sa-cm1-3', want: { kind: 'noise', node: 'sa-cm1-3', tag: 'CCM_TOMCAT-GENERIC-3-AuditEventGenerated' } },
    { title: 'UC_CERT alarm of another kind without a Message is noise', text: '%UC_CERT-6-CertMonitorStarted: %[AppID=Cisco Certificate Monitor][NodeID=CUCM01]: started', want: { kind: 'noise', node: 'CUCM01' } },
    { title: 'a known certificate alarm without a Message is malformed', text: '%UC_CERT-2-CertValidfor7days: %[AppID=Cisco Certificate Monitor][NodeID=CUCM01]: x', want: { kind: 'rejected', reason: 'malformed' } },
    { title: 'a certificate alarm cut before its Message', text: '<186>1: CUCM01: Nov 24 2026 08:00:00.000 UTC : %UC_CERT-2-CertValidfor7days: %[Mess', want: { kind: 'rejected', reason: 'truncated' } },
    { title: 'a certificate alarm with a line break inside', text: cert('UC_CERT-2-CertValidfor7days', '[NodeID=CUCM01]').replace('tomcat.der', 'a\nb.der'), want: { kind: 'rejected', reason: 'malformed' } },
    { title: 'text with a control character', text: 'a\u0007b', want: { kind: 'rejected', reason: 'binary' } },
    { title: 'empty', text: '', want: { kind: 'rejected', reason: 'empty' } },
    { title: 'white space', text: ' \t ', want: { kind: 'rejected', reason: 'empty' } },
    { title: 'prose', text: 'hello world', want: { kind: 'rejected', reason: 'malformed' } },
    { title: 'a CiscoLog timestamp without a tag is syslog-like noise', text: 'Dec 22 2015 20:12:57.1 UTC :  text', want: { kind: 'noise', tag: null } },
    { title: 'over the parser cap', text: `<14>Nov 24 09:01:01 h a[1]: ${'x'.repeat(20000)}`, want: { kind: 'rejected', reason: 'oversized' } },
    { title: 'RTMT alert quoting an RTMT alert quoting a certificate alarm', text: `%UC_RTMT-2-RTMT_ALERT: %[AlertDetail=#012MatchedEvent : %UC_RTMT-2-RTMT_ALERT: %[AlertDetail=# 012MatchedEvent : ${cert('UC_CERT-2-CertValidfor7days', '[NodeID=CUCM01]')}][NodeID=a]: x][NodeID=b]: y`, want: { kind: 'certificate' } },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const o = parseLine(c.text, ctx) as Record<string, unknown>;
      for (const [k, v] of Object.entries(c.want)) assert.equal(o[k], v, `${k} in ${JSON.stringify(o)}`);
    });
  }
});

describe('parseLine: bounded work on pathological input', () => {
  const inputs: [string, string][] = [
    ['RTMT alerts nested 2000 deep', `${'%UC_RTMT-2-RTMT_ALERT: %[AlertDetail=#012MatchedEvent : '.repeat(200)}x`],
    ['many MatchedEvents', `%UC_RTMT-2-RTMT_ALERT: %[AlertDetail=${'#012MatchedEvent : %UC_CERT-2-CertExpired: %[Message=Certificate expiration Notification. Certificate name:a.der Unit:tomcat Type:own-cert Expiration:Fri'.repeat(100)}`],
    ['a tag lookalike repeated', '%UC_'.repeat(4000)],
    ['brackets', '%UC_CERT-2-CertExpired: %['.concat('[a=]'.repeat(3000))],
    ['a long header', `${'Mar 18 '.repeat(2000)}%UC_CERT-2-CertExpired: %[Message=x]`],
  ];
  for (const [title, text] of inputs) {
    test(title, () => {
      const start = performance.now();
      const o = parseLine(text, ctx);
      assert.ok(['certificate', 'noise', 'rejected'].includes(o.kind));
      assert.ok(performance.now() - start < 500, `${performance.now() - start} ms`);
    });
  }
});

describe('parseText', () => {
  test('many lines: one outcome per message line, comments and blanks skipped', () => {
    const text = ['# comment', '', cert('UC_CERT-2-CertValidfor7days', '[NodeID=CUCM01]'), '<78>Nov 24 09:01:01 CUCM01 crond[1]: x', 'hello'].join('\r\n');
    assert.deepEqual(parseText(text, ctx).map((o) => o.kind), ['certificate', 'noise', 'rejected']);
  });
  test('empty body', () => assert.deepEqual(parseText('  \n', ctx), [{ kind: 'rejected', reason: 'empty', detail: 'no text' }]));
  test('an alert e-mail without MatchedEvent is one noise outcome', () => {
    const out = parseText('At Mon Aug 21 22:22:27 EST 2017 on node 172.16.136.21, the following CoreDumpFileFound events generated:\nTotalCoresFound : 1\n', ctx);
    assert.deepEqual(out, [{ kind: 'noise', node: '172.16.136.21', tag: 'RTMT CoreDumpFileFound' }]);
  });
  test('an RTMT e-mail with a certificate alarm: via rtmt-mail, node from the nested line', () => {
    const line = cert('UC_CERT-0-CertExpired', '[NodeID=CUCM03]');
    const out = parseText(`From: r@x\nSubject: a\n\nAt Tue Nov 24 09:06:00 CET 2026 on node 10.1.1.1, the following SyslogSeverityMatchFound events generated:\nSeverityMatch : Emergency\nMatchedEvent : ${line}\nNodeID : CUCM03\n`, ctx);
    assert.equal(out.length, 1);
    const e = event(out[0] as ParseOutcome);
    assert.equal(e.via, 'rtmt-mail');
    assert.equal(e.node, 'CUCM03');
    assert.equal(e.raw, line);
  });
});
