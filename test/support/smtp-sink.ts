// A real SMTP server (smtp-server, in-process) that receives and parses the messages certwatch sends.
// It can refuse mail for a while to simulate an outage.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** While true, every message is answered with a transient 451. */
  refusing: boolean;
  /** While true, every message is refused for good (550, e.g. an unknown mailbox). */
  rejecting: boolean;
  refusedCount: number;
  /** While true, a message is taken in full but never answered (an SMTP transaction left in flight). */
  stalling: boolean;
  stalled: ReceivedMail[];
  /** While true, a message is kept (in `received`) but answered with a 451: the relay stored it, the sender thinks
   * it failed, as when the 250 reply is lost. */
  losingAcks: boolean;
  /** While true, a message is kept (in `received`) and then the connection is cut before any reply: the relay stored
   * it, the sender sees a dropped connection after DATA. */
  droppingAcks: boolean;
  close(): Promise<void>;
  /** Closes the listener and cuts every open connection at once (a relay that goes down, not one that shuts down). */
  crash(): Promise<void>;
}

/** `port`: listen on this port (a sink started again where a closed one was, as an SMTP relay coming back). */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const sink: SmtpSink = {
    port: 0,
    url: '',
    received: [],
    refusing: false,
    rejecting: false,
    refusedCount: 0,
    stalling: false,
    stalled: [],
    losingAcks: false,
    droppingAcks: false,
    close: async () => undefined,
    crash: async () => undefined,
  };
  // The client sockets by remote port, so a message can be answered by cutting its connection.
  const sockets = new Map<number, Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (sink.rejecting) {
          const error = new Error('mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        if (sink.refusing) {
          sink.refusedCount += 1;
          const error = new Error('try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        if (sink.stalling) {
          void simpleParser(raw).then((parsed) =>
            sink.stalled.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed }),
          );
          return; // no answer: the client never learns whether the message was delivered
        }
        const losing = sink.losingAcks;
        const dropping = sink.droppingAcks;
        simpleParser(raw).then((parsed) => {
          sink.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
          if (dropping) {
            sockets.get(session.remotePort)?.destroy();
            return;
          }
          callback(losing ? Object.assign(new Error('reply lost'), { responseCode: 451 }) : undefined);
        }, callback);
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const remotePort = socket.remotePort ?? 0;
    sockets.set(remotePort, socket);
    socket.once('close', () => sockets.delete(remotePort));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  sink.port = typeof address === 'object' && address ? address.port : 0;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  sink.crash = () => {
    const closed = sink.close();
    for (const socket of sockets.values()) socket.destroy();
    return closed;
  };
  return sink;
}
