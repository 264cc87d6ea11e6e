// Adds accepted certificate events to the events queue, one job per accepted event id.
import type { Queue } from 'bullmq';
import { EVENT_JOB_OPTIONS, type EventJobData } from './jobs.js';
import { JOBS, jobIds } from './names.js';

export interface EventToAdd {
  accepted: EventJobData;
  /** The second lane (a source over its fair share) is a BullMQ priority: such jobs run only when no first-lane job
   * waits. */
  lane: 'first' | 'second';
}

export interface EventProducer {
  /**
   * Adds the events in one round trip (a pipeline); resolves once Redis holds every job (a re-add of the same event
   * id resolves without a second job), rejects when any add failed (the others may have landed: a later re-add of
   * them is recognised by the job id).
   */
  addMany(events: readonly EventToAdd[]): Promise<unknown>;
}

export function createEventProducer(queue: Queue): EventProducer {
  return {
    addMany: (events) => queue.addBulk(events.map(({ accepted, lane }) => ({
      name: JOBS.certificateEvent,
      data: accepted,
      opts: { ...EVENT_JOB_OPTIONS, jobId: jobIds.event(accepted.id), ...(lane === 'second' ? { priority: 1 } : {}) },
    }))),
  };
}
