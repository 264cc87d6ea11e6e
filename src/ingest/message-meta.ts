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
