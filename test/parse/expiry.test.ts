import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Urgency } from '../../src/domain/certificate-event.js';
import { alarmWindow, inferExpiry } from '../../src/parse/expiry.js';
import { parseExpirationText } from '../../src/parse/expiration-text.js';
import type { ZoneRef } from '../../src/parse/zones.js';

describe('inferExpiry', () => {
  const berlin: ZoneRef = { kind: 'iana', name: 'Europe/Berlin' };
  const cases: { title: string; text: string; urgency: Urgency; alarmAt: string; zone?: ZoneRef; at: string | null; precision: string; note?: RegExp }[] = [
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
    { title: 'day cut (one digit, no space after it): window', text: 'Fri Oct 1', urgency: 'week', alarmAt: '2025-10-06T18:00:01Z', at: null, precision: 'window', note: /day cut/ },
    { title: 'unpadded day followed by a space is complete', text: 'Fri Oct 3 09:00:00:000 UTC', urgency: 'week', alarmAt: '2025-09-30T18:00:01Z', at: '2025-10-03T09:00:00.000Z', precision: 'inferred' },
    { title: 'month cut: window', text: 'Wed Ju', urgency: 'expired', alarmAt: '2025-10-06T18:00:02Z', at: null, precision: 'window' },
    { title: 'weekday cut: window', text: 'We', urgency: 'expired', alarmAt: '2025-10-06T18:00:02Z', at: null, precision: 'window' },
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
      assert.equal(e.earliest, w.earliest.toISOString());
      assert.equal(e.latest, w.latest.toISOString());
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
    assert.deepEqual({ ...f, cut: [] }, { weekday: 1, month: 4, day: 19, hour: 14, minute: 46, second: 5, millisecond: 123, zoneToken: 'CEST', zoneComplete: true, year: 2014, cut: [] });
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
  test('a very long text is bounded', () => {
    const f = parseExpirationText('Mon May 19 14:46:05:123 CEST 2014 ' + 'x '.repeat(100000));
    assert.equal(f.year, 2014);
  });
});
