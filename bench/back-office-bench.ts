// The back-office benchmark (`npm run bench -- --back-office`, or BENCH_MODE=back-office): seeds N tickets over M
// clusters through the real ingest path (one certificate alarm per ticket, over UDP into the running service, each
// naming a new certificate), lets the mails they cause go out, then times what the back office does with that many
// tickets: a tick (the first after the seeding, which every seeded ticket's mail record made due, and a steady one),
// a mail job (one new alarm in a cluster -> its ticket -> its mail), and GET /api/v1/expiries. CPU is utime + stime
// of the service process and its child processes (a worker of its own) from /proc/<pid>/stat around each operation
// (clock ticks: 10 ms steps), wall time beside.
//
// Environment: BENCH_BACK_OFFICE_TICKETS (default 1000,10000; the short version: BENCH_BACK_OFFICE_TICKETS=1000),
// BENCH_BACK_OFFICE_CLUSTERS (100), BENCH_BACK_OFFICE_REPEAT (each operation's runs, 5), BENCH_BACK_OFFICE_ROOT
// (another checkout to run), BENCH_RESULTS, BENCH_README=0.
import { createSocket } from 'node:dgram';
import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import { JOBS, QUEUES } from '../src/queue/names.js';
import { BULL_PREFIX, redisKeys } from '../src/redis/keys.js';
import { certAlarmLine } from '../test/support/alarm-lines.js';
import { startTestRedis } from '../test/support/redis-server.js';
import { waitFor } from '../test/support/wait-for.js';
import { nodesOf, startBackOfficeService, type BackOfficeService } from './back-office-service.js';
import { cpuSeconds, memory } from './proc-stat.js';

const HOST = '127.0.0.1';
const env = process.env;
const SIZES = (env.BENCH_BACK_OFFICE_TICKETS ?? '1000,10000').split(',').map(Number);
const CLUSTERS = Number(env.BENCH_BACK_OFFICE_CLUSTERS ?? 100);
const REPEAT = Number(env.BENCH_BACK_OFFICE_REPEAT ?? 5);
/** Alarms sent per second while seeding: well under what the service takes, so UDP loses none. */
const SEED_RATE = 2_000;
const DAY = 86_400_000;
const RESULTS = env.BENCH_RESULTS ?? fileURLToPath(new URL('results.jsonl', import.meta.url));
const README = fileURLToPath(new URL('README.md', import.meta.url));

/** One timed operation: CPU of the service (ms) and wall time (ms) per run. */
interface Timing {
  cpuMs: number[];
  wallMs: number[];
}

interface SizeResult {
  tickets: number;
  clusters: number;
  seedSeconds: number;
  firstTick: Timing;
  tick: Timing;
  mailJob: Timing;
  expiries: Timing & { items: number; bytes: number };
  /** CPU the idle service spends per second (queue polling, timers): part of every figure, most of a long wait's. */
  idleCpuMsPerSecond: number;
  rssMb: number;
}

let certificateSeq = 0;

/** An alarm naming a new certificate on a node of cluster `c`, expiring in 3 to 30 days. */
function newAlarm(c: number, now: Date): string {
  const n = (certificateSeq += 1);
  const node = nodesOf(c)[n % 3]!;
  return certAlarmLine({
    node, unit: 'tomcat', certificate: `bench-${n}.pem`, alarm: 'CertValidfor7days', at: now,
    expires: new Date(now.getTime() + (3 + (n % 28)) * DAY), seq: n,
  });
}

async function sendUdp(port: number, lines: readonly string[]): Promise<void> {
  const socket = createSocket('udp4');
  const perBatch = Math.max(1, Math.round(SEED_RATE / 100));
  for (let i = 0; i < lines.length; i += perBatch) {
    await Promise.all(lines.slice(i, i + perBatch).map((line) => new Promise<void>((resolve, reject) => socket.send(line, port, HOST, (e) => (e ? reject(e) : resolve())))));
    await sleep(10);
  }
  socket.close();
}

/** The process and its descendants (a worker may run in a child process of the service). */
function processTree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i += 1) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  return tree;
}

/** CPU seconds of the service and its child processes (a child that exits meanwhile is not counted). */
function serviceCpuSeconds(pid: number, tree: readonly number[]): number {
  let total = 0;
  for (const p of tree) {
    try {
      total += cpuSeconds(p);
    } catch {
      if (p === pid) throw new Error(`the service (pid ${pid}) is gone`);
    }
  }
  return total;
}

async function timed(pid: number, run: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const tree = processTree(pid);
  const cpu = serviceCpuSeconds(pid, tree);
  const wall = performance.now();
  await run();
  return { cpuMs: (serviceCpuSeconds(pid, tree) - cpu) * 1000, wallMs: performance.now() - wall };
}

async function repeat(times: number, pid: number, run: () => Promise<unknown>): Promise<Timing> {
  const out: Timing = { cpuMs: [], wallMs: [] };
  for (let i = 0; i < times; i += 1) {
    const t = await timed(pid, run);
    out.cpuMs.push(t.cpuMs);
    out.wallMs.push(t.wallMs);
    await sleep(200);
  }
  return out;
}

/** Until the queue has nothing in these states (the tick's scheduler always keeps its next run delayed). */
async function drained(queue: Queue, timeoutMs: number, states: JobType[] = ['waiting', 'delayed', 'active', 'prioritized']): Promise<void> {
  await waitFor(`${queue.name} to drain`, async () => {
    const c = await queue.getJobCounts(...states);
    return Object.values(c).every((n) => n === 0);
  }, timeoutMs, 250);
}

async function outboxCount(service: BackOfficeService): Promise<number> {
  const dir = join(service.dataDir, 'outbox');
  return existsSync(dir) ? readdirSync(dir).length : 0;
}

async function measureSize(tickets: number): Promise<SizeResult> {
  const redisServer = await startTestRedis();
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  const service = await startBackOfficeService({ host: HOST, redisUrl: redisServer.url, clusters: CLUSTERS });
  const ticks = new Queue(QUEUES.tick, { connection: redis, prefix: BULL_PREFIX });
  const mails = new Queue(QUEUES.mail, { connection: redis, prefix: BULL_PREFIX });
  const events = new Queue(QUEUES.events, { connection: redis, prefix: BULL_PREFIX });
  try {
    console.log(`back office: ${tickets} tickets over ${CLUSTERS} clusters (pid ${service.pid}, log ${service.logPath})`);
    const started = performance.now();
    const now = new Date();
    await sendUdp(service.udpPort, Array.from({ length: tickets }, (_, i) => newAlarm(i % CLUSTERS, now)));
    // UDP may lose a few alarms while the service is busy with the ones before: the tickets that exist once their
    // count stands still are the ones measured (the table says how many).
    let count = -1;
    await waitFor('the seeded tickets', async () => {
      const now = await redis.zcard(redisKeys.ticketsByExpiry());
      const still = now === count;
      count = now;
      return still || now >= tickets;
    }, 30 * 60_000, 10_000);
    await drained(events, 30 * 60_000);
    await drained(mails, 60 * 60_000);
    const seedSeconds = (performance.now() - started) / 1000;
    const seeded = await redis.zcard(redisKeys.ticketsByExpiry());
    console.log(`  seeded in ${seedSeconds.toFixed(1)} s: ${seeded} tickets, ${await outboxCount(service)} mails`);
    await drained(ticks, 60_000, ['waiting', 'active']);

    const idle = await timed(service.pid, () => sleep(5_000));
    const idleCpuMsPerSecond = idle.cpuMs / (idle.wallMs / 1000);

    const tickOnce = async () => {
      const job = await ticks.add(JOBS.tick, {});
      await waitFor('the tick', async () => ['completed', 'failed'].includes(await job.getState()), 10 * 60_000, 2);
    };
    const firstTick = await repeat(1, service.pid, tickOnce);
    const tick = await repeat(REPEAT, service.pid, tickOnce);
    console.log(`  tick: first ${firstTick.cpuMs[0]!.toFixed(0)} ms CPU, then ${tick.cpuMs.map((c) => c.toFixed(0)).join(' ')}`);

    let cluster = 0;
    const mailJob = await repeat(REPEAT, service.pid, async () => {
      const before = await outboxCount(service);
      await sendUdp(service.udpPort, [newAlarm((cluster += 7) % CLUSTERS, new Date())]);
      await waitFor('the mail', async () => (await outboxCount(service)) > before, 60_000, 5);
    });
    console.log(`  one alarm -> its mail: ${mailJob.cpuMs.map((c) => c.toFixed(0)).join(' ')} ms CPU`);
    // Its mail sent, the new ticket is due for the tick again: not part of what is timed next.
    await tickOnce();

    let items = 0;
    let bytes = 0;
    const expiries = await repeat(REPEAT, service.pid, async () => {
      const body = await (await fetch(`${service.base}/api/v1/expiries`)).text();
      bytes = body.length;
      items = (JSON.parse(body) as { items: unknown[] }).items.length;
    });
    console.log(`  GET /api/v1/expiries (${items} items, ${bytes} bytes): ${expiries.cpuMs.map((c) => c.toFixed(0)).join(' ')} ms CPU`);
    return {
      tickets: seeded, clusters: CLUSTERS, seedSeconds, firstTick, tick, mailJob, expiries: { ...expiries, items, bytes }, idleCpuMsPerSecond,
      rssMb: memory(service.pid).rssBytes / 2 ** 20,
    };
  } finally {
    await Promise.all([ticks.close(), mails.close(), events.close()]);
    await service.stop();
    redis.disconnect();
    await redisServer.stop();
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const cell = (t: Timing) => `${median(t.cpuMs).toFixed(0)} / ${Math.max(...t.cpuMs).toFixed(0)} (${median(t.wallMs).toFixed(0)} ms wall)`;

/** The median run's CPU less what the idle service would have spent in that wall time. */
const net = (r: SizeResult, t: Timing) => `${Math.max(0, median(t.cpuMs) - r.idleCpuMsPerSecond * median(t.wallMs) / 1000).toFixed(0)}`;

function table(results: readonly SizeResult[], header: string): string {
  const cols = results.map((r) => `${r.tickets.toLocaleString('en-US')} tickets / ${r.clusters} clusters`);
  const row = (name: string, f: (r: SizeResult) => string) => `| ${name} | ${results.map(f).join(' | ')} |`;
  return [
    header, '',
    `| CPU of the service, ms: median / max (median wall) | ${cols.join(' | ')} |`,
    `|---|${cols.map(() => '---').join('|')}|`,
    row('tick, the first after seeding (every ticket written since)', (r) => cell(r.firstTick)),
    row('tick, steady', (r) => cell(r.tick)),
    row('one alarm -> ticket -> its mail job (group window 5 s)', (r) => `${cell(r.mailJob)}; less idle: ${net(r, r.mailJob)}`),
    row('GET /api/v1/expiries', (r) => `${cell(r.expiries)}, ${r.expiries.items} items`),
    row('idle service, CPU ms per second', (r) => r.idleCpuMsPerSecond.toFixed(1)),
    row('seeding (alarms over UDP, mails drained), s', (r) => r.seedSeconds.toFixed(0)),
    row('RSS at the end, MB', (r) => r.rssMb.toFixed(0)),
  ].join('\n');
}

function updateReadme(text: string): void {
  if (env.BENCH_README === '0' || !existsSync(README)) return;
  const start = '<!-- bench:back-office:start -->';
  const end = '<!-- bench:back-office:end -->';
  const readme = readFileSync(README, 'utf8');
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) return;
  writeFileSync(README, `${readme.slice(0, a + start.length)}\n${text}\n${readme.slice(b)}`);
}

export async function backOfficeBench(): Promise<number> {
  const results: SizeResult[] = [];
  for (const size of SIZES) results.push(await measureSize(size));
  const at = new Date().toISOString();
  const header = `Run of ${at}: node ${process.version}, ${cpus().length} CPUs (shared with other sessions: indicative figures), `
    + `${REPEAT} runs per operation${env.BENCH_BACK_OFFICE_ROOT ? `, code of ${env.BENCH_BACK_OFFICE_ROOT}` : ''}.`;
  const text = table(results, header);
  console.log(`\n${text}`);
  appendFileSync(RESULTS, `${JSON.stringify({ mode: 'back-office', at, node: process.version, cpus: cpus().length, root: env.BENCH_BACK_OFFICE_ROOT ?? null, results })}\n`);
  updateReadme(text);
  return 0;
}
