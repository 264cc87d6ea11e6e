// The one factory for BullMQ queues: our prefix, a connection chosen by the caller, and errors logged by name.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { BULL_PREFIX } from '../redis/keys.js';
import { QUEUES } from './names.js';

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export function openQueue(name: QueueName, connection: Redis, logger: Logger): Queue {
  const queue = new Queue(name, { prefix: BULL_PREFIX, connection });
  // Connection errors are the connection's to report (and reconnect); here they are only noted.
  queue.on('error', (error) =>
    logger.debug({ event: 'QueueError', queue: name, err: error.message }, 'queue connection error'),
  );
  return queue;
}
