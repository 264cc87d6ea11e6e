// One scenario's world: a fresh DATA_DIR, a real redis-server (external, or the service's own embedded one), a real
// SMTP sink, and certwatch as a child process, with its resident memory sampled throughout. Ends with `settle`: wait
// until every accepted alarm is ticketed and mailed (or the bound runs out), then keep the books.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { QUEUES } from '../../src/queue/names.js';
import { startCertwatchProcess, type CertwatchProcess } from '../../test/support/certwatch-process.js';
import { parseExposition, sumSamples } from '../../test/support/metrics.js';
import { sampleRss, type RssSampler } from '../../test/support/process-rss.js';
import { startTestRedis, type TestRedis } from '../../test/support/redis-server.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../test/support/smtp-sink.js';
import { waitFor } from '../../test/support/wait-for.js';
import { keepBooks, type Books } from './accounting.js';
import { acceptedAlarms, composedRecords, deliveredMails, listedTickets, pendingJobs } from './observe.js';

export const RECEIVER = 'ops@example.net';

export interface StageOptions {
  redis: 'external' | 'embedded';
  /** Settings for the service on top of the suite's (short grouping window and retry delays). */
  env?: Record<string, string>;
}

export interface Row extends Books {
  scenario: string;
  sent: number;
  rssPeakBytes: number;
  /** From the end of the fault (or the last alarm sent) until the books balanced; null when they never did. */
  recoveryMs: number | null;
  notes: string[];
  /** What the scenario itself found wrong beyond the books (a 500 answer, a process that exited). */
  failures: string[];
}

export interface Stage {
  dataDir: string;
  service(): CertwatchProcess;
  /** The external redis-server, for freezing and killing (null with the embedded one). */
  externalRedis: TestRedis | null;
  smtp(): SmtpSink;
  /** Takes the SMTP relay down: its listener closed, its connections cut. */
  smtpDown(): Promise<void>;
  smtpUp(): Promise<void>;
  /** kill -9 the service and start it again on the same data. */
  kill9AndRestart(): Promise<void>;
  /** A client of the Redis the service uses (reconnects by itself across outages). */
  redis(): Redis;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  /** The service's peak RSS so far, in bytes (to tell a peak during the fault from one while catching up). */
  rssPeakSoFar(): number;
  /**
   * Waits (at most `boundMs`) until the queues are idle and every accepted alarm is ticketed and delivered, plus a
   * short quiet time for late copies; then keeps the books. `faultEndedAt`: when the fault was lifted.
   */
  settle(scenario: string, sent: number, faultEndedAt: number, boundMs: number): Promise<Row>;
  close(): Promise<void>;
}

/** Suite defaults: mails soon after the alarm, quick retries, a crashed worker's cluster lock freed soon. */
const SUITE_ENV = {
  MAIL_TO: RECEIVER,
  MAIL_GROUP_WINDOW_MS: '500',
  MAIL_RETRY_BASE_MS: '500',
  MAIL_RETRY_ATTEMPTS: '20',
  MAIL_LOCK_MS: '3000',
  LOG_LEVEL: 'info',
};

const STOP_BOUND_MS = 30_000;

/** After the books first balance, how long to keep watching for a late second copy of a mail. */
const QUIET_MS = 3000;

export async function openStage(options: StageOptions): Promise<Stage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cw-chaos-'));
  const externalRedis = options.redis === 'external' ? await startTestRedis() : null;
  let sink = await startSmtpSink();
  const smtpPort = sink.port;
  const mails: ReceivedMail[][] = [sink.received];
  const env: Record<string, string> = {
    ...SUITE_ENV,
    DATA_DIR: dataDir,
    SMTP_URL: sink.url,
    ...(externalRedis ? { REDIS_URL: externalRedis.url } : {}),
    ...options.env,
  };
  let service = await startCertwatchProcess(env);
  const rss: RssSampler = sampleRss(() => service.child.pid);
  let client: Redis | null = null;

  function redis(): Redis {
    if (client) return client;
    if (externalRedis) {
      client = new Redis(externalRedis.url, { maxRetriesPerRequest: null });
    } else {
      const started = service.logs.find((l) => l.event === 'EmbeddedRedisStarted') as { path?: string; url?: string } | undefined;
      if (!started) throw new Error('the service logged no EmbeddedRedisStarted');
      client = started.path ? new Redis({ path: started.path, maxRetriesPerRequest: null }) : new Redis(started.url!, { maxRetriesPerRequest: null });
    }
    client.on('error', () => undefined);
    return client;
  }

  async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const { body } = await service.api<string>('/metrics');
    return sumSamples(parseExposition(String(body)), name, labels);
  }

  /** One look at the books, or null while queues still have work (a busy queue can still change the figures). */
  async function look(): Promise<Books | null> {
    const r = redis();
    if ((await pendingJobs(r, QUEUES.events)) > 0 || (await pendingJobs(r, QUEUES.mail)) > 0) return null;
    const [accepted, tickets, records] = await Promise.all([acceptedAlarms(r, dataDir), listedTickets(service.api), composedRecords(r)]);
    return keepBooks({ accepted, tickets, records, mails: deliveredMails(mails.flat()), receivers: [RECEIVER] });
  }

  const balanced = (b: Books | null) => b !== null && b.lost === 0;

  return {
    dataDir,
    service: () => service,
    externalRedis,
    smtp: () => sink,
    async smtpDown() {
      await sink.crash();
    },
    async smtpUp() {
      sink = await startSmtpSink(smtpPort);
      mails.push(sink.received);
    },
    async kill9AndRestart() {
      await service.kill9();
      service = await startCertwatchProcess(env);
      if (!externalRedis) {
        // The restarted service started its own redis-server again: connect to that one.
        client?.disconnect();
        client = null;
      }
    },
    redis,
    metric,
    rssPeakSoFar: () => rss.peakBytes(),
    async settle(scenario, sent, faultEndedAt, boundMs) {
      let books: Books | null = null;
      let recoveryMs: number | null = null;
      try {
        await waitFor('the books to balance', async () => balanced((books = await look())), boundMs, 1000);
        recoveryMs = Date.now() - faultEndedAt;
        await new Promise((r) => setTimeout(r, QUIET_MS));
      } catch {
        /* the bound ran out: the books say what is missing */
      }
      books = (await waitFor('idle queues', look, 30_000, 1000).catch(() => null)) ?? books;
      if (!books) throw new Error(`${scenario}: the queues never went idle; no books`);
      return { scenario, sent, ...books, rssPeakBytes: rss.peakBytes(), recoveryMs, notes: [], failures: [] };
    },
    async close() {
      rss.stop();
      client?.disconnect();
      // A service that does not stop within its own shutdown deadlines is killed (and the row already says so).
      const stopped = service.stop().catch(() => undefined);
      const late = await Promise.race([stopped.then(() => false), new Promise((r) => setTimeout(r, STOP_BOUND_MS, true).unref())]);
      if (late) await service.kill9();
      await sink.crash().catch(() => undefined);
      if (externalRedis) {
        externalRedis.thaw();
        await externalRedis.kill();
      }
    },
  };
}

/** The pid in the embedded Redis's pid file (to kill it under the service). */
export function embeddedRedisPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
}
