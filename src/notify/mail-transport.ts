// Delivers composed mails: over SMTP through nodemailer when SMTP_URL is set, else as .eml files in the outbox folder.
// Every failure says whether it is worth retrying (Alertmanager's notifier habit).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { ComposedMail } from './compose-mail.js';

/** Where a mail went: an SMTP relay, or an .eml file in the outbox. */
export type MailVia = 'smtp' | 'outbox';

export interface Delivery {
  via: MailVia;
  /** SMTP server response, or the .eml path. */
  detail: string;
}

export class MailDeliveryError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

export interface MailTransport {
  /** Sends exactly what the pure composer produced. */
  send(mail: ComposedMail): Promise<Delivery>;
  close(): void;
}

/** SMTP reply codes 5xx are permanent (bad recipient, policy); 4xx and connection problems are transient. */
export function isRetryableSmtpError(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') return e.responseCode < 500 || e.responseCode >= 600;
  // EENVELOPE without a response code means nodemailer refused the addresses itself: permanent.
  if (e.code === 'EENVELOPE') return false;
  return true;
}

function toNodemailer(mail: ComposedMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    headers: mail.headers,
  };
}

export function createSmtpTransport(smtpUrl: string, logger: Logger): MailTransport {
  // The URL carries host, port, auth and TLS (smtps:// for implicit TLS; STARTTLS is used when offered).
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail(toNodemailer(mail));
        return { via: 'smtp', detail: String(info.response ?? '') };
      } catch (error) {
        const retryable = isRetryableSmtpError(error);
        logger.warn(
          { event: 'SmtpSendFailed', messageId: mail.messageId, retryable, err: error },
          'SMTP delivery failed',
        );
        throw new MailDeliveryError((error as Error).message, retryable);
      }
    },
    close() {
      transporter.close();
    },
  };
}

/** File name from the Message-ID alone: sending the same revision twice rewrites the same file, never a second one. */
export function outboxFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}

export function createOutboxTransport(outboxDir: string, logger: Logger): MailTransport {
  mkdirSync(outboxDir, { recursive: true });
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transporter.sendMail(toNodemailer(mail));
      const path = join(outboxDir, outboxFileName(mail.messageId));
      const temp = `${path}.tmp`;
      try {
        writeFileSync(temp, info.message as Buffer);
        renameSync(temp, path);
      } catch (error) {
        // A full or read-only disk may heal: retry.
        throw new MailDeliveryError(`cannot write ${path}: ${(error as Error).message}`, true);
      }
      logger.info({ event: 'MailWrittenToOutbox', path, to: mail.to }, 'mail written to the outbox (no SMTP_URL set)');
      return { via: 'outbox', detail: path };
    },
    close() {},
  };
}
