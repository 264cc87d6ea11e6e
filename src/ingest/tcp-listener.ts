// Syslog over TCP and TLS (RFC 6587 framing through the stream framer): connections, their limits and ordered close.
//
// One plain net.Server accepts both transports; for TLS each accepted socket is wrapped server-side, so the allow-list
// and the connection limit are applied before any handshake work and a failed handshake is just a counted rejection.
// Counting: bytesReceived counts stream bytes (decrypted for TLS); each frame is either a message (messagesReceived,
// handed to onMessage) or a rejection (rejected{reason}); connection-level rejections (not-allowed,
// too-many-connections, too-many-from-source, idle-timeout, tls-handshake, tls-handshake-timeout) are counted in the
// same rejected counter.
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { countingChild, keptChildren } from '../observability/label-children.js';
import type { Metrics } from '../observability/metrics.js';
import type { AllowList } from './allow-list.js';
import {
  screenNothing,
  type MessageMeta,
  type OnMessage,
  type OnReject,
  type ReadSource,
  type ScreenNoise,
  type Transport,
} from './message-meta.js';
import { createConnectionBudget, type ConnectionBudget } from './connection-budget.js';
import { FrameOffsets } from './frame-offsets.js';
import { createStreamFramer, type FrameResult, type StreamFramer } from './stream-framer.js';

export const DEFAULT_TCP_CLOSE_GRACE_MS = 2000;
export const DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

export interface TcpListenerOptions {
  host: string;
  /** 0 = any free port; the bound port is in the result. */
  port: number;
  /** PEM strings; when given the listener speaks TLS (transport 'tls'), else plain TCP. */
  tls?: { cert: string; key: string };
  /** Open connections (including TLS handshakes in progress); further ones are closed at once. Used when no shared
   * `budget` is given (a listener on its own). */
  maxConnections: number;
  /** The slots shared with the other syslog listener (TCP and TLS count together, with a per-source share). */
  budget?: ConnectionBudget;
  /** A TLS handshake not finished within this long is closed (default 10 s): a stalled one must not hold a slot. */
  handshakeTimeoutMs?: number;
  /** A connection that sends nothing for this long is closed. */
  idleTimeoutMs: number;
  maxFrameBytes: number;
  /** Absent or empty = every source allowed. */
  allow?: AllowList;
  onMessage: OnMessage;
  /** Takes the noise out of each chunk's frames first (the pipeline's); absent, every frame goes to onMessage. */
  screenNoise?: ScreenNoise;
  onReject: OnReject;
  logger: Logger;
  metrics: Metrics;
  /**
   * Backpressure: while this says the accept side is full (for this source: see fair-share.ts), frames wait on their
   * connection and the connection stops
   * reading, so a TCP or TLS sender slows down (its kernel buffers fill) instead of losing alarms.
   */
  isBusy?: (source: string) => boolean;
  /**
   * Frames handed over per connection in one turn of the event loop (default 64); the rest wait for the next turn,
   * so a flooding connection cannot keep the UDP socket and the other connections from being read.
   */
  framesPerTurn?: number;
  /** On close(): how long a peer gets to finish sending after we half-close, before the socket is destroyed. */
  closeGraceMs?: number;
}

export interface TcpListener {
  port: number;
  address: string;
  transport: Extract<Transport, 'tcp' | 'tls'>;
  /** Stops accepting, half-closes every connection, frames what still arrives, destroys stragglers after the grace. */
  close(): Promise<void>;
  /** Open connections right now. */
  connections(): number;
}

interface Connection {
  raw: net.Socket;
  /** The stream frames are read from: raw, or the TLS socket wrapping it. */
  stream: Duplex;
  framer: StreamFramer;
  remoteAddress: string;
  /** What the noise screen is told of each chunk (its time set per chunk). */
  read: ReadSource;
  flushed: boolean;
  closed: Promise<void>;
  /** Chunks with frames waiting (backpressure, or the turn's read budget spent), oldest first; the next frame is
   * backlog[backlogAt].results[frameAt]. */
  backlog: Arrival[];
  backlogAt: number;
  frameAt: number;
  /** Frames waiting, over all of backlog. */
  waiting: number;
  /** Cancels the pump scheduled for later (null: none scheduled, the next chunk's frames are handed over at once). */
  scheduled: (() => void) | null;
}

/** The frames of one chunk and when it arrived: one clock read and one meta object for all of them (issue 11: a
 * `Date` per frame cost more than the framing). A frame that waits in the backlog keeps its chunk's arrival time, so
 * the accept latency includes the wait. */
interface Arrival {
  results: FrameResult[];
  meta: MessageMeta;
}

/** How often a connection held back by backpressure looks again. */
const BACKPRESSURE_RETRY_MS = 5;
const DEFAULT_TCP_FRAMES_PER_TURN = 64;
/** Frames a connection may have waiting for its next turn before it stops reading (a few chunks' worth). */
const BACKLOG_READ_LIMIT = 2_048;

export async function startTcpListener(opts: TcpListenerOptions): Promise<TcpListener> {
  const { logger, metrics, onMessage, onReject } = opts;
  const transport = opts.tls === undefined ? 'tcp' : 'tls';
  const secureContext =
    opts.tls === undefined ? undefined : tls.createSecureContext({ cert: opts.tls.cert, key: opts.tls.key });
  const checkAllowed = opts.allow !== undefined && opts.allow.rules.length > 0 ? opts.allow : undefined;
  const closeGraceMs = opts.closeGraceMs ?? DEFAULT_TCP_CLOSE_GRACE_MS;
  const received = countingChild(metrics.messagesReceived, { transport });
  const bytes = countingChild(metrics.bytesReceived, { transport });
  const gauge = metrics.tcpConnections.labels({ transport });
  const heldBack = metrics.tcpHeldBack.labels({ transport });
  const active = new Set<Connection>();
  const budget = opts.budget ?? createConnectionBudget({ total: opts.maxConnections, perSource: opts.maxConnections });
  const handshakeTimeoutMs = opts.handshakeTimeoutMs ?? DEFAULT_TLS_HANDSHAKE_TIMEOUT_MS;
  let closing: Promise<void> | undefined;

  // Reasons come from the framer and the connection budget (closed sets); a flood of bad frames counts per frame.
  const rejectedOf = keptChildren((reason: string) => countingChild(metrics.rejected, { transport, reason }));

  function reject(reason: string, remoteAddress: string, detail: string): void {
    rejectedOf(reason).inc();
    const meta: MessageMeta = { transport, remoteAddress, receivedAt: new Date() };
    try {
      onReject(reason, meta, detail);
    } catch (err) {
      logger.error({ event: 'RejectHandlerFailed', err }, 'reject handler threw');
    }
    logger.debug({ event: 'SyslogRejected', transport, reason, remoteAddress }, detail);
  }

  const isBusy = opts.isBusy ?? (() => false);
  const screenNoise = opts.screenNoise ?? screenNothing;
  /** The frames whole in the chunk being read: one for all connections, as a chunk is framed and screened at once. */
  const inChunk = new FrameOffsets();

  /**
   * The chunk's frames: the noise among those whole in it stops at the screen (counted received there); the others
   * follow the frames the framer returned (assembled across chunks, so earlier in the stream).
   */
  function frameChunk(conn: Connection, chunk: Buffer): FrameResult[] {
    inChunk.clear();
    const results = conn.framer.push(chunk, inChunk);
    if (inChunk.count === 0) return results;
    conn.read.atMs = Date.now();
    const restCount = screenNoise(chunk, inChunk.frames, inChunk.count, conn.read, inChunk.rest);
    received.inc(inChunk.count - restCount);
    for (let r = 0; r < restCount; r++) {
      const k = inChunk.rest[r]!;
      results.push({ ok: true, frame: chunk.subarray(inChunk.frames[2 * k], inChunk.frames[2 * k + 1]) });
    }
    return results;
  }
  const framesPerTurn = opts.framesPerTurn ?? DEFAULT_TCP_FRAMES_PER_TURN;

  /** Queues a chunk's frames on the connection behind any still waiting (order is kept) and hands them over. */
  function deliver(conn: Connection, results: FrameResult[]): void {
    if (results.length === 0) return;
    const meta: MessageMeta = {
      transport,
      remoteAddress: conn.remoteAddress,
      receivedAt: new Date(),
      receivedAtPerf: performance.now(),
    };
    conn.backlog.push({ results, meta });
    conn.waiting += results.length;
    if (conn.scheduled === null) pump(conn, false);
  }

  /**
   * Hands waiting frames over, at most framesPerTurn in one turn of the event loop and only while the accept side
   * takes this source's frames; then the connection stops reading and goes on later: on the next turn after a spent
   * budget (so UDP and the other connections get theirs in between), after a short wait when the accept side is busy.
   * `force` (shutdown) hands everything over at once: the accept side counts what it cannot take.
   */
  function pump(conn: Connection, force: boolean): void {
    conn.scheduled = null;
    let budget = framesPerTurn;
    while (conn.waiting > 0) {
      if (!force && isBusy(conn.remoteAddress)) {
        hold(conn, 'accept-busy');
        return;
      }
      if (!force && budget === 0) {
        hold(conn, 'turn-budget-spent');
        return;
      }
      const arrival = conn.backlog[conn.backlogAt]!;
      handOver(conn, arrival.results[conn.frameAt]!, arrival.meta);
      conn.waiting -= 1;
      budget -= 1;
      if (++conn.frameAt === arrival.results.length) {
        conn.frameAt = 0;
        conn.backlogAt += 1;
      }
    }
    conn.backlog = [];
    conn.backlogAt = 0;
    if (!conn.stream.destroyed) conn.stream.resume();
  }

  function hold(conn: Connection, why: 'accept-busy' | 'turn-budget-spent'): void {
    // A spent budget with little waiting keeps reading (no pause/resume per turn, which halves a lone sender's rate);
    // the connection stops reading only when the accept side is busy or its frames pile up.
    if (why === 'accept-busy' || conn.waiting > BACKLOG_READ_LIMIT) conn.stream.pause();
    if (why === 'accept-busy') heldBack.inc();
    // A sender that always has a few frames waiting never empties the backlog: drop the chunks already handed over.
    if (conn.backlogAt > 0) {
      conn.backlog.splice(0, conn.backlogAt);
      conn.backlogAt = 0;
    }
    if (why === 'accept-busy') {
      const timer = setTimeout(() => pump(conn, false), BACKPRESSURE_RETRY_MS);
      conn.scheduled = () => clearTimeout(timer);
    } else {
      const next = setImmediate(() => pump(conn, false));
      conn.scheduled = () => clearImmediate(next);
    }
  }

  function handOver(conn: Connection, r: FrameResult, meta: MessageMeta): void {
    if (r.ok) {
      received.inc();
      try {
        onMessage(r.frame, meta);
      } catch (err) {
        // The pipeline must not throw; if it does, one message is lost, never the connection.
        logger.error({ event: 'TcpMessageHandlerFailed', err }, 'message handler threw');
      }
    } else {
      reject(r.reason, conn.remoteAddress, r.detail);
    }
  }

  /** Frames whatever the peer left unterminated; runs once per connection (end, error, idle, shutdown). */
  function flush(conn: Connection): void {
    if (conn.flushed) return;
    conn.flushed = true;
    deliver(conn, conn.framer.end());
  }

  function accept(raw: net.Socket): void {
    const remoteAddress = raw.remoteAddress ?? '';
    raw.on('error', (err) =>
      logger.debug({ event: 'TcpSocketError', transport, remoteAddress, err }, 'syslog connection error'),
    );
    if (closing !== undefined) {
      raw.destroy();
      return;
    }
    if (checkAllowed !== undefined && !checkAllowed.check(remoteAddress).allowed) {
      reject('not-allowed', remoteAddress, `source ${remoteAddress} is not in SYSLOG_ALLOW`);
      raw.destroy();
      return;
    }
    const slot = budget.open(remoteAddress);
    if (!slot.ok) {
      reject(slot.reason, remoteAddress, slot.detail);
      raw.destroy();
      return;
    }

    let stream: Duplex = raw;
    let handshakeDone = secureContext === undefined;
    if (secureContext !== undefined) {
      const secure = new tls.TLSSocket(raw, { isServer: true, secureContext });
      // 'secure' is what a server-side TLSSocket emits when the handshake completed (node's own tls.Server listens
      // for it); any error before it is a handshake failure.
      const handshakeTimer = setTimeout(() => {
        reject(
          'tls-handshake-timeout',
          remoteAddress,
          `TLS handshake not finished within ${handshakeTimeoutMs} ms; closing`,
        );
        secure.destroy();
      }, handshakeTimeoutMs);
      secure.on('secure', () => {
        handshakeDone = true;
        clearTimeout(handshakeTimer);
      });
      secure.on('close', () => clearTimeout(handshakeTimer));
      stream = secure;
    }
    let resolveClosed!: () => void;
    const conn: Connection = {
      raw, stream, remoteAddress, read: { transport, sources: remoteAddress, atMs: 0 },
      flushed: false, backlog: [], backlogAt: 0, frameAt: 0, waiting: 0, scheduled: null,
      framer: createStreamFramer({ maxFrameBytes: opts.maxFrameBytes }),
      closed: new Promise<void>((resolve) => { resolveClosed = resolve; }),
    };
    active.add(conn);
    gauge.inc();

    stream.on('data', (chunk: Buffer) => {
      bytes.inc(chunk.length);
      deliver(conn, frameChunk(conn, chunk));
    });
    stream.on('end', () => flush(conn));
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (!handshakeDone) {
        reject('tls-handshake', remoteAddress, `TLS handshake failed: ${err.code ?? ''} ${err.message}`.trim());
      }
      else logger.debug({ event: 'TcpSocketError', transport, remoteAddress, err }, 'syslog connection error');
    });
    stream.on('close', () => {
      flush(conn);
      if (active.delete(conn)) {
        gauge.dec();
        budget.release(remoteAddress);
      }
      resolveClosed();
    });
    // The timer lives on the raw socket so that a stalled TLS handshake is covered as well.
    raw.setTimeout(opts.idleTimeoutMs, () => {
      reject('idle-timeout', remoteAddress, `no data for ${opts.idleTimeoutMs} ms; closing`);
      flush(conn);
      stream.destroy();
    });
  }

  const server = net.createServer(accept);
  server.on('error', (err) => logger.error({ event: 'TcpServerError', transport, err }, 'syslog server error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = server.address() as net.AddressInfo;
  logger.info(
    {
      event: 'SyslogListening',
      transport,
      address: bound.address,
      port: bound.port,
      maxConnections: opts.maxConnections,
      idleTimeoutMs: opts.idleTimeoutMs,
    },
    `syslog ${transport.toUpperCase()} listening on ${bound.address}:${bound.port}`,
  );

  async function shutdown(): Promise<void> {
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const conns = [...active];
    for (const conn of conns) {
      // Half-close: the peer sees our FIN; whatever it already sent is still read and framed until it closes too.
      conn.stream.end();
      const timer = setTimeout(() => {
        flush(conn);
        conn.stream.destroy();
      }, closeGraceMs);
      void conn.closed.then(() => clearTimeout(timer));
    }
    await Promise.all(conns.map((c) => c.closed));
    // Frames still held back are handed over now (the accept side counts any it cannot take): never dropped unseen.
    for (const conn of conns) {
      conn.scheduled?.();
      pump(conn, true);
    }
    await serverClosed;
    logger.info(
      { event: 'SyslogListenerClosed', transport, port: bound.port, connectionsClosed: conns.length },
      `syslog ${transport.toUpperCase()} listener closed`,
    );
  }

  return {
    port: bound.port,
    address: bound.address,
    transport,
    connections: () => active.size,
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
