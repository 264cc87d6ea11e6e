// One certwatch installation for an end-to-end mail test: a real redis-server of its own, a real SMTP sink, and
// certwatch (every role, in this test process) mailing through it, with its mail queue to wait on.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX } from '../../src/redis/keys.js';
import { startTestService, type TestService } from './in-process.js';
import { waitForMailQueueIdle } from './mail-queue.js';
import { startTestRedis, type TestRedis } from './redis-server.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export interface MailInstallation {
  redis: TestRedis;
  smtp: SmtpSink;
  service: TestService;
  /** Resolves once no mail job is waiting, delayed or running: no further mail can arrive after that. */
  mailIdle(timeoutMs?: number): Promise<void>;
  /** Stops certwatch first (it holds connections to the other two), then the sink and Redis. */
  stop(): Promise<void>;
}

/** `env`: certwatch's settings besides REDIS_URL and SMTP_URL, which point at this installation's Redis and sink. */
export async function startMailInstallation(env: Record<string, string>): Promise<MailInstallation> {
  const redis = await startTestRedis();
  const smtp = await startSmtpSink();
  let service: TestService;
  try {
    service = await startTestService({ REDIS_URL: redis.url, SMTP_URL: smtp.url, ...env });
  } catch (error) {
    // A suite's `after` never sees an installation that failed to start: nothing may be left running.
    await smtp.close();
    await redis.stop();
    throw error;
  }
  // The test's own connection for the queue: certwatch's connections close with it.
  const client = new Redis(redis.url);
  const mailQueue = new Queue(QUEUES.mail, { connection: client, prefix: BULL_PREFIX });
  return {
    redis,
    smtp,
    service,
    mailIdle: (timeoutMs) => waitForMailQueueIdle(mailQueue, timeoutMs),
    async stop() {
      await service.stop();
      await mailQueue.close();
      client.disconnect();
      await smtp.close();
      await redis.stop();
    },
  };
}
