import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVersion, versionBand, versionInRange } from '../../src/plan/version.js';

describe('parseVersion / versionBand', () => {
  const cases: { title: string; text: string; band: string; major: number; minor: number; su: number }[] = [
    { title: '11.5 with SU', text: '11.5(1)SU3', band: '11.5', major: 11, minor: 5, su: 3 },
    { title: '12.5 with SU6', text: '12.5(1)SU6', band: '12.5', major: 12, minor: 5, su: 6 },
    { title: '14 with SU, no minor', text: '14SU2', band: '14', major: 14, minor: 0, su: 2 },
    { title: 'bare 14', text: '14', band: '14', major: 14, minor: 0, su: 0 },
    { title: 'bare 15', text: '15', band: '15', major: 15, minor: 0, su: 0 },
    { title: 'build number form', text: '12.5.1.16900-48', band: '12.5', major: 12, minor: 5, su: 0 },
    { title: '10.0', text: '10.0(1)', band: '10.0', major: 10, minor: 0, su: 0 },
    { title: '9.1 into the 8-9 band', text: '9.1(2)SU2a', band: '8.x-9.x', major: 9, minor: 1, su: 2 },
  ];
  for (const c of cases) {
    test(c.title, () => {
      const v = parseVersion(c.text);
      assert.equal(v.known, true);
      assert.deepEqual([v.major, v.minor, v.su], [c.major, c.minor, c.su]);
      assert.equal(versionBand(v), c.band);
    });
  }
  for (const text of ['unknown', '', 'garbage', '99']) {
    test(`"${text}" is unknown`, () => {
      const v = parseVersion(text);
      assert.equal(v.known, false);
      assert.equal(versionBand(v), 'unknown');
    });
  }
});

describe('versionInRange', () => {
  const cases: { title: string; v: string; range: { from?: string; to?: string }; want: 'yes' | 'no' | 'unknown' }[] = [
    {
      title: '12.0 SU2 is within "to 12.0" (a bound without SU covers every SU)',
      v: '12.0(1)SU2',
      range: { to: '12.0' },
      want: 'yes',
    },
    { title: '12.5 is past 12.0', v: '12.5(1)', range: { to: '12.0' }, want: 'no' },
    { title: '14 is before 14SU1', v: '14', range: { from: '14SU1' }, want: 'no' },
    { title: '14SU2 is from 14SU1', v: '14SU2', range: { from: '14SU1' }, want: 'yes' },
    { title: '14SU2 within exactly 14SU2', v: '14SU2', range: { from: '14SU2', to: '14SU2' }, want: 'yes' },
    { title: '14SU3 not within exactly 14SU2', v: '14SU3', range: { from: '14SU2', to: '14SU2' }, want: 'no' },
    { title: '11.5 is within 8.0-11.5', v: '11.5(1)SU9', range: { from: '8.0', to: '11.5' }, want: 'yes' },
    { title: 'unknown stays unknown', v: 'unknown', range: { from: '14' }, want: 'unknown' },
  ];
  for (const c of cases) test(c.title, () => assert.equal(versionInRange(parseVersion(c.v), c.range), c.want));
});
