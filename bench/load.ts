// The load the bench puts on a receiver and what it reads back: UDP steps at a set rate (with the sender's achieved
// rate and the receiver's CPU per message), the zero-loss search, and one-connection TCP throughput.
import dgram from 'node:dgram';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuSeconds } from './proc-stat.js';
import type { Receiver, Transport } from './receiver.js';
import type { Traffic } from './traffic.js';

const SETTLE_MAX_MS = 15_000;
/** The sender is the limit when it could not reach this share of the rate it was asked for. */
const SENDER_BOUND_SHARE = 0.95;

export interface Counted {
  received: number;
  /** performance.now() when the count was read. */
  at: number;
}

/** Polls the receiver's count until it reaches `target` or stands still for its quiet time. */
async function settle(receiver: Receiver, transport: Transport, base: number, target: number): Promise<Counted> {
  const deadline = Date.now() + SETTLE_MAX_MS;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const received = (await receiver.counted(transport)) - base;
    const at = performance.now();
    if (received >= target || Date.now() > deadline) return { received, at };
    if (received !== last) {
      last = received;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= receiver.quietMs) {
      return { received, at }; // nothing more is coming: the rest was lost
    }
    await sleep(100);
  }
}

export interface UdpStep {
  rate: number;
  sent: number;
  /** What the sender achieved (sent / time it took). */
  achieved: number;
  senderBound: boolean;
  received: number;
  /** Receiver CPU over the step (sending and settling), per message received, in microseconds. */
  cpuMicrosPerMessage: number;
  socketDrops?: number;
}

export const lost = (s: { sent: number; received: number }) => Math.max(0, s.sent - s.received);

export async function udpStep(
  receiver: Receiver,
  traffic: Traffic,
  rate: number,
  durationMs: number,
  offset: number,
): Promise<UdpStep> {
  const base = await receiver.counted('udp');
  const dropsBefore = await receiver.socketDrops?.();
  const cpuBefore = cpuSeconds(receiver.pid);
  const socket = dgram.createSocket('udp4');
  socket.on('error', () => {}); // ENOBUFS on the sending side shows up as loss, which is what we measure
  // A connected socket sends without resolving the address each time: the sender goes about twice as fast.
  await new Promise<void>((resolve) => socket.connect(receiver.udpPort, receiver.host, resolve));
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
    // Cap what the sender queues in libuv, so a slow sender shows as a lower achieved rate, not as memory.
    while (sent < due && socket.getSendQueueCount() < 2_000) {
      socket.send(traffic.at(offset + sent));
      sent += 1;
    }
    if (sent < total) {
      const ahead = ((sent + 1) * 1000) / rate - (performance.now() - started);
      if (ahead >= 1) await sleep(Math.floor(ahead));
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }
  while (socket.getSendQueueCount() > 0) await new Promise((resolve) => setImmediate(resolve));
  const achieved = total / ((performance.now() - started) / 1000);
  socket.close();
  const { received } = await settle(receiver, 'udp', base, total);
  const cpu = cpuSeconds(receiver.pid) - cpuBefore;
  const dropsAfter = await receiver.socketDrops?.();
  return {
    rate, sent: total, achieved, senderBound: achieved < rate * SENDER_BOUND_SHARE, received,
    cpuMicrosPerMessage: received > 0 ? (cpu * 1e6) / received : NaN,
    ...(dropsBefore !== undefined && dropsAfter !== undefined ? { socketDrops: dropsAfter - dropsBefore } : {}),
  };
}

export interface ZeroLoss {
  /** Highest rate with zero loss in every run at it (undefined: not even the lowest). */
  rate: number | undefined;
  /** The rate found is what the sender could send, not what the receiver could take. */
  senderBound: boolean;
  /** Receiver CPU per message at that rate. */
  cpuMicrosPerMessage: number;
  steps: UdpStep[];
  sent: number;
}

export interface SearchOptions {
  startRate: number;
  maxRate: number;
  stepMs: number;
  /** Further runs at a rate that had no loss before it counts as clean. */
  confirmations: number;
  /** Bisection stops when the lossy rate is within this factor of the clean one. */
  resolution: number;
  onStep(step: UdpStep): void;
}

/**
 * Doubling from startRate until loss (or the sender's limit, or maxRate), then bisection between the last clean and
 * the first lossy rate. A rate is clean only when it and `confirmations` further runs at it lose nothing.
 */
export async function zeroLossRate(
  receiver: Receiver,
  traffic: Traffic,
  offset: number,
  o: SearchOptions,
): Promise<ZeroLoss> {
  const steps: UdpStep[] = [];
  let sent = 0;
  async function trial(rate: number): Promise<{ clean: boolean; last: UdpStep }> {
    let last!: UdpStep;
    for (let run = 0; run <= o.confirmations; run++) {
      last = await udpStep(receiver, traffic, rate, o.stepMs, offset + sent);
      sent += last.sent;
      steps.push(last);
      o.onStep(last);
      if (lost(last) > 0) return { clean: false, last };
    }
    return { clean: true, last };
  }
  let clean: UdpStep | undefined;
  let lossy: number | undefined;
  for (let rate = o.startRate; ; rate = Math.min(o.maxRate, rate * 2)) {
    const t = await trial(rate);
    if (!t.clean) { lossy = rate; break; }
    clean = t.last;
    if (t.last.senderBound || rate >= o.maxRate) break;
  }
  while (lossy !== undefined && clean !== undefined && !clean.senderBound && lossy / clean.rate > o.resolution) {
    const rate = Math.round((clean.rate + lossy) / 2 / 1000) * 1000;
    if (rate <= clean.rate || rate >= lossy) break;
    const t = await trial(rate);
    if (t.clean) clean = t.last;
    else lossy = rate;
  }
  return {
    rate: clean === undefined ? undefined : clean.senderBound ? Math.round(clean.achieved) : clean.rate,
    senderBound: clean?.senderBound ?? false,
    cpuMicrosPerMessage: clean?.cpuMicrosPerMessage ?? NaN,
    steps, sent,
  };
}

export type Framing = 'octet' | 'lf';

export interface TcpResult {
  framing: Framing;
  sent: number;
  received: number;
  seconds: number;
  rate: number;
  cpuMicrosPerMessage: number;
  /** The sender's own CPU over the step's wall time; near 1 means the sender, not the receiver, set the rate. */
  senderBusy: number;
  senderBound: boolean;
  /** Times the receiver stopped reading the connection because its accept side was busy (certwatch only). */
  heldBack?: number;
}

/** Messages per write: large writes keep the sender's per-write cost (syscall, event loop) off each message. */
const TCP_BATCH = 4_096;
/** A sender busier than this for the step's whole time was the limit, not the receiver. */
const TCP_SENDER_BOUND_BUSY = 0.9;

/** Message i framed for the wire, built once per distinct message so the sender only copies bytes while sending. */
function framedTraffic(traffic: Traffic, framing: Framing): (i: number) => Buffer {
  const framed = new Map<Buffer, Buffer>();
  const LF = Buffer.from('\n');
  return (i) => {
    const m = traffic.at(i);
    let f = framed.get(m);
    if (f === undefined) {
      f = framing === 'octet' ? Buffer.concat([Buffer.from(`${m.length} `), m]) : Buffer.concat([m, LF]);
      framed.set(m, f);
    }
    return f;
  };
}

/**
 * One connection writing as fast as the receiver reads for `durationMs`, then closing. The time is until the
 * receiver closed its side (it had read everything), once its count confirms it took every message.
 */
export async function tcpStep(
  receiver: Receiver,
  traffic: Traffic,
  framing: Framing,
  durationMs: number,
  offset: number,
): Promise<TcpResult> {
  const base = await receiver.counted('tcp');
  const heldBefore = await receiver.heldBack?.();
  const cpuBefore = cpuSeconds(receiver.pid);
  const socket = net.connect({ host: receiver.host, port: receiver.tcpPort });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
  socket.on('error', () => {});
  socket.resume(); // the receiver sends nothing; reading lets us see its FIN
  const framedAt = framedTraffic(traffic, framing);
  const frames: Buffer[] = new Array<Buffer>(TCP_BATCH);
  const senderCpuBefore = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  // A relay writes continuously; pre-framed messages in large batches keep the sender from being the bottleneck.
  while (performance.now() - started < durationMs) {
    for (let k = 0; k < TCP_BATCH; k++, sent++) frames[k] = framedAt(offset + sent);
    if (!socket.write(Buffer.concat(frames))) await new Promise((resolve) => socket.once('drain', resolve));
  }
  const senderCpu = process.cpuUsage(senderCpuBefore);
  const writingMs = performance.now() - started;
  socket.end();
  const closedAt = await Promise.race([closed, sleep(SETTLE_MAX_MS).then(() => performance.now())]);
  const counted = await settle(receiver, 'tcp', base, sent);
  socket.destroy();
  const cpu = cpuSeconds(receiver.pid) - cpuBefore;
  const heldAfter = await receiver.heldBack?.();
  // The close is when the receiver had read everything (each takes what it read into its count at once); the count
  // only confirms it. A count polled once a second (rsyslog's impstats) would blur the time.
  const seconds = ((counted.received >= sent ? closedAt : counted.at) - started) / 1000;
  // Over the writing time only: after it the receiver is catching up and the sender is idle.
  const senderBusy = (senderCpu.user + senderCpu.system) / 1e3 / writingMs;
  return {
    framing, sent, received: counted.received, seconds, rate: counted.received / seconds,
    cpuMicrosPerMessage: (cpu * 1e6) / Math.max(1, counted.received),
    senderBusy, senderBound: senderBusy >= TCP_SENDER_BOUND_BUSY,
    ...(heldBefore !== undefined && heldAfter !== undefined ? { heldBack: heldAfter - heldBefore } : {}),
  };
}
