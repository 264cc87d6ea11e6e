import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Urgency } from '../../src/domain/certificate-event.js';
import { alarmWindow, inferExpiry } from '../../src/parse/expiry.js';
import { parseExpirationText } from '../../src/parse/expiration-text.js';
import type { ZoneRef } from '../../src/parse/zones.js';

describe('inferExpiry', () => {
  const berlin: ZoneRef = { kind: 'iana', name: 'Europe/Berlin' };
  // earliest / latest: the bounds when what survives of a cut date narrows the alarm's window (else the window itself).
  const cases: { title: string; text: string; urgency: Urgency; alarmAt: string; zone?: ZoneRef; at: string | null; precision: string; note?: RegExp; earliest?: string; latest?: string }[] = [
    { title: 'brief: Mon May 19 seen Sep 05 2014 (7 days) -> 19 May 2014', text: 'Mon May 19 14:46:', urgency: 'week', alarmAt: '2014-09-05T00:00:06.433Z', at: '2014-05-19T14:46:00.000Z', precision: 'inferred', note: /year 2014 inferred.*seconds cut.*UTC assumed/ },
    { title: 'brief: Sun Mar 26 seen Jun 19 2019 (expired) -> 26 Mar 2017', text: 'Sun Mar 26 12:30:59:000 CES', urgency: 'expired', alarmAt: '2019-06-19T10:00:00.019Z', at: '2017-03-26T10:30:59.000Z', precision: 'inferred', note: /2017.*CES.*CEST/ },
    { title: 'cut zone with a node zone: the node zone wins over the prefix guess', text: 'Sun Mar 26 12:30:59:000 CES', urgency: 'expired', alarmAt: '2019-06-19T10:00:00.019Z', zone: { kind: 'iana', name: 'America/New_York' }, at: '2017-03-26T16:30:59.000Z', precision: 'inferred', note: /node zone America\/New_York/ },
    { title: 'year and known zone: exact', text: 'Thu Dec 03 10:00:00:000 CET 2026', urgency: 'week', alarmAt: '2026-11-26T02:00:00Z', at: '2026-12-03T09:00:00.000Z', precision: 'exact' },
    { title: 'year, zone unknown (IST): inferred, UTC', text: 'Thu Dec 03 10:00:00:000 IST 2026', urgency: 'week', alarmAt: '2026-11-26T02:00:00Z', at: '2026-12-03T10:00:00.000Z', precision: 'inferred', note: /IST not in the table; UTC assumed/ },
    { title: 'year cut to "20": no year, weekday pins it', text: 'Thu Dec 03 10:00:00:000 CET 20', urgency: 'week', alarmAt: '2026-11-26T02:00:00Z', at: '2026-12-03T09:00:00.000Z', precision: 'inferred' },
    { title: 'less than a day: within a day after', text: 'Tue Nov 24 21:05:17:000 CET', urgency: 'day', alarmAt: '2026-11-24T08:04:01Z', at: '2026-11-24T20:05:17.000Z', precision: 'inferred' },
    { title: '7 days, already expired long ago (CUCM sends 7days for expired ones too)', text: 'Fri Jun 30 12:00:00:000 UTC', urgency: 'week', alarmAt: '2025-07-14T02:00:00Z', at: '2023-06-30T12:00:00.000Z', precision: 'inferred' },
    { title: 'weekday that fits no year in the window: window', text: 'Mon Nov 24 21:05:17:000 CET', urgency: 'day', alarmAt: '2026-11-24T08:04:01Z', at: null, precision: 'window', note: /no year/ },
    { title: 'expired, date in the future of the alarm only: previous matching year', text: 'Fri Nov 27 09:00:00:000 CET', urgency: 'expired', alarmAt: '2026-11-24T08:00:00Z', at: '2020-11-27T08:00:00.000Z', precision: 'inferred' },
    { title: 'Feb 29 without year: only leap years are candidates', text: 'Thu Feb 29 10:00:00:000 UTC', urgency: 'expired', alarmAt: '2026-03-01T00:00:00Z', at: '2024-02-29T10:00:00.000Z', precision: 'inferred' },
    { title: 'unknown alarm, nearest year within 2 years: inferred', text: 'Mon Sep 14 08:00:00:000 UTC', urgency: 'unknown', alarmAt: '2025-04-01T09:30:00Z', at: '2026-09-14T08:00:00.000Z', precision: 'inferred' },
    { title: 'unknown alarm, nearest year far away: window', text: 'Wed Sep 14 08:00:00:000 UTC', urgency: 'unknown', alarmAt: '2025-04-01T09:30:00Z', at: null, precision: 'window' },
    { title: 'day cut to "1" (1 or 10-19): Fri Oct 10 is the only such Friday in the 7 days after the alarm', text: 'Fri Oct 1', urgency: 'week', alarmAt: '2025-10-06T18:00:01Z', at: '2025-10-10T00:00:00.000Z', precision: 'inferred', earliest: '2025-10-10T00:00:00.000Z', latest: '2025-10-11T00:00:00.000Z', note: /numbered 1 or 10-19 in October.*only such day/ },
    { title: 'unpadded day followed by a space is complete', text: 'Fri Oct 3 09:00:00:000 UTC', urgency: 'week', alarmAt: '2025-09-30T18:00:01Z', at: '2025-10-03T09:00:00.000Z', precision: 'inferred' },
    { title: 'month cut to "Ju", expired: window from the first to the last Wednesday of June or July in it', text: 'Wed Ju', urgency: 'expired', alarmAt: '2025-10-06T18:00:02Z', at: null, precision: 'window', earliest: '2006-06-07T00:00:00.000Z', latest: '2025-07-31T00:00:00.000Z', note: /a Wednesday in June or July/ },
    { title: 'weekday cut to "We", expired: window from the first to the last Wednesday in it', text: 'We', urgency: 'expired', alarmAt: '2025-10-06T18:00:02Z', at: null, precision: 'window', earliest: '2005-10-12T00:00:00.000Z', latest: '2025-10-02T00:00:00.000Z' },
    { title: 'issue 7: "Mon N" on a 7-day alarm of Tue Nov 24 2026 is Mon Nov 30 2026; past Mondays of November set aside', text: 'Mon N', urgency: 'week', alarmAt: '2026-11-24T08:00:00Z', zone: berlin, at: '2026-11-29T23:00:00.000Z', precision: 'inferred', earliest: '2026-11-29T23:00:00.000Z', latest: '2026-11-30T23:00:00.000Z', note: /^date inferred: the cut text "Mon N" leaves a Monday in November, and Mon 30 Nov 2026 is the only such day in the 7 days after the alarm; earlier matching days \(the latest Mon 23 Nov 2026\) were set aside: .*CertExpired, not CertValidfor7days.*start of the day assumed/ },
    { title: 'two days after the alarm fit ("S": Sat or Sun): window narrowed to them', text: 'S', urgency: 'week', alarmAt: '2026-11-24T08:00:00Z', zone: berlin, at: null, precision: 'window', earliest: '2026-11-27T23:00:00.000Z', latest: '2026-11-29T23:00:00.000Z', note: /Sunday or Saturday; such days in the 7 days after the alarm fall between Sat 28 Nov 2026 and Sun 29 Nov 2026; earlier matching days .* set aside/ },
    { title: 'no day after the alarm fits: the past ones, as a window (7-day alarms come for expired certificates too)', text: 'Mon N', urgency: 'week', alarmAt: '2026-12-10T08:00:00Z', zone: berlin, at: null, precision: 'window', earliest: '2007-11-04T23:00:00.000Z', latest: '2026-11-30T23:00:00.000Z', note: /no such day falls in the 7 days after the alarm, so the certificate had already expired/ },
    { title: 'less than a day, weekday cut to "Tu": that day, from the alarm on (nothing set aside)', text: 'Tu', urgency: 'day', alarmAt: '2026-11-24T08:04:01Z', zone: berlin, at: '2026-11-24T08:04:01.000Z', precision: 'inferred', earliest: '2026-11-24T08:04:01.000Z', latest: '2026-11-24T23:00:00.000Z', note: /^date inferred: .*Tue 24 Nov 2026 is the only such day in the alarm's window \(expires within a day after the alarm\)(?!.*set aside)/ },
    { title: 'month and day without a weekday: the one such day after the alarm, at its time', text: 'Nov 30 10:00:00:000 CET', urgency: 'week', alarmAt: '2026-11-24T08:00:00Z', at: '2026-11-30T09:00:00.000Z', precision: 'inferred', earliest: '2026-11-29T23:00:00.000Z', latest: '2026-11-30T23:00:00.000Z' },
    { title: 'a cut lone digit from 4 up is the whole day: full-date inference', text: 'Sat Oct 4', urgency: 'week', alarmAt: '2025-09-30T08:00:00Z', at: '2025-10-04T00:00:00.000Z', precision: 'inferred', note: /year 2025 inferred/ },
    { title: 'a weekday prefix no weekday has: window', text: 'Xy', urgency: 'week', alarmAt: '2025-10-06T18:00:02Z', at: null, precision: 'window' },
    { title: 'a weekday followed by no month: narrows nothing, window', text: 'Fri lorem ipsum', urgency: 'week', alarmAt: '2025-10-06T18:00:02Z', at: null, precision: 'window' },
    { title: 'cut date no day of the window fits (Feb 30-31): window', text: 'Mon Feb 3', urgency: 'day', alarmAt: '2026-02-28T08:00:00Z', at: null, precision: 'window', note: /no day in the alarm's window is a Monday numbered 3 or 30-31 in February/ },
    { title: 'nothing left: window', text: '', urgency: 'week', alarmAt: '2025-10-06T18:00:02Z', at: null, precision: 'window' },
    { title: 'hour cut ("0" of "09"): start of day, node zone', text: 'Fri Jul 18 0', urgency: 'week', alarmAt: '2025-07-14T02:00:00Z', zone: { kind: 'iana', name: 'America/New_York' }, at: '2025-07-18T04:00:00.000Z', precision: 'inferred', note: /time cut/ },
    { title: 'minutes cut', text: 'Fri Jun 06 10:1', urgency: 'week', alarmAt: '2025-06-02T02:00:01Z', zone: berlin, at: '2025-06-06T08:00:00.000Z', precision: 'inferred', note: /minutes cut/ },
    { title: 'DST: a cut CET/CEST date in summer resolved through the node zone', text: 'Fri Jul 18 12:00:00:000 CE', urgency: 'week', alarmAt: '2025-07-14T02:00:00Z', zone: berlin, at: '2025-07-18T10:00:00.000Z', precision: 'inferred' },
    { title: 'GMT at the very end could be cut from GMT+05:30: not trusted without a node zone', text: 'Fri Jul 18 12:00:00:000 GMT', urgency: 'week', alarmAt: '2025-07-14T02:00:00Z', at: '2025-07-18T12:00:00.000Z', precision: 'inferred', note: /zone cut to "GMT"; UTC assumed/ },
    { title: 'GMT+05:30 zone with year: exact', text: 'Fri Jul 18 12:00:00:000 GMT+05:30 2025', urgency: 'week', alarmAt: '2025-07-14T02:00:00Z', at: '2025-07-18T06:30:00.000Z', precision: 'exact' },
    { title: 'garbage', text: 'lorem ipsum dolor', urgency: 'week', alarmAt: '2025-07-14T02:00:00Z', at: null, precision: 'window' },
    { title: 'impossible date with year', text: 'Mon Feb 30 10:00:00:000 UTC 2026', urgency: 'week', alarmAt: '2026-02-25T00:00:00Z', at: null, precision: 'window' },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const alarmAt = new Date(c.alarmAt);
      const e = inferExpiry({ expirationText: c.text, urgency: c.urgency, alarmAt, nodeZone: c.zone ?? null });
      assert.equal(e.precision, c.precision, e.note);
      assert.equal(e.at, c.at, e.note);
      assert.equal(e.text, c.text);
      const w = alarmWindow(c.urgency, alarmAt);
      assert.equal(e.earliest, c.earliest ?? w.earliest.toISOString());
      assert.equal(e.latest, c.latest ?? w.latest.toISOString());
      assert.ok(e.note.length > 0);
      if (c.note) assert.match(e.note, c.note);
    });
  }
});

describe('alarmWindow', () => {
  const at = new Date('2026-11-24T08:00:00Z');
  const cases: [Urgency, string, string][] = [
    ['expired', '2006-11-24T08:00:00.000Z', '2026-11-24T08:00:00.000Z'],
    ['day', '2026-11-24T08:00:00.000Z', '2026-11-25T08:00:00.000Z'],
    ['week', '2006-11-24T08:00:00.000Z', '2026-12-01T08:00:00.000Z'],
    ['unknown', '2006-11-24T08:00:00.000Z', '2046-11-24T08:00:00.000Z'],
  ];
  for (const [u, earliest, latest] of cases) {
    test(u, () => {
      const w = alarmWindow(u, at);
      assert.equal(w.earliest.toISOString(), earliest);
      assert.equal(w.latest.toISOString(), latest);
    });
  }
});

describe('parseExpirationText', () => {
  test('full text', () => {
    const f = parseExpirationText('Mon May 19 14:46:05:123 CEST 2014');
    assert.deepEqual({ ...f, cut: [] }, { weekday: 1, month: 4, day: 19, weekdays: 1 << 1, months: 1 << 4, days: 1 << 18, hour: 14, minute: 46, second: 5, millisecond: 123, zoneToken: 'CEST', zoneComplete: true, year: 2014, cut: [] });
  });
  test('zone followed by a space is complete even if cut after it', () => {
    const f = parseExpirationText('Sun Mar 26 12:30:57:000 CEST ');
    assert.equal(f.zoneComplete, true);
    assert.equal(f.year, null);
  });
  test('cut zone', () => {
    const f = parseExpirationText('Sun Mar 26 12:30:59:000 CES');
    assert.equal(f.zoneComplete, false);
    assert.equal(f.zoneToken, 'CES');
  });
  test('ms cut is dropped, seconds kept', () => {
    const f = parseExpirationText('Sun Mar 26 12:30:59:0');
    assert.equal(f.second, 59);
    assert.equal(f.millisecond, null);
  });
  const cutDates: { text: string; weekdays: string; months: string; days: string; weekday: number | null; month: number | null; day: number | null }[] = [
    { text: 'Mon N', weekdays: 'Mon', months: 'Nov', days: 'all', weekday: 1, month: 10, day: null },
    { text: 'Wed Ju', weekdays: 'Wed', months: 'Jun Jul', days: 'all', weekday: 3, month: null, day: null },
    { text: 'Fri J', weekdays: 'Fri', months: 'Jan Jun Jul', days: 'all', weekday: 5, month: null, day: null },
    { text: 'Fri Oct 1', weekdays: 'Fri', months: 'Oct', days: '1 10 11 12 13 14 15 16 17 18 19', weekday: 5, month: 9, day: null },
    { text: 'Fri Nov 3', weekdays: 'Fri', months: 'Nov', days: '3 30 31', weekday: 5, month: 10, day: null },
    { text: 'Fri Nov 0', weekdays: 'Fri', months: 'Nov', days: '1 2 3 4 5 6 7 8 9', weekday: 5, month: 10, day: null },
    { text: 'Fri Nov 7', weekdays: 'Fri', months: 'Nov', days: '7', weekday: 5, month: 10, day: 7 },
    { text: 'T', weekdays: 'Tue Thu', months: 'all', days: 'all', weekday: null, month: null, day: null },
    { text: 'Fri ', weekdays: 'Fri', months: 'all', days: 'all', weekday: 5, month: null, day: null },
    { text: 'Xy', weekdays: 'all', months: 'all', days: 'all', weekday: null, month: null, day: null },
    { text: 'Fri lorem', weekdays: 'all', months: 'all', days: 'all', weekday: null, month: null, day: null },
    { text: 'Fri Zz', weekdays: 'all', months: 'all', days: 'all', weekday: null, month: null, day: null },
  ];
  const names = (mask: number, all: number, list: readonly string[]): string =>
    mask === all ? 'all' : list.filter((_, i) => ((mask >>> i) & 1) === 1).join(' ');
  for (const c of cutDates) {
    test(`cut date "${c.text}" keeps what survives`, () => {
      const f = parseExpirationText(c.text);
      assert.equal(names(f.weekdays, 0x7f, ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']), c.weekdays);
      assert.equal(names(f.months, 0xfff, ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']), c.months);
      assert.equal(names(f.days, 0x7fffffff, Array.from({ length: 31 }, (_, i) => String(i + 1))), c.days);
      assert.deepEqual([f.weekday, f.month, f.day], [c.weekday, c.month, c.day]);
    });
  }
  test('a very long text is bounded', () => {
    const f = parseExpirationText('Mon May 19 14:46:05:123 CEST 2014 ' + 'x '.repeat(100000));
    assert.equal(f.year, 2014);
  });
});
