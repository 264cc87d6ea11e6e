// Maintenance windows (issue 10): the next window in its own zone across clock changes, the last one before a
// deadline, and plans that date their steps in the inventory's windows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MaintenanceWindow } from '../../src/domain/cluster.js';
import { durationMs, lastWindowBetween, nextWindow } from '../../src/plan/build/windows.js';
import { scheduleStages } from '../../src/plan/build/schedule.js';
import { buildPlan, renderPlanText } from '../../src/plan/index.js';
import { parseClusters } from '../../src/config/load-clusters.js';
import { loadSampleCluster, target, NOW } from './fixtures.js';

const TUESDAY_NIGHT: MaintenanceWindow[] = [{ weekday: 'Tue', start: '22:00', duration: '4h' }];
const at = (iso: string): number => Date.parse(iso);
const span = (s: { start: number; end: number } | null): [string, string] | null =>
  s && [new Date(s.start).toISOString(), new Date(s.end).toISOString()];

describe('the next window', () => {
  const cases: {
    title: string;
    windows: MaintenanceWindow[];
    from: string;
    zone: string;
    expected: [string, string];
  }[] = [
    {
      title: 'Tuesday 22:00 in Berlin winter time is 21:00 UTC',
      windows: TUESDAY_NIGHT,
      from: '2026-11-27T09:00:00Z',
      zone: 'Europe/Berlin',
      expected: ['2026-12-01T21:00:00.000Z', '2026-12-02T01:00:00.000Z'],
    },
    {
      title: 'after the spring clock change it is 20:00 UTC',
      windows: TUESDAY_NIGHT,
      from: '2026-03-25T09:00:00Z',
      zone: 'Europe/Berlin',
      expected: ['2026-03-31T20:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    },
    {
      title: 'a window that starts at that very instant is taken',
      windows: TUESDAY_NIGHT,
      from: '2026-03-31T20:00:00Z',
      zone: 'Europe/Berlin',
      expected: ['2026-03-31T20:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    },
    {
      title: "one that has started is not: the next week's is",
      windows: TUESDAY_NIGHT,
      from: '2026-03-31T20:00:01Z',
      zone: 'Europe/Berlin',
      expected: ['2026-04-07T20:00:00.000Z', '2026-04-08T00:00:00.000Z'],
    },
    {
      title: 'a time the clock change skips is read after the change',
      windows: [{ weekday: 'Sun', start: '02:30', duration: '1h' }],
      from: '2026-03-27T00:00:00Z',
      zone: 'Europe/Berlin',
      expected: ['2026-03-29T01:30:00.000Z', '2026-03-29T02:30:00.000Z'],
    },
    {
      title: "the window's own zone wins over the cluster's",
      windows: [{ weekday: 'Mon', start: '23:30', duration: '90m', timeZone: 'Asia/Kolkata' }],
      from: '2026-11-27T09:00:00Z',
      zone: 'UTC',
      expected: ['2026-11-30T18:00:00.000Z', '2026-11-30T19:30:00.000Z'],
    },
    {
      title: 'of several windows the earliest',
      windows: [...TUESDAY_NIGHT, { weekday: 'Sat', start: '06:00', duration: '2h30m' }],
      from: '2026-11-27T09:00:00Z',
      zone: 'Europe/Berlin',
      expected: ['2026-11-28T05:00:00.000Z', '2026-11-28T07:30:00.000Z'],
    },
  ];
  for (const c of cases) {
    test(c.title, () => assert.deepEqual(span(nextWindow(c.windows, at(c.from), c.zone)), c.expected));
  }
  test('no windows, no window', () => assert.equal(nextWindow([], at('2026-11-27T09:00:00Z'), 'UTC'), null));
  test('durations', () =>
    assert.deepEqual(['4h', '90m', '2h30m'].map(durationMs), [4 * 3_600_000, 90 * 60_000, 150 * 60_000]));
  test('the last window that ends before a deadline', () => {
    assert.deepEqual(
      span(lastWindowBetween(TUESDAY_NIGHT, at('2026-11-27T09:00:00Z'), at('2026-12-20T00:00:00Z'), 'Europe/Berlin')),
      ['2026-12-15T21:00:00.000Z', '2026-12-16T01:00:00.000Z'],
    );
    // The window of 15 Dec ends at 01:00 UTC on the 16th: a deadline at 00:30 leaves only the week before.
    assert.deepEqual(
      span(
        lastWindowBetween(TUESDAY_NIGHT, at('2026-11-27T09:00:00Z'), at('2026-12-16T00:30:00Z'), 'Europe/Berlin'),
      )?.[0],
      '2026-12-08T21:00:00.000Z',
    );
    assert.equal(
      lastWindowBetween(TUESDAY_NIGHT, at('2026-11-27T09:00:00Z'), at('2026-12-01T22:00:00Z'), 'Europe/Berlin'),
      null,
    );
  });
});

describe('steps dated in the windows', () => {
  const now = new Date('2026-11-27T09:00:00Z');
  const cert = (expiresAt: string) => [{ ...target('CallManager'), expiresAt }];
  test('anchor steps a gap apart, each in the first window from its day; other steps in the next window', () => {
    const slots = scheduleStages(
      [
        { anchor: true, targets: [] },
        { anchor: false, targets: [] },
        { anchor: true, targets: [] },
      ],
      now,
      7,
      'Europe/Berlin',
      TUESDAY_NIGHT,
    );
    assert.deepEqual(
      slots.map((s) => s.window?.start),
      ['2026-12-01T21:00:00.000Z', '2026-12-08T21:00:00.000Z', '2026-12-15T21:00:00.000Z'],
    );
    assert.deepEqual(
      slots.map((s) => s.date),
      ['2026-12-01', '2026-12-08', '2026-12-15'],
    );
  });
  test('a step whose certificate expires before its window takes an earlier one after the step before it', () => {
    const slots = scheduleStages(
      [
        { anchor: true, targets: [] },
        { anchor: false, targets: [] },
        { anchor: true, targets: cert('2026-12-12T00:00:00Z') },
      ],
      now,
      14,
      'Europe/Berlin',
      [...TUESDAY_NIGHT, { weekday: 'Thu', start: '22:00', duration: '2h' }],
    );
    assert.deepEqual(
      slots.map((s) => s.window?.start),
      ['2026-12-01T21:00:00.000Z', '2026-12-03T21:00:00.000Z', '2026-12-10T21:00:00.000Z'],
    );
    assert.match(slots[2]!.pulledEarlier ?? '', /window of 2026-12-10/);
    assert.equal(slots[2]!.late, false);
  });
  test('with no window left before the expiry the step is late', () => {
    const slots = scheduleStages(
      [
        { anchor: true, targets: [] },
        { anchor: true, targets: cert('2026-12-05T00:00:00Z') },
      ],
      now,
      7,
      'Europe/Berlin',
      TUESDAY_NIGHT,
    );
    assert.deepEqual([slots[1]!.late, slots[1]!.pulledEarlier], [true, null]);
  });
  test('without windows a step has a day and no window (as before)', () => {
    assert.deepEqual(
      scheduleStages([{ anchor: true, targets: [] }], now, 7, 'UTC').map((s) => [s.date, s.window]),
      [['2026-11-27', null]],
    );
  });
});

describe('the inventory\'s windows in a plan', () => {
  test('the plan\'s steps carry their window, and the text says it in the cluster\'s zone with UTC', () => {
    // lab15's nodes are in Sydney; the window is Berlin's Tuesday night, which is Wednesday morning there.
    const cluster = {
      ...loadSampleCluster('lab15'),
      maintenanceWindows: [{ ...TUESDAY_NIGHT[0]!, timeZone: 'Europe/Berlin' }],
    };
    const plan = buildPlan({ cluster, targets: [target('CallManager')], now: NOW });
    assert.deepEqual(plan.stages[0]!.window, { start: '2026-11-24T21:00:00.000Z', end: '2026-11-25T01:00:00.000Z' });
    assert.match(
      renderPlanText(plan).replace(/\s+/g, ' '),
      /Window: 2026-11-25 08:00 AEDT \(2026-11-24 21:00 UTC\) to 2026-11-25 12:00 AEDT \(01:00 UTC\)/,
    );
  });
  test('the inventory checks every window field and names each problem', () => {
    const yaml =
      'clusters:\n  - id: lab\n    maintenanceWindows:\n      - { weekday: Tuesday, start: "25:00", duration: 4 hours, timeZone: Mars/Base }\n';
    const r = parseClusters(yaml, 'w.yaml');
    assert.equal(r.ok, false);
    const problems = r.ok ? [] : r.problems.join('\n');
    for (const field of ['weekday', 'start', 'duration', 'timeZone']) {
      assert.match(
        String(problems),
        new RegExp(`maintenanceWindows\\[0\\]\\.${field}|maintenanceWindows/0/${field}`),
        field,
      );
    }
  });
});
