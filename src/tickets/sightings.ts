// Several sightings of one certificate's alarm folded into one event (a flood of repeats is persisted and decided as
// one; see accept/repeat-fold.ts). They differ only in alarm time; the ticket counts them as it would one by one.

export interface Sightings {
  /** Sightings folded in, counting a run of equal alarm times once (as the duplicate-alarm rule would). */
  count: number;
  /** Alarm time of the first folded sighting: it is the one compared with the ticket's latest alarm. */
  firstAlarmAt: string;
  /** Latest alarm time among them (the event itself carries the last sighting's). */
  latestAlarmAt: string;
}

/** The sightings of one event on its own. */
export function singleSighting(alarmAt: string): Sightings {
  return { count: 1, firstAlarmAt: alarmAt, latestAlarmAt: alarmAt };
}

/** Adds one more sighting (arriving after those already folded). */
export function addSighting(folded: Sightings, previousAlarmAt: string, alarmAt: string): Sightings {
  return {
    count: folded.count + (alarmAt === previousAlarmAt ? 0 : 1),
    firstAlarmAt: folded.firstAlarmAt,
    latestAlarmAt: Date.parse(alarmAt) > Date.parse(folded.latestAlarmAt) ? alarmAt : folded.latestAlarmAt,
  };
}
