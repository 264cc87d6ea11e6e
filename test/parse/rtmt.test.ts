import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blocksFromFieldLines, parseJavaDate, rtmtBlocksFromSyslog } from '../../src/parse/rtmt.js';
import { decodeQuotedPrintable, looksLikeRtmtMail, parseRtmtMail } from '../../src/parse/rtmt-mail.js';

const nested = 'May 21 08:10:24 impPub local7 1 : 62: impPub.ciscolab.com: May 21 2021 13:10:24.476 UTC : %UC_ReplWatcher-1-DuplicateUserid: %[AppID=Cisco IM and Presence Data Monitor][ClusterID=][NodeID=impPub]: text.';
const published = `%UC_RTMT-2-RTMT_ALERT: %[AlertName=SyslogSeverityMatchFound][AlertDetail= At Fri May 21 08:11:00 CDT 2021 on node impPub.ciscolab.com, the following SyslogSeverityMatchFound events generated: #012SeverityMatch : Alert#012MatchedEvent : ${nested}#012AppID : Cisco Syslog Agent#012ClusterID : #012NodeID : impPub#012 TimeStamp : Fri May 21 08:10:24 CDT 2021][AppID=Cisco AMC Service][ClusterID=][NodeID=cucmPub]: RTMT Alert`;

describe('rtmtBlocksFromSyslog', () => {
  test('the published alert: one block with the nested line, its NodeID and TimeStamp', () => {
    const blocks = rtmtBlocksFromSyslog(published, 0);
    assert.deepEqual(blocks, [{ matchedEvent: nested, cut: false, nodeId: 'impPub', timeStamp: 'Fri May 21 08:10:24 CDT 2021' }]);
  });
  test('a detail cut inside the MatchedEvent: the outer parameters are not taken for the nested line', () => {
    const cut = published.slice(0, published.indexOf('][NodeID=impPub]')) + '][AppID=Cisco AMC Service][ClusterID=][NodeID=cucmPub]: RTMT Alert';
    const blocks = rtmtBlocksFromSyslog(cut, 0);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]?.cut, true);
    assert.ok(!blocks[0]?.matchedEvent.includes('cucmPub'));
    assert.ok(blocks[0]?.matchedEvent.endsWith('[ClusterID='));
  });
  test('no MatchedEvent: no blocks', () => assert.deepEqual(rtmtBlocksFromSyslog('%UC_RTMT-2-RTMT_ALERT: %[AlertName=CoreDumpFileFound][AlertDetail=#012Core1 : x]', 0), []));
  test("'# 012' (a hand-copied variant) also separates fields", () => {
    assert.equal(rtmtBlocksFromSyslog('AlertDetail=x# 012MatchedEvent : line one# 012NodeID : n1', 0)[0]?.matchedEvent, 'line one');
  });
});

describe('blocksFromFieldLines (e-mail form)', () => {
  test('a wrapped MatchedEvent is joined with single spaces; fields after it end it', () => {
    const blocks = blocksFromFieldLines(['SeverityMatch : Critical', 'MatchedEvent : a b', 'c d ', '  e', 'AppID : x', 'NodeID : CUCM02', 'TimeStamp : Fri Sep 05 02:00:16 CEST 2014'], true);
    assert.deepEqual(blocks, [{ matchedEvent: 'a b c d e', cut: false, nodeId: 'CUCM02', timeStamp: 'Fri Sep 05 02:00:16 CEST 2014' }]);
  });
  test('a blank line ends a MatchedEvent; several events make several blocks', () => {
    const blocks = blocksFromFieldLines(['MatchedEvent : one', '', 'not part of it', 'MatchedEvent : two', 'NodeID : n2'], true);
    assert.deepEqual(blocks.map((b) => [b.matchedEvent, b.nodeId]), [['one', null], ['two', 'n2']]);
  });
});

describe('parseRtmtMail / looksLikeRtmtMail', () => {
  const body = `At Fri Sep 05 02:00:56 CEST 2014 on node 192.168.1.2, the following SyslogSeverityMatchFound events generated:\nSeverityMatch : Critical\nMatchedEvent : x y\nNodeID : CUCM02\n`;
  test('the At-line and the blocks', () => {
    const m = parseRtmtMail(body);
    assert.equal(m.alertName, 'SyslogSeverityMatchFound');
    assert.equal(m.atNode, '192.168.1.2');
    assert.equal(m.atTime, 'Fri Sep 05 02:00:56 CEST 2014');
    assert.deepEqual(m.blocks.map((b) => b.matchedEvent), ['x y']);
  });
  test('mail headers above and a quoted-printable body', () => {
    const qp = `From: RTMT <r@x>\r\nSubject: alert\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body.replace('MatchedEvent : x y', 'MatchedEvent : x=3Dy very long=\r\n line')}`;
    assert.deepEqual(parseRtmtMail(qp).blocks.map((b) => b.matchedEvent), ['x=y very long line']);
  });
  test('detection: e-mail text yes, a syslog RTMT line no', () => {
    assert.equal(looksLikeRtmtMail(body), true);
    assert.equal(looksLikeRtmtMail(published), false);
    assert.equal(looksLikeRtmtMail('<78>Nov 24 09:01:01 CUCM01 crond[9538]: x'), false);
  });
  test('decodeQuotedPrintable keeps UTF-8 and soft breaks', () => {
    assert.equal(decodeQuotedPrintable('M=C3=BCller=\r\n-CA a=3Db'), 'Müller-CA a=b');
  });
});

describe('parseJavaDate', () => {
  const cases: [string, string | null][] = [
    ['Fri May 21 08:10:24 CDT 2021', '2021-05-21T13:10:24.000Z'],
    ['Fri Sep 05 02:00:16 CEST 2014', '2014-09-05T00:00:16.000Z'],
    ['Fri Sep 05 02:00:16 IST 2014', null],
    ['garbage', null],
  ];
  for (const [text, iso] of cases) test(text, () => assert.equal(parseJavaDate(text)?.toISOString() ?? null, iso));
});
