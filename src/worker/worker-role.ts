// The worker role: BullMQ workers for certificate events, plan mails and the periodic tick.
import { DelayedError, Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { BULL_PREFIX } from '../redis/keys.js';
import { QUEUES, TICK_SCHEDULER_ID, JOBS } from '../queue/names.js';
import type { EventJobData, MailJobData, NodeSilenceMailJobData } from '../queue/jobs.js';
import { MailLockBusyError } from './mail-processor.js';

export interface WorkerRoleDeps {
  connection: () => Redis;
  processEvent: (accepted: EventJobData) => Promise<unknown>;
  processMailJob: (jobId: string, data: MailJobData, now: Date) => Promise<string>;
  /** The mail queue's node-silence jobs (JOBS.nodeSilenceMail). */
  processNodeSilenceMail: (jobId: string, data: NodeSilenceMailJobData, now: Date) => Promise<string>;
  processTick: (now: Date) => Promise<unknown>;
  tickQueue: Queue;
  mailQueue: Queue;
  tickIntervalMs: number;
  metrics: Metrics;
  logger: Logger;
}

export interface WorkerRole {
  isRunning(): boolean;
  close(): Promise<void>;
}

export async function startWorkerRole(deps: WorkerRoleDeps): Promise<WorkerRole> {
  const { logger } = deps;
  // A job whose worker died (kill -9) is taken up again after its lock lapses and the next stalled check: 15 s and
  // every 10 s, instead of BullMQ's 30 s and 30 s, so a crash delays a cluster's mail by MAIL_LOCK_MS, not a minute
  // more. A live worker renews its locks every 7.5 s; a job taken up twice is harmless (events are applied once per
  // event id, a ticket revision is in exactly one composed mail).
  const common = { prefix: BULL_PREFIX, autorun: true, lockDuration: 15_000, stalledInterval: 10_000 } as const;

  const events = new Worker<EventJobData>(
    QUEUES.events,
    async (job) => deps.processEvent(job.data),
    // One at a time: decisions see a ticket's alarms in arrival order (certificate alarms are few; order matters more).
    { ...common, connection: deps.connection(), concurrency: 1 },
  );
  const mails = new Worker<MailJobData | NodeSilenceMailJobData>(
    QUEUES.mail,
    async (job: Job<MailJobData | NodeSilenceMailJobData>, token?: string) => {
      if (job.name === JOBS.nodeSilenceMail) {
        return deps.processNodeSilenceMail(job.id!, job.data as NodeSilenceMailJobData, new Date());
      }
      try {
        return await deps.processMailJob(job.id!, job.data as MailJobData, new Date());
      } catch (error) {
        if (error instanceof MailLockBusyError && token) {
          // Another worker is mailing this cluster right now: look again shortly, without spending an attempt.
          await job.moveToDelayed(Date.now() + 1_000, token);
          throw new DelayedError();
        }
        throw error;
      }
    },
    { ...common, connection: deps.connection(), concurrency: 2 },
  );
  const ticks = new Worker(QUEUES.tick, async () => deps.processTick(new Date()), {
    ...common,
    connection: deps.connection(),
    concurrency: 1,
  });

  for (const [name, worker] of [['events', events], ['mail', mails], ['tick', ticks]] as const) {
    worker.on('failed', (job, error) => {
      logger.warn(
        { event: 'JobFailed', queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error.message },
        `${name} job failed`,
      );
    });
    worker.on('error', (error) =>
      logger.error({ event: 'WorkerError', queue: name, err: error.message }, `${name} worker error`),
    );
  }
  await deps.tickQueue.upsertJobScheduler(TICK_SCHEDULER_ID, { every: deps.tickIntervalMs }, { name: JOBS.tick });
  await Promise.all([events.waitUntilReady(), mails.waitUntilReady(), ticks.waitUntilReady()]);
  logger.info({ event: 'WorkerStarted' }, 'worker started (events, mail, tick)');

  const refreshFailed = setInterval(() => {
    deps.mailQueue.getFailedCount().then(
      (n) => deps.metrics.jobsFailed.set(n),
      (error: Error) =>
        logger.debug(
          { event: 'FailedJobCountUnavailable', err: error.message },
          'could not count failed mail jobs (Redis away?)',
        ),
    );
  }, 15_000);
  refreshFailed.unref();

  let running = true;
  return {
    isRunning: () => running && events.isRunning() && mails.isRunning(),
    async close() {
      running = false;
      clearInterval(refreshFailed);
      // Worker.close() waits for the jobs in progress: a mail being sent finishes and is recorded first.
      await Promise.all([events.close(), mails.close(), ticks.close()]);
      logger.info({ event: 'WorkerStopped' }, 'worker stopped');
    },
  };
}
