// Reads what really happened, for the books: accepted events from the events queue in Redis (and any the disk
// spool still holds), tickets from GET /api/v1/expiries, composed-mail records from Redis, mails from the SMTP sink.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AcceptedEvent } from '../../src/accept/accepted-event.js';
import { QUEUES } from '../../src/queue/names.js';
import { BULL_PREFIX, redisKeys } from '../../src/redis/keys.js';
import { ticketIdsOf } from '../../test/support/mail-tickets.js';
import type { ReceivedMail } from '../../test/support/smtp-sink.js';
import type { AcceptedAlarm, ComposedRecord, DeliveredMail, ListedTicket } from './accounting.js';

const PAGE = 1000;
const EVERY_STATE = ['completed', 'failed', 'waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

const alarmOf = (e: AcceptedEvent): AcceptedAlarm => ({ eventId: e.id, node: e.event.node, unit: e.event.unit, certificate: e.event.certificate });

/** Every accepted event: the jobs of the events queue in any state, plus lines of the spool not replayed yet. */
export async function acceptedAlarms(redis: Redis, dataDir: string): Promise<AcceptedAlarm[]> {
  const queue = new Queue(QUEUES.events, { connection: redis, prefix: BULL_PREFIX });
  queue.on('error', () => undefined);
  const byId = new Map<string, AcceptedAlarm>();
  try {
    for (let start = 0; ; start += PAGE) {
      const jobs = await queue.getJobs([...EVERY_STATE], start, start + PAGE - 1, true);
      for (const job of jobs) if (job?.data) byId.set(job.data.id, alarmOf(job.data as AcceptedEvent));
      if (jobs.length < PAGE) break;
    }
  } finally {
    await queue.close();
  }
  const spool = join(dataDir, 'spool');
  if (existsSync(spool)) {
    for (const file of readdirSync(spool).filter((f) => f.endsWith('.jsonl'))) {
      let text = '';
      try {
        text = readFileSync(join(spool, file), 'utf8');
      } catch {
        continue; // /dev/full and friends: nothing to read
      }
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
        const event = JSON.parse(line) as AcceptedEvent;
        byId.set(event.id, alarmOf(event));
      }
    }
  }
  return [...byId.values()];
}

/** Jobs of a queue that may still run (an idle queue adds no more tickets or mails). */
export async function pendingJobs(redis: Redis, queueName: string): Promise<number> {
  const queue = new Queue(queueName, { connection: redis, prefix: BULL_PREFIX });
  queue.on('error', () => undefined);
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
  }
}

/** Every ticket, page after page (the listing is paged: `next` is the offset of the following page, null at the end). */
export async function listedTickets(api: <T>(path: string) => Promise<{ status: number; body: T }>): Promise<ListedTicket[]> {
  const tickets: ListedTicket[] = [];
  for (let offset: number | null = 0; offset !== null;) {
    const { status, body }: { status: number; body: { items: ListedTicket[]; next: number | null } } = await api(`/api/v1/expiries?offset=${offset}`);
    if (status !== 200) throw new Error(`GET /api/v1/expiries answered ${status}`);
    tickets.push(...body.items);
    offset = body.next;
  }
  return tickets;
}

export async function composedRecords(redis: Redis): Promise<ComposedRecord[]> {
  const records: ComposedRecord[] = [];
  const pattern = redisKeys.mailRecord('*');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length === 0) continue;
    for (const raw of await redis.mget(keys)) {
      if (!raw) continue;
      const record = JSON.parse(raw) as { mail: { messageId: string }; members: ComposedRecord['members'] };
      records.push({ messageId: record.mail.messageId, members: record.members });
    }
  } while (cursor !== '0');
  return records;
}

export function deliveredMails(received: readonly ReceivedMail[]): DeliveredMail[] {
  return received.map((m) => ({
    messageId: m.parsed.messageId ? `<${m.parsed.messageId.replace(/^<|>$/g, '')}>` : '',
    ticketIds: ticketIdsOf(m),
    receivers: m.envelopeTo,
  }));
}
