// A real SMTP server (smtp-server, in-process) that receives and parses the messages certwatch sends.
// It can refuse mail for a while to simulate an outage.
import { simpleParser, type ParsedMail } from 'mailparser';
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
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = { port: 0, url: '', received: [], refusing: false, rejecting: false, refusedCount: 0, stalling: false, stalled: [], losingAcks: false, close: async () => undefined };
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
          void simpleParser(raw).then((parsed) => sink.stalled.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed }));
          return; // no answer: the client never learns whether the message was delivered
        }
        const losing = sink.losingAcks;
        simpleParser(raw).then((parsed) => {
          sink.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
          callback(losing ? Object.assign(new Error('reply lost'), { responseCode: 451 }) : undefined);
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  sink.port = typeof address === 'object' && address ? address.port : 0;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
