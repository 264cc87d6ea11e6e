import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findTimestampAtEnd, resolveTimestamp } from '../../src/parse/ciscolog-timestamp.js';

const received = new Date('2026-11-26T12:00:00Z');

describe('findTimestampAtEnd + resolveTimestamp: every CiscoLog variant of brief 2.2', () => {
  const cases: { title: string; header: string; at: string; yearInferred?: boolean; zoneFrom?: string; zone?: string }[] = [
    { title: '3-digit ms, UTC', header: '<187>864: CUCM02.localdomain: Sep 05 2014 00:00:06.433 UTC : ', at: '2014-09-05T00:00:06.433Z' },
    { title: '2-digit ms are milliseconds, not a fraction', header: 'Jun 19 2019 10:00:00.19 UTC :  ', at: '2019-06-19T10:00:00.019Z' },
    { title: '1-digit ms', header: 'Dec 22 2015 20:12:57.1 UTC :  ', at: '2015-12-22T20:12:57.001Z' },
    { title: 'no ms', header: 'uc-ucm-01.pcce.local Jul 02 2015 06:22:31 UTC :   ', at: '2015-07-02T06:22:31.000Z' },
    { title: '12-hour clock AM with ms after AM, unpadded day', header: '<189>May 1 2019 07:10:40 AM.781 UTC :  ', at: '2019-05-01T07:10:40.781Z' },
    { title: '12-hour clock PM', header: '<189>8103: Apr 20 2025 10:45:20 PM.601 UTC :  ', at: '2025-04-20T22:45:20.601Z' },
    { title: '12 AM is midnight', header: 'Apr 20 2025 12:05:00 AM.1 UTC : ', at: '2025-04-20T00:05:00.001Z' },
    { title: '12 PM is noon', header: 'Apr 20 2025 12:05:00 PM.1 UTC : ', at: '2025-04-20T12:05:00.001Z' },
    { title: 'no year: receive year', header: 'Mar 18 16:40:52 ciscart26 local7 6 : 92: Mar 18 11:10:52.630 UTC : ', at: '2026-03-18T11:10:52.630Z', yearInferred: true },
    { title: 'no year, would be in the future: previous year', header: 'Dec 31 23:59:58.100 UTC : ', at: '2025-12-31T23:59:58.100Z', yearInferred: true },
    { title: 'no year, just after the receive time (clock skew): same year', header: 'Nov 27 01:00:00.000 UTC : ', at: '2026-11-27T01:00:00.000Z', yearInferred: true },
    { title: 'GMT', header: 'Sep 05 2014 00:00:06.433 GMT : ', at: '2014-09-05T00:00:06.433Z' },
    { title: 'CEST', header: 'Sep 05 2014 02:00:06.433 CEST : ', at: '2014-09-05T00:00:06.433Z' },
    { title: 'CDT', header: 'May 21 2021 08:10:24.476 CDT : ', at: '2021-05-21T13:10:24.476Z' },
    { title: '+0000', header: 'Sep 05 2014 00:00:06.433 +0000 : ', at: '2014-09-05T00:00:06.433Z' },
    { title: '-05:00', header: 'Sep 05 2014 00:00:06.433 -05:00 : ', at: '2014-09-05T05:00:06.433Z' },
    { title: 'no zone: UTC assumed', header: 'Sep 05 2014 00:00:06.433 : ', at: '2014-09-05T00:00:06.433Z', zoneFrom: 'default-utc' },
    { title: 'no zone: node zone used', header: 'Sep 05 2014 00:00:06.433 : ', at: '2014-09-04T22:00:06.433Z', zoneFrom: 'node', zone: 'Europe/Berlin' },
    { title: 'unknown zone: node zone used', header: 'Sep 05 2014 00:00:06.433 IST : ', at: '2014-09-04T18:30:06.433Z', zoneFrom: 'node', zone: 'Asia/Kolkata' },
    { title: 'relay header before it is ignored', header: 'Jun 17 16:14:19 hcs862-hcm-f local7 2 : 6: hcs862-hcm-f.x.net: Jun 17 2019 14:14:19.781 UTC : ', at: '2019-06-17T14:14:19.781Z' },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const m = findTimestampAtEnd(c.header);
      assert.ok(m, 'timestamp found');
      const r = resolveTimestamp(m.timestamp, received, c.zone ? { kind: 'iana', name: c.zone } : null);
      assert.ok(r);
      assert.equal(r.at.toISOString(), c.at);
      assert.equal(r.yearInferred, c.yearInferred ?? false);
      if (c.zoneFrom) assert.equal(r.zoneFrom, c.zoneFrom);
    });
  }
  const none: [string, string][] = [
    ['no timestamp at all', '<187>864: CUCM02: '],
    ['a relay timestamp followed by more header is not the CiscoLog one', 'Jun 17 16:14:19 host local7 2 : 6: host: '],
    ['not a month', 'Foo 05 2014 00:00:06.433 UTC : '],
    ['13 PM', 'Apr 20 2025 13:05:00 PM.1 UTC : '],
    ['minute 61', 'Apr 20 2025 10:61:00 UTC : '],
  ];
  for (const [title, header] of none) test(`none: ${title}`, () => assert.equal(findTimestampAtEnd(header), null));
  test('Feb 30 is found but does not resolve', () => {
    const m = findTimestampAtEnd('Feb 30 2025 10:00:00 UTC : ');
    assert.ok(m);
    assert.equal(resolveTimestamp(m.timestamp, received, null), null);
  });
});
