// `npm run bench`: certwatch as built (all roles in one process) and, when rsyslogd is installed, a private rsyslog
// instance with an equivalent filter, each driven over loopback with the same traffic, one after the other:
// zero-loss UDP rate (doubling, then bisection, each clean rate confirmed), TCP throughput on one connection (octet
// counting and LF), receiver CPU per message (/proc/<pid>/stat), RSS, and certwatch's accept latency percentiles at
// a fixed rate. It reports figures and ratios certwatch/rsyslog; it asserts nothing about speed.
//
// Environment: BENCH_SCALE (step durations; 0.2 = the short version, about a minute per receiver), BENCH_UDP_MAX
// (highest UDP rate tried), BENCH_LATENCY_RATE and BENCH_LATENCY_MS (the latency step), BENCH_CPU_RATE (the fixed UDP
// rate at which every receiver's CPU per
// message is compared), BENCH_RECEIVERS (certwatch,rsyslog,bare; bare = certwatch's socket reader and framer that
// only count: bench/bare-receiver.ts), BENCH_CPU_PROF (a folder: certwatch runs under `node --cpu-prof`),
// BENCH_NODE_FLAGS (more flags for certwatch's node, e.g. --trace-gc), BENCH_KEEP_LOG=1 (certwatch's log and data
// folder are kept, not removed), BENCH_RESULTS (JSON lines file, default bench/results.jsonl),
// BENCH_README=0 (do not update bench/README.md's latest table), BENCH_UDP_READER (certwatch's SYSLOG_UDP_READER:
// recvmmsg, dgram or auto, for an A/B of the UDP reader), BENCH_UDP_ONLY=1 (the zero-loss UDP search only: no latency
// step, no TCP). How loss is counted: bench/README.md.
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backOfficeBench } from './back-office-bench.js';
import { startBare, type BareReceiver } from './bare-receiver.js';
import { startCertwatch, type CertwatchReceiver } from './certwatch-receiver.js';
import { pinSenderAndReceivers, type Pinning } from './cores.js';
import { histogramWindow } from './histogram-quantile.js';
import { lost, tcpStep, udpStep, zeroLossRate, type TcpResult, type UdpStep, type ZeroLoss } from './load.js';
import { memory, type Memory } from './proc-stat.js';
import type { Receiver } from './receiver.js';
import { rsyslogVersion, startRsyslog } from './rsyslog-receiver.js';
import { alarmsAmong, buildTraffic, type Traffic } from './traffic.js';

const HOST = '127.0.0.1';
const RECV_BUFFER_BYTES = 32 * 1024 * 1024;
const env = process.env;
const SCALE = Number(env.BENCH_SCALE ?? 1);
const UDP_STEP_MS = Math.round(3_000 * SCALE);
const TCP_STEP_MS = Math.round(4_000 * SCALE);
const UDP_START_RATE = 20_000;
const UDP_MAX_RATE = Number(env.BENCH_UDP_MAX ?? 400_000);
const LATENCY_RATE = Number(env.BENCH_LATENCY_RATE ?? 100_000);
/** Long enough for a p99: at one alarm per 1,000 messages, 10 s at 100,000/s carry 1,000 alarms. */
const LATENCY_MS = Number(env.BENCH_LATENCY_MS ?? 10_000);
const CONFIRMATIONS = SCALE >= 1 ? 2 : 1;
const RESOLUTION = SCALE >= 1 ? 1.08 : 1.15;
const CPU_RATE = Number(env.BENCH_CPU_RATE ?? 150_000);
const RECEIVERS = (env.BENCH_RECEIVERS ?? 'certwatch,rsyslog,bare').split(',');
const UDP_ONLY = env.BENCH_UDP_ONLY === '1';
const RESULTS = env.BENCH_RESULTS ?? fileURLToPath(new URL('results.jsonl', import.meta.url));
const README = fileURLToPath(new URL('README.md', import.meta.url));

interface Latency {
  rate: number;
  sent: number;
  lost: number;
  accepted: number;
  p50Ms: number;
  p99Ms: number;
}

interface ReceiverResult {
  name: string;
  version: string;
  /** certwatch's UDP reader (recvmmsg or dgram). */
  udpReader?: string;
  /** The zero-loss search; none for the bare receiver (its ceiling is the sender's). */
  udp?: Omit<ZeroLoss, 'steps' | 'sent'> & { steps: UdpStep[] };
  /** One UDP step at CPU_RATE for every receiver: CPU per message compared at the same rate. */
  cpuAtRate: UdpStep;
  tcp: TcpResult[];
  memory: Memory;
  alarms: { sent: number; kept: number };
  latency?: Latency;
}

const fmt = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US');

function logStep(name: string, s: UdpStep): void {
  console.log(
    `  ${name} udp ${fmt(s.rate).padStart(7)}/s: sent ${fmt(s.sent)} at ${fmt(s.achieved)}/s${s.senderBound ? ' (sender-bound)' : ''}, ` +
      `received ${fmt(s.received)}, lost ${fmt(lost(s))}${s.socketDrops !== undefined ? ` (socket drops ${fmt(s.socketDrops)})` : ''}, CPU ${s.cpuMicrosPerMessage.toFixed(1)} us/msg`,
  );
}

async function latencyAt(receiver: CertwatchReceiver, traffic: Traffic, offset: number): Promise<Latency> {
  const before = await receiver.scrape();
  const step = await udpStep(receiver, traffic, LATENCY_RATE, LATENCY_MS, offset);
  // The alarms of the step are persisted shortly after the count settled; wait for them to be in the histogram.
  const alarms = alarmsAmong(offset + step.sent) - alarmsAmong(offset);
  let after = await receiver.scrape();
  for (
    let i = 0;
    i < 30 &&
    histogramWindow(before, after, 'certwatch_event_accept_seconds', { stored: 'redis' }).count <
      alarms * (step.received / step.sent);
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await receiver.scrape();
  }
  const window = histogramWindow(before, after, 'certwatch_event_accept_seconds', { stored: 'redis' });
  return {
    rate: LATENCY_RATE,
    sent: step.sent,
    lost: lost(step),
    accepted: window.count,
    p50Ms: window.quantile(0.5) * 1000,
    p99Ms: window.quantile(0.99) * 1000,
  };
}

async function measure(receiver: Receiver, version: string, traffic: Traffic): Promise<ReceiverResult> {
  const udpReader = 'udpReader' in receiver ? (receiver as CertwatchReceiver | BareReceiver).udpReader : undefined;
  console.log(
    `${receiver.name} ${version}: udp ${receiver.udpPort}${udpReader ? ` (read with ${udpReader})` : ''}, tcp ${receiver.tcpPort}, pid ${receiver.pid}`,
  );
  const search =
    receiver.name === 'bare'
      ? undefined
      : await zeroLossRate(receiver, traffic, 0, {
          startRate: UDP_START_RATE,
          maxRate: UDP_MAX_RATE,
          stepMs: UDP_STEP_MS,
          confirmations: CONFIRMATIONS,
          resolution: RESOLUTION,
          onStep: (s) => logStep(receiver.name, s),
        });
  let offset = search?.sent ?? 0;
  const cpuAtRate = await udpStep(receiver, traffic, CPU_RATE, UDP_STEP_MS * 2, offset);
  offset += cpuAtRate.sent;
  logStep(`${receiver.name} (CPU at a fixed rate)`, cpuAtRate);
  let latency: Latency | undefined;
  if (receiver.name === 'certwatch' && !UDP_ONLY) {
    latency = await latencyAt(receiver as CertwatchReceiver, traffic, offset);
    offset += latency.sent;
    console.log(
      `  certwatch accept latency at ${fmt(LATENCY_RATE)}/s: ${latency.accepted} alarms accepted, p50 ${latency.p50Ms.toFixed(2)} ms, p99 ${latency.p99Ms.toFixed(2)} ms (${fmt(latency.lost)} datagrams lost)`,
    );
  }
  const tcp: TcpResult[] = [];
  for (const framing of UDP_ONLY ? [] : ['octet', 'lf'] as const) {
    const t = await tcpStep(receiver, traffic, framing, TCP_STEP_MS, offset);
    offset += t.sent;
    tcp.push(t);
    console.log(
      `  ${receiver.name} tcp ${framing}: ${fmt(t.received)} of ${fmt(t.sent)} in ${t.seconds.toFixed(2)} s = ${fmt(t.rate)}/s, CPU ${t.cpuMicrosPerMessage.toFixed(1)} us/msg, ` +
        `sender busy ${(t.senderBusy * 100).toFixed(0)} %${t.senderBound ? ' (sender-bound)' : ''}` +
        `${t.heldBack ? `, held back ${fmt(t.heldBack)} times by a busy accept side` : ''}`,
    );
  }
  const udp = search === undefined ? undefined : (({ sent: _sent, ...rest }) => rest)(search);
  return {
    name: receiver.name, version, ...(udpReader ? { udpReader } : {}), ...(udp ? { udp } : {}), cpuAtRate, tcp,
    memory: memory(receiver.pid), alarms: { sent: alarmsAmong(offset), kept: await receiver.alarmsKept() },
    ...(latency ? { latency } : {}),
  };
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || !b ? '-' : (a / b).toFixed(2);
}

function table(results: ReceiverResult[], header: string): string {
  const cw = results.find((r) => r.name === 'certwatch');
  const rs = results.find((r) => r.name === 'rsyslog');
  const bare = results.find((r) => r.name === 'bare');
  const udpCell = (r?: ReceiverResult) =>
    r?.udp ? `${r.udp.senderBound ? '>= ' : ''}${fmt(r.udp.rate)}${r.udp.senderBound ? " (sender's limit)" : ''}` : '-';
  const tcpOf = (r: ReceiverResult | undefined, f: string) => r?.tcp.find((t) => t.framing === f);
  const cpuCell = (r?: ReceiverResult) =>
    r
      ? `${r.cpuAtRate.cpuMicrosPerMessage.toFixed(1)}${lost(r.cpuAtRate) > 0 ? ` (${fmt(lost(r.cpuAtRate))} lost)` : ''}`
      : '-';
  // Both stopped by the sender: equal when the sender reached about the same rate both times; otherwise the sender
  // was slower in one run (the machine is shared) and the runs say nothing about the receivers.
  const bothSenderBound = cw?.udp?.senderBound && rs?.udp?.senderBound;
  const close = bothSenderBound && Math.abs(cw.udp!.rate! / rs.udp!.rate! - 1) < 0.1;
  const udpRatio = bothSenderBound
    ? `${ratio(cw.udp!.rate, rs.udp!.rate)} (both stopped at the sender's limit: ${close ? 'equal' : 'the sender was slower in one run; not comparable'})`
    : ratio(cw?.udp?.rate, rs?.udp?.rate);
  const rows = [
    ['UDP zero-loss msg/s', udpCell(cw), udpCell(rs), udpRatio],
    [
      'CPU per message at that rate (us)',
      cw?.udp?.cpuMicrosPerMessage.toFixed(1) ?? '-',
      rs?.udp?.cpuMicrosPerMessage.toFixed(1) ?? '-',
      ratio(cw?.udp?.cpuMicrosPerMessage, rs?.udp?.cpuMicrosPerMessage),
    ],
    [
      `CPU per message at ${fmt(CPU_RATE)} msg/s, both (us)`,
      cpuCell(cw),
      cpuCell(rs),
      ratio(cw?.cpuAtRate.cpuMicrosPerMessage, rs?.cpuAtRate.cpuMicrosPerMessage),
    ],
    [
      'TCP one connection, octet framing msg/s',
      fmt(tcpOf(cw, 'octet')?.rate),
      fmt(tcpOf(rs, 'octet')?.rate),
      ratio(tcpOf(cw, 'octet')?.rate, tcpOf(rs, 'octet')?.rate),
    ],
    [
      'TCP one connection, LF framing msg/s',
      fmt(tcpOf(cw, 'lf')?.rate),
      fmt(tcpOf(rs, 'lf')?.rate),
      ratio(tcpOf(cw, 'lf')?.rate, tcpOf(rs, 'lf')?.rate),
    ],
    [
      'RSS at the end / peak (MB)',
      cw ? `${fmt(cw.memory.rssBytes / 1e6)} / ${fmt(cw.memory.peakRssBytes / 1e6)}` : '-',
      rs ? `${fmt(rs.memory.rssBytes / 1e6)} / ${fmt(rs.memory.peakRssBytes / 1e6)}` : '-',
      ratio(cw?.memory.peakRssBytes, rs?.memory.peakRssBytes),
    ],
    [
      'certificate alarms kept / sent',
      cw ? `${fmt(cw.alarms.kept)} / ${fmt(cw.alarms.sent)}` : '-',
      rs ? `${fmt(rs.alarms.kept)} / ${fmt(rs.alarms.sent)}` : '-',
      '',
    ],
    [
      `accept latency p50 / p99 at ${fmt(LATENCY_RATE)} msg/s (ms)`,
      cw?.latency
        ? `${cw.latency.p50Ms.toFixed(2)} / ${cw.latency.p99Ms.toFixed(2)} (${fmt(cw.latency.accepted)} alarms, ${fmt(cw.latency.lost)} datagrams lost)`
        : '-',
      'n/a',
      '',
    ],
  ];
  const lines = [
    header,
    '',
    `| | certwatch${cw?.udpReader ? ` (UDP: ${cw.udpReader})` : ''} | rsyslog | certwatch/rsyslog |`,
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  if (bare) lines.push('', bareLine(bare));
  return lines.join('\n');
}

/**
 * The socket read and the framing alone. Not subtracted from certwatch's figure: CPU per datagram below saturation
 * is mostly wake-ups, and a busier receiver reads more datagrams per wake-up, so the difference is no measure of
 * certwatch's own work (bench/noise-path.ts measures that, without the socket).
 */
function bareLine(bare: ReceiverResult): string {
  const tcp = (f: string) => fmt(bare.tcp.find((t) => t.framing === f)?.rate);
  return (
    `Bare receiver (certwatch's UDP reader${bare.udpReader ? `, ${bare.udpReader}` : ''}, and its TCP framer, counting only): ` +
    `${bare.cpuAtRate.cpuMicrosPerMessage.toFixed(1)} us of CPU per datagram at ${fmt(CPU_RATE)}/s` +
    `; TCP framing alone, one connection: octet ${tcp('octet')}/s, LF ${tcp('lf')}/s.`
  );
}


/** certwatch with its redis-server and worker child let off the receiver's core (bench/cores.ts). */
function freed(receiver: CertwatchReceiver, pinning: Pinning): CertwatchReceiver {
  const children = pinning.freeChildren(receiver.pid);
  if (children.length > 0) console.log(`certwatch's child processes ${children.join(', ')} may run on any core`);
  return receiver;
}

/** Replaces the latest-run section of bench/README.md (between its markers), keeping the rest. */
function updateReadme(text: string): void {
  if (env.BENCH_README === '0' || !existsSync(README)) return;
  const readme = readFileSync(README, 'utf8');
  const start = '<!-- bench:latest:start -->';
  const end = '<!-- bench:latest:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) return;
  writeFileSync(README, `${readme.slice(0, a + start.length)}\n${text}\n${readme.slice(b)}`);
}

async function main(): Promise<number> {
  const pinning = pinSenderAndReceivers();
  const rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim());
  const at = new Date();
  console.log(
    `certwatch ingest bench: node ${process.version}, ${pinning.cpus} CPU(s), ${pinning.describe}, net.core.rmem_max=${rmemMax}, BENCH_SCALE=${SCALE}`,
  );
  const traffic = buildTraffic(at);
  const results: ReceiverResult[] = [];
  for (const name of RECEIVERS) {
    if (name === 'rsyslog' && rsyslogVersion() === null) {
      console.log('rsyslogd is not installed (Debian: apt-get install -y rsyslog): no comparison this run');
      continue;
    }
    // Both get the UDP receive buffer the kernel grants an ordinary socket: certwatch cannot exceed rmem_max, and
    // rsyslog (root, SO_RCVBUFFORCE) is asked for no more.
    const receiver = name === 'certwatch' ? await freed(await startCertwatch(HOST, pinning.receiverPrefix), pinning)
      : name === 'bare' ? await startBare(HOST, pinning.receiverPrefix)
        : await startRsyslog(HOST, pinning.receiverPrefix, Math.min(RECV_BUFFER_BYTES, rmemMax));
    let ok = false;
    try {
      const version =
        name === 'rsyslog'
          ? rsyslogVersion()!
          : `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}`;
      results.push(await measure(receiver, version, traffic));
      ok = true;
    } finally {
      await receiver.stop();
      if (!ok) console.error(`${name} failed; its log: ${receiver.logPath}`);
      else if ('dataDir' in receiver && process.env.BENCH_KEEP_LOG !== '1')
        rmSync((receiver as CertwatchReceiver).dataDir, { recursive: true, force: true });
      else console.log(`${name}'s log is kept: ${receiver.logPath}`);
    }
  }
  const header =
    `Run of ${at.toISOString()}: node ${process.version}, ${pinning.cpus} CPUs, ${pinning.describe}, rmem_max ${rmemMax}, BENCH_SCALE=${SCALE} ` +
    `(UDP steps of ${UDP_STEP_MS} ms, ${CONFIRMATIONS} confirmation(s) per clean rate, TCP ${TCP_STEP_MS} ms per framing).`;
  const text = table(results, header);
  console.log(`\n${text}`);
  appendFileSync(
    RESULTS,
    `${JSON.stringify({ at: at.toISOString(), node: process.version, cpus: pinning.cpus, pinning: pinning.describe, rmemMax, scale: SCALE, results })}\n`,
  );
  updateReadme(text);
  console.log(`\nappended to ${RESULTS}`);
  return 0;
}

// The back-office mode (bench/back-office-bench.ts) times tick, mail job and API listing instead.
const backOffice = process.argv.includes('--back-office') || env.BENCH_MODE === 'back-office';
process.exitCode = backOffice ? await backOfficeBench() : await main();
