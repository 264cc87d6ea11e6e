// One mail sent for a queue job, the same way for every mail kind: a failure is counted and logged, and becomes a
// BullMQ retry when the transport says it is worth retrying, or an unrecoverable failure when it is not.
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { ComposedMail } from '../notify/compose-mail.js';
import { MailDeliveryError, type Delivery, type MailTransport } from '../notify/mail-transport.js';
import type { Metrics } from '../observability/metrics.js';

export interface JobDelivery {
  transport: MailTransport;
  metrics: Metrics;
  logger: Logger;
  /** The log event of a failure (e.g. PlanMailFailed) and what the mail is, for its message. */
  failedEvent: string;
  what: string;
  jobId: string;
}

export async function deliverForJob(mail: ComposedMail, d: JobDelivery): Promise<Delivery> {
  try {
    return await d.transport.send(mail);
  } catch (error) {
    const retryable = !(error instanceof MailDeliveryError) || error.retryable;
    d.metrics.mails.inc({ outcome: retryable ? 'failed-retry' : 'failed-permanent' });
    d.logger.error(
      { event: d.failedEvent, jobId: d.jobId, retryable, err: (error as Error).message },
      `${d.what} not delivered`,
    );
    if (!retryable) throw new UnrecoverableError((error as Error).message);
    throw error;
  }
}
