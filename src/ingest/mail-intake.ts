// RTMT alert e-mails sent straight to certwatch: a small SMTP server (smtp-server) that accepts a message, hands its
// text (headers and body, quoted-printable included) to the same parse path as POST /api/v1/ingest, and answers 250
// only once the certificate alarms in it were accepted (persisted). Bounded size, allow-list, no relaying.
import { SMTPServer } from 'smtp-server';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import type { AcceptOutcome } from '../accept/event-acceptor.js';
import type { AllowList } from './allow-list.js';
import type { MessageMeta } from './message-meta.js';

export interface MailIntakeOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  allow?: AllowList;
  /** The pipeline's text path (as POST /api/v1/ingest): resolves once each certificate event was persisted or not. */
  ingestText(text: string, meta: MessageMeta): Promise<{ certificateEvents: { outcome: AcceptOutcome }[] }>;
  logger: Logger;
  metrics: Metrics;
}

export interface MailIntake {
  port: number;
  close(): Promise<void>;
}

/**
 * 250 only when every certificate alarm in the mail is persisted; otherwise 451, so the sending mail server delivers
 * the mail again later (a mail server's queue is the spool an RTMT alert mail deserves).
 */
async function acceptMail(opts: MailIntakeOptions, text: string, meta: MessageMeta): Promise<{ certificateEvents: number }> {
  const report = await opts.ingestText(text, meta);
  const lost = report.certificateEvents.filter((e) => e.outcome.startsWith('dropped')).length;
  if (lost > 0) throw new Error(`${lost} certificate event(s) could not be persisted`);
  return { certificateEvents: report.certificateEvents.length };
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startMailIntake(opts: MailIntakeOptions): Promise<MailIntake> {
  const { logger, metrics } = opts;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: opts.maxMessageBytes,
    banner: 'certwatch RTMT alert intake',
    onConnect(session, callback) {
      const address = session.remoteAddress.replace(/^::ffff:/, '');
      if (opts.allow && !opts.allow.check(address).allowed) {
        metrics.rejected.inc({ transport: 'smtp', reason: 'not-allowed' });
        return callback(smtpError('not allowed', 554));
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= opts.maxMessageBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        metrics.messagesReceived.inc({ transport: 'smtp' });
        metrics.bytesReceived.inc({ transport: 'smtp' }, size);
        if (size > opts.maxMessageBytes || (stream as { sizeExceeded?: boolean }).sizeExceeded) {
          metrics.rejected.inc({ transport: 'smtp', reason: 'oversized' });
          logger.warn({ event: 'MailIntakeRejected', reason: 'oversized', size }, 'RTMT mail rejected: too large');
          return callback(smtpError(`message larger than ${opts.maxMessageBytes} bytes`, 552));
        }
        const text = Buffer.concat(chunks).toString('utf8');
        acceptMail(opts, text, { transport: 'smtp', remoteAddress: session.remoteAddress, receivedAt: new Date() }).then(
          (result) => {
            logger.info({ event: 'MailIntakeAccepted', certificateEvents: result.certificateEvents, from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null }, 'RTMT alert mail received');
            callback();
          },
          (error: Error) => {
            // Not accepted: a temporary failure makes the sending MTA try again later.
            logger.error({ event: 'MailIntakeFailed', err: error.message }, 'RTMT alert mail not accepted');
            callback(smtpError('try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (error) => logger.warn({ event: 'MailIntakeError', err: error.message }, 'mail intake error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  logger.info({ event: 'MailIntakeListening', host: opts.host, port }, `RTMT alert mail intake (SMTP) on ${opts.host}:${port}`);
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
