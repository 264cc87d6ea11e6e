import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { prefilter, type PrefilterVerdict } from '../../src/parse/prefilter.js';
import { oldLooksLikeText, oldMightBeCertificateAlarm } from './prefilter-oracle.js';
import { sniffNode, sniffNodeText } from '../../src/parse/sniff-node.js';

describe('prefilter: the marks of a certificate alarm', () => {
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
  ];
  for (const [title, text] of yes) test(`might be an alarm: ${title}`, () => assert.equal(prefilter(Buffer.from(text)), 'might-be-alarm'));
  for (const [title, text] of no) test(`noise: ${title}`, () => assert.equal(prefilter(Buffer.from(text)), 'noise'));
  test('works on a plain Uint8Array view', () => {
    const b = Buffer.from('xx%UC_CERT-2-A: yy');
    assert.equal(prefilter(new Uint8Array(b.buffer, b.byteOffset + 2, 14)), 'might-be-alarm');
    assert.equal(prefilter(new Uint8Array(b.buffer, b.byteOffset, 4)), 'noise');
  });
  test('the cut tag counts only in the last 12 bytes', () => {
    assert.equal(prefilter(Buffer.from('0123456%UC_CERT')), 'might-be-alarm');
    assert.equal(prefilter(Buffer.from('%UC_CERT and then more than twelve bytes')), 'noise');
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

describe('prefilter: text or not', () => {
  for (const [title, bytes, expected] of [
    ['plain syslog line', Buffer.from('<190>7: host: crond[1]: ok'), 'noise'],
    ['UTF-8 with multibyte characters', Buffer.from('<190>7: höst: Zürich ✓ 𝄞'), 'noise'],
    ['one trailing NUL (datagram terminator)', Buffer.from('<190>7: host: ok\0'), 'noise'],
    ['NUL inside', Buffer.from('<190>7: ho\0st: ok'), 'not-text'],
    ['invalid UTF-8', Buffer.from([0x3c, 0x31, 0x3e, 0xc3, 0x28]), 'not-text'],
    ['an overlong encoding', Buffer.from([0x41, 0xc0, 0xaf]), 'not-text'],
    ['a UTF-16 surrogate encoded in UTF-8', Buffer.from([0x41, 0xed, 0xa0, 0x80]), 'not-text'],
    ['above U+10FFFF', Buffer.from([0x41, 0xf4, 0x90, 0x80, 0x80]), 'not-text'],
    ['a sequence cut at the end', Buffer.from([0x41, 0xe2, 0x9c]), 'not-text'],
    ['random binary', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]), 'not-text'],
    ['empty', Buffer.alloc(0), 'not-text'],
    ['only blanks and line ends', Buffer.from(' \t\r\n\0'), 'not-text'],
  ] as const) {
    test(title, () => assert.equal(prefilter(bytes), expected));
  }
});

describe('prefilter: the same verdicts as the former native passes (indexOf per mark, NUL, blank, isUtf8)', () => {
  /** What the former code decided: noise only for text without a mark; a mark in text is a candidate; otherwise
   * either non-noise verdict is right (both go to decodeFrame, and the scan may stop at whichever it reads first). */
  function allowed(bytes: Uint8Array): PrefilterVerdict[] {
    const mark = oldMightBeCertificateAlarm(bytes);
    if (oldLooksLikeText(bytes)) return [mark ? 'might-be-alarm' : 'noise'];
    return mark ? ['might-be-alarm', 'not-text'] : ['not-text'];
  }
  const fragment = fc.oneof(
    fc.constantFrom('CERT-', 'Cert-', 'cert-', 'CeRT-', 'CERT', '-', 'ertificate name', 'ertificate nam', 'Certificate name:', 'certificate', 'f',
      '_CERT', '_CER', '%UC_CERT', '_', ' ', '\t', '\r\n', '\0', 'ä', '✓', '𝄞', '<190>1: CUCM01: ', '%UC_AUDITLOG-6-X: %[NodeID=CUCM01]: ok')
      .map((s) => Buffer.from(s, 'utf8')),
    // A lead byte at every boundary of the UTF-8 table with one to three bytes at the boundaries of the continuation
    // range: well-formed often enough that the rest of the message decides, malformed at each edge.
    fc.tuple(
      fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff),
      fc.array(fc.constantFrom(0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0), { minLength: 1, maxLength: 3 }),
    ).map(([lead, rest]) => Buffer.from([lead, ...rest])),
    fc.array(fc.constantFrom(0x00, 0x01, 0x09, 0x0a, 0x0d, 0x20, 0x41, 0x7f), { maxLength: 3 }).map((b) => Buffer.from(b)),
    fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)),
    fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => Buffer.from(s, 'utf8')),
  );
  const message = fc.tuple(fc.array(fragment, { maxLength: 12 }), fc.nat(4)).map(([parts, skip]) => {
    const whole = Buffer.concat(parts);
    // Sometimes a view into a larger buffer, not a Buffer of its own: the offset must not matter.
    return skip === 0 ? new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength) : whole;
  });
  test('on messages made of marks, parts of marks, UTF-8 boundaries and random bytes', () => {
    fc.assert(fc.property(message, (bytes) => {
      assert.ok(allowed(bytes).includes(prefilter(bytes)), `${Buffer.from(bytes).toString('hex')}: ${prefilter(bytes)}, former ${allowed(bytes).join('|')}`);
    }), { numRuns: 20_000 });
  });
  test('on random bytes and random strings', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => assert.ok(allowed(bytes).includes(prefilter(bytes)))), { numRuns: 5_000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      const bytes = Buffer.from(s, 'utf8');
      assert.ok(allowed(bytes).includes(prefilter(bytes)));
    }), { numRuns: 5_000 });
  });
});
