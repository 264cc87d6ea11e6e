// What every way in (syslog sockets, the SMTP intake, POST /api/v1/ingest) tells the pipeline about a message besides
// its bytes.
export type Transport = 'udp' | 'tcp' | 'tls' | 'http' | 'smtp';

export interface MessageMeta {
  transport: Transport;
  /** Source address as the socket reports it (IPv4-mapped IPv6 kept as is, e.g. `::ffff:10.0.0.1`). */
  remoteAddress: string;
  receivedAt: Date;
  /** performance.now() when the socket handed the message over (sub-millisecond, monotonic): the start of the accept
   * latency. Absent where only the wall clock is known (HTTP, SMTP): receivedAt is used then. */
  receivedAtPerf?: number;
}

/** Called for every accepted message (one UDP datagram or one TCP/TLS frame). Must not throw; may be sync. */
export type OnMessage = (bytes: Buffer, meta: MessageMeta) => void;

/** Called for every rejected message or connection, after the rejection was counted. */
export type OnReject = (reason: string, meta: MessageMeta, detail: string) => void;

/** Where the messages of one read came from: one source for a TCP chunk, one per message (by index) for a UDP batch. */
export interface ReadSource {
  transport: Transport;
  sources: string | readonly string[];
  atMs: number;
}

/**
 * Takes the noise out of the messages of one read (a TCP chunk, a UDP batch): frames[2k] and frames[2k + 1] bound
 * message k in `chunk`. Noise is counted and its nodes noted; the index of every other message is written to `rest`
 * (at least `count` long), in order: those go to OnMessage. Returns how many were written. Must not throw.
 */
export type ScreenNoise = (
  chunk: Buffer,
  frames: Int32Array,
  count: number,
  from: ReadSource,
  rest: Int32Array,
) => number;

/** No screen (a listener on its own, in tests): every message goes to OnMessage. */
export const screenNothing: ScreenNoise = (_chunk, _frames, count, _from, rest) => {
  for (let k = 0; k < count; k++) rest[k] = k;
  return count;
};
