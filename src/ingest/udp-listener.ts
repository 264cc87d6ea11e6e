// Syslog over UDP: one datagram is one message. Owns the socket, its receive buffer, allow-list and size checks,
// and the kernel-drop figures of that socket.
//
// Counting: bytesReceived counts every datagram that reached us; a datagram is then either a message
// (messagesReceived, handed to onMessage) or a rejection (rejected{reason}: not-allowed, oversized), never both.
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { countingChild, keptChildren } from '../observability/label-children.js';
import type { Metrics } from '../observability/metrics.js';
import type { AllowList } from './allow-list.js';
import type { MessageMeta, OnMessage, OnReject } from './message-meta.js';
import { kernelCounterIncrease, ownSocketInodes, parseProcNetUdp, readUdpDrops, type UdpDrops, type UdpSocketSelector } from './udp-drops.js';

type UdpRejectReason = 'not-allowed' | 'oversized';

export const DEFAULT_UDP_RECV_BUFFER_BYTES = 32 * 1024 * 1024;

export interface UdpListenerOptions {
  host: string;
  /** 0 = any free port; the bound port is in the result. */
  port: number;
  /** Receive buffer to request from the kernel (default 32 MiB); capped by net.core.rmem_max. */
  recvBufferBytes?: number;
  /** Datagrams longer than this are rejected as 'oversized'. */
  maxMessageBytes: number;
  /** Absent or empty = every source allowed. */
  allow?: AllowList;
  onMessage: OnMessage;
  onReject: OnReject;
  logger: Logger;
  metrics: Metrics;
  /** How often the kernel-drop counters are refreshed from /proc (default 1000 ms; 0 = only when kernelDrops() is called). */
  dropsPollMs?: number;
  /** Root of the proc filesystem (tests). */
  procDir?: string;
}

export interface UdpListener {
  port: number;
  address: string;
  /** What the kernel reports after our request (getsockopt SO_RCVBUF: on Linux twice the size it granted). */
  effectiveRecvBufferBytes: number;
  close(): Promise<void>;
  /** Reads the kernel figures now and adds what they grew by to the counters. */
  kernelDrops(): Promise<UdpDrops>;
}

/** Finds our socket's inode among the rows for our port, so drops of another socket on that port are not counted. */
async function socketSelector(port: number, procDir: string): Promise<UdpSocketSelector> {
  const [own, udp, udp6] = await Promise.all([
    ownSocketInodes(procDir),
    readFile(join(procDir, 'net', 'udp'), 'utf8').catch(() => ''),
    readFile(join(procDir, 'net', 'udp6'), 'utf8').catch(() => ''),
  ]);
  const inodes = new Set(
    [...parseProcNetUdp(udp), ...parseProcNetUdp(udp6)]
      .filter((row) => row.localPort === port && own.has(row.inode))
      .map((row) => row.inode),
  );
  return inodes.size > 0 ? { port, inodes } : { port };
}

export async function startUdpListener(opts: UdpListenerOptions): Promise<UdpListener> {
  const { logger, metrics, allow, onMessage, onReject, maxMessageBytes } = opts;
  const requested = opts.recvBufferBytes ?? DEFAULT_UDP_RECV_BUFFER_BYTES;
  const procDir = opts.procDir ?? '/proc';
  const socket = dgram.createSocket({ type: isIP(opts.host) === 6 ? 'udp6' : 'udp4' });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    socket.once('error', onError);
    socket.bind(opts.port, opts.host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  socket.on('error', (err) => logger.error({ event: 'UdpSocketError', err }, 'UDP socket error'));

  try {
    socket.setRecvBufferSize(requested);
  } catch (err) {
    logger.warn({ event: 'UdpRecvBufferRefused', requestedBytes: requested, err }, 'could not set the UDP receive buffer');
  }
  const effective = socket.getRecvBufferSize();
  // Linux grants min(request, net.core.rmem_max) and reports twice that (bookkeeping overhead); compare like with like.
  const granted = process.platform === 'linux' ? Math.floor(effective / 2) : effective;
  const bound = socket.address();
  logger.info({ event: 'SyslogListening', transport: 'udp', address: bound.address, port: bound.port }, `syslog UDP listening on ${bound.address}:${bound.port}`);
  if (granted < requested) {
    logger.warn(
      { event: 'UdpRecvBufferCapped', requestedBytes: requested, grantedBytes: granted, effectiveBytes: effective, fix: `sysctl -w net.core.rmem_max=${requested}` },
      `UDP receive buffer capped by the kernel at ${granted} bytes (requested ${requested}); bursts may be dropped. `
      + `Run: sysctl -w net.core.rmem_max=${requested} (persist it in /etc/sysctl.d/), then restart certwatch`,
    );
  } else {
    logger.info({ event: 'UdpRecvBuffer', requestedBytes: requested, grantedBytes: granted, effectiveBytes: effective }, `UDP receive buffer ${granted} bytes (kernel reports ${effective})`);
  }

  const received = countingChild(metrics.messagesReceived, { transport: 'udp' });
  const bytes = countingChild(metrics.bytesReceived, { transport: 'udp' });
  const checkAllowed = allow !== undefined && allow.rules.length > 0 ? allow : undefined;

  const rejectedOf = keptChildren((reason: UdpRejectReason) => countingChild(metrics.rejected, { transport: 'udp', reason }));

  function reject(reason: UdpRejectReason, meta: MessageMeta, detail: string): void {
    rejectedOf(reason).inc();
    onReject(reason, meta, detail);
  }

  socket.on('message', (msg, rinfo) => {
    const meta: MessageMeta = { transport: 'udp', remoteAddress: rinfo.address, receivedAt: new Date(), receivedAtPerf: performance.now() };
    bytes.inc(msg.length);
    try {
      if (checkAllowed !== undefined && !checkAllowed.check(rinfo.address).allowed) {
        reject('not-allowed', meta, `source ${rinfo.address} is not in SYSLOG_ALLOW`);
        return;
      }
      if (msg.length > maxMessageBytes) {
        reject('oversized', meta, `datagram of ${msg.length} bytes exceeds ${maxMessageBytes}`);
        return;
      }
      received.inc();
      onMessage(msg, meta);
    } catch (err) {
      // The pipeline must not throw; if it does, one message is lost, never the socket.
      logger.error({ event: 'UdpMessageHandlerFailed', err }, 'UDP message handler threw');
    }
  });

  const selector = await socketSelector(bound.port, procDir);
  const socketDropsIncrease = kernelCounterIncrease(0);
  const namespaceRcvbufErrorsIncrease = kernelCounterIncrease(null);
  // One read at a time, in call order: overlapping reads (the poll and a scrape) could finish out of order, and an
  // older reading after a newer one would look like a reset.
  let previousRead: Promise<unknown> = Promise.resolve();
  function kernelDrops(): Promise<UdpDrops> {
    const read = previousRead.then(() => readUdpDrops(selector, procDir)).then((drops) => {
      if (drops.socketDrops !== null) metrics.udpSocketDrops.inc(socketDropsIncrease(drops.socketDrops));
      if (drops.namespaceRcvbufErrors !== null) metrics.udpNamespaceRcvbufErrors.inc(namespaceRcvbufErrorsIncrease(drops.namespaceRcvbufErrors));
      return drops;
    });
    previousRead = read.catch(() => undefined);
    return read;
  }
  await kernelDrops();
  const pollMs = opts.dropsPollMs ?? 1000;
  const poll = pollMs > 0 ? setInterval(() => void kernelDrops(), pollMs) : undefined;
  poll?.unref();

  let closing: Promise<void> | undefined;
  return {
    port: bound.port,
    address: bound.address,
    effectiveRecvBufferBytes: effective,
    kernelDrops,
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (poll !== undefined) clearInterval(poll);
        socket.close(() => {
          logger.info({ event: 'SyslogListenerClosed', transport: 'udp', port: bound.port }, 'syslog UDP listener closed');
          resolve();
        });
      });
      return closing;
    },
  };
}
