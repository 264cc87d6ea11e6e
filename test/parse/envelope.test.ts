import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvelope } from '../../src/parse/envelope.js';

describe('parseEnvelope: the header in front of the tag', () => {
  const cases: { title: string; header: string; pri: number | null; seq: number | null; host: string | null; relayHost: string | null; ts: boolean }[] = [
    { title: 'PRI SEQ HOST:', header: '<187>864: CUCM02.localdomain: Sep 05 2014 00:00:06.433 UTC : ', pri: 187, seq: 864, host: 'CUCM02.localdomain', relayHost: null, ts: true },
    { title: 'relay 3164 + local facility', header: 'Jun 19 12:00:00 hcs862-hcm-f local99 0 : 42: hcs862-hcm-f.example.net: Jun 19 2019 10:00:00.19 UTC :  ', pri: null, seq: 42, host: 'hcs862-hcm-f.example.net', relayHost: 'hcs862-hcm-f', ts: true },
    { title: 'PRI only', header: '<189>May 1 2019 07:10:40 AM.781 UTC :  ', pri: 189, seq: null, host: null, relayHost: null, ts: true },
    { title: 'PRI SEQ no host', header: '<189>8103: Apr 20 2025 10:45:20 PM.601 UTC :  ', pri: 189, seq: 8103, host: null, relayHost: null, ts: true },
    { title: 'host without colon after cut local header', header: '31 uc-ucm-01 local7 3 : 41679: uc-ucm-01.pcce.local Jul 02 2015 06:22:31 UTC :   ', pri: null, seq: 41679, host: 'uc-ucm-01.pcce.local', relayHost: 'uc-ucm-01', ts: true },
    { title: 'relay header, SEQ, no host', header: 'Mar 18 16:40:52 ciscart26 local7 6 : 92: Mar 18 11:10:52.630 UTC : ', pri: null, seq: 92, host: null, relayHost: 'ciscart26', ts: true },
    { title: 'bare', header: 'Dec 22 2015 20:12:57.1 UTC :  ', pri: null, seq: null, host: null, relayHost: null, ts: true },
    { title: 'RFC 5424 wrapper with inner PRI', header: '<190>1 2025-09-01T02:00:03.120Z relay.example.com cucm-pub.example.com - - - <186>3004: cucm-pub.example.com: Sep 01 2025 02:00:03.000 UTC : ', pri: 186, seq: 3004, host: 'cucm-pub.example.com', relayHost: 'relay.example.com', ts: true },
    { title: 'RFC 5424 with structured data and BOM', header: '<186>1 2025-09-01T02:00:04.200+00:00 syslog-ng01 cucm-pub 3005 - [meta sequenceId="77"][x y="a\\]b"] \ufeff3005: cucm-pub.example.com: Sep 01 2025 02:00:04.000 UTC : ', pri: 186, seq: 3005, host: 'cucm-pub.example.com', relayHost: 'syslog-ng01', ts: true },
    { title: 'HOST: with no timestamp', header: '<186>12: CUCM01: ', pri: 186, seq: 12, host: 'CUCM01', relayHost: null, ts: false },
    { title: 'nothing', header: '', pri: null, seq: null, host: null, relayHost: null, ts: false },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const env = parseEnvelope(c.header);
      assert.equal(env.pri, c.pri);
      assert.equal(env.seq, c.seq);
      assert.equal(env.host, c.host);
      assert.equal(env.relayHost, c.relayHost);
      assert.equal(env.timestamp !== null, c.ts);
    });
  }
  test('a 10 kB header of digits finishes quickly (bounded regexes)', () => {
    const start = performance.now();
    parseEnvelope('1'.repeat(10000) + ': ');
    parseEnvelope('a'.repeat(10000));
    assert.ok(performance.now() - start < 200);
  });
});
