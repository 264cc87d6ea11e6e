// Syslog over UDP: one datagram is one message. Owns the socket (read by udp-reader.ts: recvmmsg batches or dgram),
// its receive buffer, allow-list and size checks, and the kernel-drop figures of that socket.
//
// Counting: bytesReceived counts every datagram that reached us; a datagram is then either a message
// (messagesReceived, handed to the noise screen and, unless it is noise, to onMessage) or a rejection
// (rejected{reason}: not-allowed, oversized), never both.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { countingChild, keptChildren } from '../observability/label-children.js';
import type { Metrics } from '../observability/metrics.js';
import type { AllowList } from './allow-list.js';
import { FrameOffsets } from './frame-offsets.js';
import {
  screenNothing,
  type MessageMeta,
  type OnMessage,
  type OnReject,
  type ReadSource,
  type ScreenNoise,
} from './message-meta.js';
import { openUdpReader, type UdpReaderKind, type UdpReaderMode } from './udp-reader.js';
import {
  kernelCounterIncrease,
  ownSocketInodes,
  parseProcNetUdp,
  readUdpDrops,
  type UdpDrops,
  type UdpSocketSelector,
} from './udp-drops.js';

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
  /** Takes the noise out of each batch first (the pipeline's); absent, every datagram goes to onMessage. */
  screenNoise?: ScreenNoise;
  onReject: OnReject;
  logger: Logger;
  metrics: Metrics;
  /** How often the kernel-drop counters are refreshed from /proc (default 1000 ms; 0 = only when kernelDrops() is
   * called). */
  dropsPollMs?: number;
  /** SYSLOG_UDP_READER (default auto: recvmmsg when the addon loads, else dgram). */
  reader?: UdpReaderMode;
  /** The recvmmsg addon (tests; default native/build/udp_batch.node). */
  batchAddonPath?: string;
  /** Root of the proc filesystem (tests). */
  procDir?: string;
}

export interface UdpListener {
  port: number;
  address: string;
  /** What the kernel reports after our request (getsockopt SO_RCVBUF: on Linux twice the size it granted). */
  effectiveRecvBufferBytes: number;
  /** How the socket is read (SYSLOG_UDP_READER, after the `auto` choice). */
  reader: UdpReaderKind;
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

  const received = countingChild(metrics.messagesReceived, { transport: 'udp' });
  const bytes = countingChild(metrics.bytesReceived, { transport: 'udp' });
  const checkAllowed = allow !== undefined && allow.rules.length > 0 ? allow : undefined;

  const rejectedOf = keptChildren((reason: UdpRejectReason) =>
    countingChild(metrics.rejected, { transport: 'udp', reason }),
  );

  const screenNoise = opts.screenNoise ?? screenNothing;
  /** The admitted datagrams of the batch being read, and the source of each (by frame index). */
  const admitted = new FrameOffsets();
  const admittedSources: string[] = [];
  const read: ReadSource = { transport: 'udp', sources: admittedSources, atMs: 0 };

  function rejected(reason: UdpRejectReason, remoteAddress: string, receivedAt: Date, detail: string): void {
    rejectedOf(reason).inc();
    onReject(reason, { transport: 'udp', remoteAddress, receivedAt }, detail);
  }

  /**
   * A batch of datagrams: each counted and checked (source, size); the noise among the admitted ones stops at the
   * screen, the others go to onMessage one by one. The allow-list is asked once per run of one source.
   */
  function onBatch(
    data: Buffer,
    lengths: ArrayLike<number>,
    sources: readonly string[],
    receivedAt: Date,
    receivedAtPerf: number,
  ): void {
    admitted.clear();
    let offset = 0, total = 0;
    let lastSource: string | undefined, lastAllowed = true;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i]!, source = sources[i]!;
      total += length;
      if (source !== lastSource) {
        lastSource = source;
        lastAllowed = checkAllowed === undefined || checkAllowed.check(source).allowed;
      }
      const start = offset;
      if (length <= maxMessageBytes) offset += length; // an oversized datagram has no bytes in data
      if (!lastAllowed) {
        rejected('not-allowed', source, receivedAt, `source ${source} is not in SYSLOG_ALLOW`);
      } else if (length > maxMessageBytes) {
        rejected('oversized', source, receivedAt, `datagram of ${length} bytes exceeds ${maxMessageBytes}`);
      } else {
        admittedSources[admitted.count] = source;
        admitted.add(start, offset);
      }
    }
    bytes.inc(total);
    if (admitted.count === 0) return;
    received.inc(admitted.count);
    read.atMs = receivedAt.getTime();
    const restCount = screenNoise(data, admitted.frames, admitted.count, read, admitted.rest);
    for (let r = 0; r < restCount; r++) {
      const k = admitted.rest[r]!;
      const meta: MessageMeta = { transport: 'udp', remoteAddress: admittedSources[k]!, receivedAt, receivedAtPerf };
      try {
        onMessage(data.subarray(admitted.frames[2 * k], admitted.frames[2 * k + 1]), meta);
      } catch (err) {
        // The pipeline must not throw; if it does, one message is lost, never the batch or the socket.
        logger.error({ event: 'UdpMessageHandlerFailed', err }, 'UDP message handler threw');
      }
    }
  }

  const { reader, fallbackReason } = await openUdpReader(opts.reader ?? 'auto', {
    host: opts.host, port: opts.port, recvBufferBytes: requested, maxMessageBytes,
    onBatch(data, lengths, sources, receivedAt, receivedAtPerf) {
      try {
        onBatch(data, lengths, sources, receivedAt, receivedAtPerf);
      } catch (err) {
        // Nothing here may throw; if it does, what is left of one batch is lost, never the socket.
        logger.error({ event: 'UdpMessageHandlerFailed', err }, 'UDP message handler threw');
      }
    },
    onError: (err) => logger.error({ event: 'UdpSocketError', err }, 'UDP socket error'),
  }, opts.batchAddonPath);

  if (fallbackReason !== undefined) {
    logger.warn(
      { event: 'UdpBatchReaderUnavailable', reason: fallbackReason, reader: reader.kind },
      `UDP is read with dgram, one datagram per system call: the recvmmsg reader is unavailable: ${fallbackReason}`,
    );
  }
  metrics.udpReaderInfo.set({ reader: reader.kind }, 1);
  if (reader.recvBufferError !== null) {
    logger.warn(
      { event: 'UdpRecvBufferRefused', requestedBytes: requested, err: reader.recvBufferError },
      'could not set the UDP receive buffer',
    );
  }
  const effective = reader.effectiveRecvBufferBytes;
  // Linux grants min(request, net.core.rmem_max) and reports twice that (bookkeeping overhead); compare like with like.
  const granted = process.platform === 'linux' ? Math.floor(effective / 2) : effective;
  const bound = { address: reader.address, port: reader.port };
  logger.info(
    { event: 'SyslogListening', transport: 'udp', address: bound.address, port: bound.port, reader: reader.kind },
    `syslog UDP listening on ${bound.address}:${bound.port} (read with ${reader.kind})`,
  );
  if (granted < requested) {
    logger.warn(
      {
        event: 'UdpRecvBufferCapped',
        requestedBytes: requested,
        grantedBytes: granted,
        effectiveBytes: effective,
        fix: `sysctl -w net.core.rmem_max=${requested}`,
      },
      `UDP receive buffer capped by the kernel at ${granted} bytes (requested ${requested}); bursts may be dropped. ` +
        `Run: sysctl -w net.core.rmem_max=${requested} (persist it in /etc/sysctl.d/), then restart certwatch`,
    );
  } else {
    logger.info(
      { event: 'UdpRecvBuffer', requestedBytes: requested, grantedBytes: granted, effectiveBytes: effective },
      `UDP receive buffer ${granted} bytes (kernel reports ${effective})`,
    );
  }

  const selector = await socketSelector(bound.port, procDir);
  const socketDropsIncrease = kernelCounterIncrease(0);
  const namespaceRcvbufErrorsIncrease = kernelCounterIncrease(null);
  // One read at a time, in call order: overlapping reads (the poll and a scrape) could finish out of order, and an
  // older reading after a newer one would look like a reset.
  let previousRead: Promise<unknown> = Promise.resolve();
  function kernelDrops(): Promise<UdpDrops> {
    const read = previousRead
      .then(() => readUdpDrops(selector, procDir))
      .then((drops) => {
        if (drops.socketDrops !== null) metrics.udpSocketDrops.inc(socketDropsIncrease(drops.socketDrops));
        if (drops.namespaceRcvbufErrors !== null) {
          metrics.udpNamespaceRcvbufErrors.inc(namespaceRcvbufErrorsIncrease(drops.namespaceRcvbufErrors));
        }
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
    reader: reader.kind,
    kernelDrops,
    close() {
      closing ??= (async () => {
        if (poll !== undefined) clearInterval(poll);
        await reader.close();
        logger.info(
          { event: 'SyslogListenerClosed', transport: 'udp', port: bound.port },
          'syslog UDP listener closed',
        );
      })();
      return closing;
    },
  };
}
