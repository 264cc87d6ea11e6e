// The back-office benchmark (`npm run bench -- --back-office`, or BENCH_MODE=back-office): seeds N tickets over M
// clusters through the real ingest path (one certificate alarm per ticket, over UDP into the running service, each
// naming a new certificate), lets the mails they cause go out, then times what the back office does with that many
// tickets: a tick (the first after the seeding, which every seeded ticket's mail record made due, and a steady one),
// a mail job (one new alarm in a cluster -> its ticket -> its mail), and GET /api/v1/expiries. CPU is utime + stime
// of the service process and its child processes (a worker of its own) from /proc/<pid>/stat around each operation
// (clock ticks: 10 ms steps), wall time beside. Then, with the tickets still open, a UDP flood of noise at twice the
// ingest's capacity: the peak RSS of each process (the service, its worker child) and of the whole product.
//
// Environment: BENCH_BACK_OFFICE_TICKETS (default 1000,10000; the short version: BENCH_BACK_OFFICE_TICKETS=1000),
// BENCH_BACK_OFFICE_CLUSTERS (100), BENCH_BACK_OFFICE_REPEAT (each operation's runs, 5), BENCH_BACK_OFFICE_ROOT
// (another checkout to run), BENCH_FLOOD_RATE (datagrams/s, 100000: twice the zero-loss rate of bench/README.md),
// BENCH_FLOOD_S (60; 0: no flood), BENCH_CPU_PROF (a folder: the service and its worker child run under --cpu-prof),
// BENCH_RESULTS, BENCH_README=0.
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
import { cpuSeconds, memory, type Memory } from './proc-stat.js';
import { udpFlood } from './udp-flood.js';
import { parseExposition, sumSamples } from '../test/support/metrics.js';

const HOST = '127.0.0.1';
const env = process.env;
const SIZES = (env.BENCH_BACK_OFFICE_TICKETS ?? '1000,10000').split(',').map(Number);
const CLUSTERS = Number(env.BENCH_BACK_OFFICE_CLUSTERS ?? 100);
const REPEAT = Number(env.BENCH_BACK_OFFICE_REPEAT ?? 5);
const FLOOD_RATE = Number(env.BENCH_FLOOD_RATE ?? 100_000);
const FLOOD_S = Number(env.BENCH_FLOOD_S ?? 60);
/** How often the flood samples each process's RSS. */
const RSS_SAMPLE_MS = 250;
/** Alarms sent per second while seeding: well under what the service takes, so UDP loses none. */
const SEED_RATE = 2_000;
const DAY = 86_400_000;
/** The mail job alone is timed from this long before it is due (the idle service's CPU in it is ~1 ms). */
const MAIL_DUE_MARGIN_MS = 50;
const RESULTS = env.BENCH_RESULTS ?? fileURLToPath(new URL('results.jsonl', import.meta.url));
const README = fileURLToPath(new URL('README.md', import.meta.url));

/** One timed operation: CPU of the service (ms) and wall time (ms) per run. */
interface Timing {
  cpuMs: number[];
  wallMs: number[];
}

/**
 * Resident memory in MB: the service process, its worker child, and both (the product, redis-server excluded); beside
 * it the product with the mapped files both processes share (the node binary, libraries) counted once: each one's own
 * pages plus the larger of their file pages. (Not PSS: that divides shared pages among every process on the machine
 * that maps them, so it falls as unrelated node processes start.)
 */
interface Rss {
  service: number;
  worker: number;
  total: number;
  filesOnce: number;
}

/** One process's memory from inside (bench/back-office-memory.mjs), in bytes: its sample of highest RSS. */
interface InsideMemory {
  at: number;
  role: 'service' | 'worker';
  rss: number;
  rssAnon: number;
  rssFile: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

interface Flood {
  rate: number;
  seconds: number;
  sent: number;
  achieved: number;
  received: number;
  /** The highest of each, sampled every RSS_SAMPLE_MS (total: the highest sum of one sample, not a sum of peaks). */
  peakRss: Rss;
  /** Each process's sample of highest RSS during the flood, from inside. */
  inside: InsideMemory[];
}

interface SizeResult {
  tickets: number;
  clusters: number;
  seedSeconds: number;
  firstTick: Timing;
  tick: Timing;
  mailJob: Timing;
  /** The mail job alone: from just before its group window ends until its mail is in the outbox; CPU per process. */
  mailJobAlone: Timing & { serviceCpuMs: number[]; workerCpuMs: number[] };
  expiries: Timing & { items: number; bytes: number };
  /** CPU the idle service spends per second (queue polling, timers): part of every figure, most of a long wait's. */
  idleCpuMsPerSecond: number;
  rss: Rss;
  /** Each process's sample of highest RSS over the timings (after the seeding), from inside. */
  insideAfterSeeding: InsideMemory[];
  flood: Flood | null;
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

/** CPU seconds of each process of the tree, in its order (a process gone meanwhile: 0). */
function cpuByProcess(tree: readonly number[]): number[] {
  return tree.map((p) => {
    try {
      return cpuSeconds(p);
    } catch {
      return 0;
    }
  });
}

const MB = 2 ** 20;

const GONE: Memory = { rssBytes: 0, peakRssBytes: 0, anonBytes: 0, fileBytes: 0 };

/** RSS of the service (the tree's first process) and of its children (the worker), in MB. */
function rssOf(tree: readonly number[]): Rss {
  const each = tree.map((p) => {
    try {
      return memory(p);
    } catch {
      return GONE; // exited meanwhile
    }
  });
  const worker = each.slice(1).reduce((sum, m) => sum + m.rssBytes, 0) / MB;
  const service = each[0]!.rssBytes / MB;
  const filesOnce = (each.reduce((sum, m) => sum + m.anonBytes, 0) + Math.max(...each.map((m) => m.fileBytes))) / MB;
  return { service, worker, total: service + worker, filesOnce };
}

/** Each process's sample of highest RSS between `from` and `to` (epoch ms), service first. */
function insideMemory(dir: string, from: number, to: number): InsideMemory[] {
  const peaks = readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)
    .map((line) => JSON.parse(line) as InsideMemory)
    .filter((m) => m.at >= from && m.at <= to)
    .reduce<InsideMemory | null>((peak, m) => (!peak || m.rss > peak.rss ? m : peak), null));
  return peaks.filter((m): m is InsideMemory => m !== null).sort((a, b) => a.role.localeCompare(b.role)).reverse();
}

const insideText = (ms: readonly InsideMemory[]) => ms.map((m) => `${m.role} ${[m.rss, m.rssAnon, m.rssFile, m.heapUsed, m.heapTotal, m.external, m.arrayBuffers].map((b) => (b / MB).toFixed(0)).join('/')}`).join(', ');

async function udpReceived(service: BackOfficeService): Promise<number> {
  const samples = parseExposition(await (await fetch(`${service.base}/metrics`)).text());
  return sumSamples(samples, 'certwatch_messages_received_total', { transport: 'udp' });
}

/** A UDP flood of noise with the seeded tickets open: the peak RSS of each process and of the product. */
async function floodWithTickets(service: BackOfficeService): Promise<Flood> {
  const peak: Rss = { service: 0, worker: 0, total: 0, filesOnce: 0 };
  const sample = () => {
    const now = rssOf(processTree(service.pid));
    for (const k of Object.keys(peak) as (keyof Rss)[]) peak[k] = Math.max(peak[k], now[k]);
  };
  const receivedBefore = await udpReceived(service);
  const started = Date.now();
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  try {
    const sent = await udpFlood(HOST, service.udpPort, FLOOD_RATE, FLOOD_S);
    await sleep(2_000); // what the service still reads from its socket buffer, and its heap settling
    sample();
    const received = (await udpReceived(service)) - receivedBefore;
    const inside = insideMemory(service.memoryDir, started, Date.now());
    console.log(`  flood of ${FLOOD_RATE}/s for ${FLOOD_S} s (sender achieved ${sent.achieved.toFixed(0)}/s; received ${received} of ${sent.sent}): `
      + `peak RSS service ${peak.service.toFixed(0)} MB, worker ${peak.worker.toFixed(0)} MB, product ${peak.total.toFixed(0)} MB (files once ${peak.filesOnce.toFixed(0)} MB)`);
    console.log(`  from inside at each one's peak, MB rss/anon/file/heap used/heap total/external/array buffers: ${insideText(inside)}`);
    return { rate: FLOOD_RATE, seconds: FLOOD_S, ...sent, received, peakRss: { ...peak }, inside };
  } finally {
    clearInterval(sampler);
  }
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
    const timingsFrom = Date.now();
    console.log(`  from inside, peak over the seeding, MB rss/anon/file/heap used/heap total/external/array buffers: ${insideText(insideMemory(service.memoryDir, 0, timingsFrom))}`);

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
    const mailJob: Timing = { cpuMs: [], wallMs: [] };
    const mailJobAlone: SizeResult['mailJobAlone'] = { cpuMs: [], wallMs: [], serviceCpuMs: [], workerCpuMs: [] };
    for (let i = 0; i < REPEAT; i += 1) {
      const whole = await timed(service.pid, async () => {
        const before = await outboxCount(service);
        const delayedBefore = new Set((await mails.getDelayed()).map((j) => j.id));
        await sendUdp(service.udpPort, [newAlarm((cluster += 7) % CLUSTERS, new Date())]);
        const job = await waitFor('the mail job', async () => (await mails.getDelayed()).find((j) => !delayedBefore.has(j.id)), 30_000, 5);
        // The group window is idle time: the job alone is timed from just before it is due.
        await sleep(Math.max(0, job.timestamp + (job.delay ?? 0) - Date.now() - MAIL_DUE_MARGIN_MS));
        const tree = processTree(service.pid);
        const cpu = cpuByProcess(tree);
        const wall = performance.now();
        await waitFor('the mail', async () => (await outboxCount(service)) > before, 60_000, 5);
        const after = cpuByProcess(tree);
        const serviceMs = (after[0]! - cpu[0]!) * 1000;
        const workerMs = after.slice(1).reduce((sum, c, k) => sum + (c - cpu[k + 1]!), 0) * 1000;
        mailJobAlone.cpuMs.push(serviceMs + workerMs);
        mailJobAlone.serviceCpuMs.push(serviceMs);
        mailJobAlone.workerCpuMs.push(workerMs);
        mailJobAlone.wallMs.push(performance.now() - wall);
      });
      mailJob.cpuMs.push(whole.cpuMs);
      mailJob.wallMs.push(whole.wallMs);
      await sleep(200);
    }
    console.log(`  one alarm -> its mail: ${mailJob.cpuMs.map((c) => c.toFixed(0)).join(' ')} ms CPU; the mail job alone: ${mailJobAlone.cpuMs.map((c) => c.toFixed(0)).join(' ')} (worker ${mailJobAlone.workerCpuMs.map((c) => c.toFixed(0)).join(' ')})`);
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
    const rss = rssOf(processTree(service.pid));
    console.log(`  RSS: service ${rss.service.toFixed(0)} MB + worker ${rss.worker.toFixed(0)} MB = ${rss.total.toFixed(0)} MB (files once ${rss.filesOnce.toFixed(0)} MB)`);
    await sleep(1_100); // the samplers' last second written
    const insideAfterSeeding = insideMemory(service.memoryDir, timingsFrom, Date.now());
    console.log(`  from inside, peak over the timings, MB rss/anon/file/heap used/heap total/external/array buffers: ${insideText(insideAfterSeeding)}`);
    const flood = FLOOD_S > 0 ? await floodWithTickets(service) : null;
    return {
      tickets: seeded, clusters: CLUSTERS, seedSeconds, firstTick, tick, mailJob, mailJobAlone, expiries: { ...expiries, items, bytes },
      idleCpuMsPerSecond, rss, insideAfterSeeding, flood,
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
    row('the mail job alone (from its due time to the outbox): all / worker child', (r) => `${cell(r.mailJobAlone)}; worker ${median(r.mailJobAlone.workerCpuMs).toFixed(0)}`),
    row('GET /api/v1/expiries', (r) => `${cell(r.expiries)}, ${r.expiries.items} items`),
    row('idle service, CPU ms per second', (r) => r.idleCpuMsPerSecond.toFixed(1)),
    row('seeding (alarms over UDP, mails drained), s', (r) => r.seedSeconds.toFixed(0)),
    row('RSS at the end, MB: service + worker child = product (shared files once)', (r) => `${r.rss.service.toFixed(0)} + ${r.rss.worker.toFixed(0)} = ${r.rss.total.toFixed(0)} (${r.rss.filesOnce.toFixed(0)})`),
    row('UDP noise flood with the tickets open: rate asked (achieved), s', (r) => (r.flood ? `${r.flood.rate.toLocaleString('en-US')}/s (${r.flood.achieved.toFixed(0)}/s), ${r.flood.seconds} s; received ${r.flood.received.toLocaleString('en-US')} of ${r.flood.sent.toLocaleString('en-US')}` : 'not run')),
    row('peak RSS in the flood, MB: service / worker child / product (shared files once)', (r) => (r.flood ? `${r.flood.peakRss.service.toFixed(0)} / ${r.flood.peakRss.worker.toFixed(0)} / ${r.flood.peakRss.total.toFixed(0)} (${r.flood.peakRss.filesOnce.toFixed(0)})` : 'not run')),
    row('at each process\'s peak in the flood, MB: RSS / own (RssAnon) / files / heap used / heap total / external / array buffers', (r) => (r.flood ? insideText(r.flood.inside) : 'not run')),
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
