// Sends a node-silence ticket's mail (its opening or its resolution) to the cluster's recipients, on the plan mails'
// delivery path: the job is one per revision (its id), the composed mail is stored before sending (a retry sends the
// same mail, same Message-ID), the same transport (SMTP, else the outbox), and the ticket records what was sent.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import { unknownCluster } from '../domain/cluster.js';
import { messageIdDomain, messageIdFor, type ComposedMail } from '../notify/compose-mail.js';
import type { MailTransport } from '../notify/mail-transport.js';
import { composeNodeSilenceMail } from '../notify/node-silence-mail.js';
import type { Metrics } from '../observability/metrics.js';
import type { NodeSilenceMailJobData } from '../queue/jobs.js';
import { redisKeys } from '../redis/keys.js';
import { recordSilenceMailed, type NodeSilenceTicket } from '../tickets/node-silence.js';
import type { NodeSilenceStore } from '../tickets/node-silence-store.js';
import { slug } from '../tickets/slug.js';
import { deliverForJob } from './deliver-for-job.js';

export interface NodeSilenceMailDeps {
  redis: Redis;
  silences: NodeSilenceStore;
  clusters: Pick<ClusterDirectory, 'get'>;
  /** SMTP when configured, else the outbox. */
  transport: MailTransport;
  /** Always the outbox: used when a mail has no recipient at all. */
  outbox: MailTransport;
  from: string;
  defaultTo: string[];
  silenceAfterMs: number;
  /** This installation's id (src/redis/install-id.ts), for the Message-ID. */
  installId: () => Promise<string>;
  metrics: Metrics;
  logger: Logger;
}

/**
 * 'sent'; 'already-mailed': the ticket records this revision's mail; 'superseded': the ticket moved on before this
 * revision was composed (its next revision has its own job); 'gone': no such ticket.
 */
export type NodeSilenceMailOutcome = 'sent' | 'already-mailed' | 'superseded' | 'gone';

interface StoredSilenceMail {
  mail: ComposedMail;
  noRecipients: boolean;
}

/** As long as the plan mails' records: a retry within it resends exactly that mail. */
const RECORD_TTL_S = 30 * 24 * 3600;

export function createNodeSilenceMailProcessor(deps: NodeSilenceMailDeps) {
  const { redis, silences, metrics, logger } = deps;

  async function compose(
    jobId: string,
    data: NodeSilenceMailJobData,
    ticket: NodeSilenceTicket,
  ): Promise<StoredSilenceMail> {
    const cluster = deps.clusters.get(ticket.clusterId) ?? unknownCluster(ticket.clusterId, ticket.clusterId);
    const to = cluster.recipients.length > 0 ? cluster.recipients : deps.defaultTo;
    const readableId = ['node-silence', slug(ticket.clusterId), slug(ticket.node)].join('.');
    const messageId = messageIdFor([readableId], [data.revision], {
      installId: await deps.installId(),
      domain: messageIdDomain(deps.from),
    });
    // The resolution replies to this silence's opening mail (the revision before it), when that was sent.
    const opening =
      ticket.status === 'resolved'
        ? (ticket.mailed.find((m) => m.revision === data.revision - 1)?.messageId ?? null)
        : null;
    const record: StoredSilenceMail = {
      mail: composeNodeSilenceMail({
        ticket,
        cluster,
        silenceAfterMs: deps.silenceAfterMs,
        from: deps.from,
        to,
        messageId,
        openingMessageId: opening,
      }),
      noRecipients: to.length === 0,
    };
    // NX: if another attempt already stored a composition for this job, that one is the mail to (re)send.
    await redis.set(redisKeys.mailRecord(jobId), JSON.stringify(record), 'EX', RECORD_TTL_S, 'NX');
    const stored = await redis.get(redisKeys.mailRecord(jobId));
    return stored ? (JSON.parse(stored) as StoredSilenceMail) : record;
  }

  return async function processNodeSilenceMail(
    jobId: string,
    data: NodeSilenceMailJobData,
    now: Date,
  ): Promise<NodeSilenceMailOutcome> {
    const ticket = await silences.get(data.silenceId);
    if (!ticket) return 'gone';
    if (ticket.mailed.some((m) => m.revision === data.revision)) {
      metrics.mails.inc({ outcome: 'skipped-already-sent' });
      return 'already-mailed';
    }
    const stored = await redis.get(redisKeys.mailRecord(jobId));
    if (stored === null && ticket.revision !== data.revision) {
      logger.info(
        {
          event: 'NodeSilenceMailSkipped',
          jobId,
          silenceId: data.silenceId,
          reason: 'superseded',
          revision: data.revision,
          current: ticket.revision,
        },
        'the silence changed before its mail was composed: the newer revision is mailed instead',
      );
      return 'superseded';
    }
    const record = stored === null ? await compose(jobId, data, ticket) : (JSON.parse(stored) as StoredSilenceMail);
    if (record.noRecipients) {
      logger.warn(
        { event: 'MailNoRecipients', jobId },
        'no recipients (cluster has none and MAIL_TO is unset): mail written to the outbox',
      );
    }
    const delivery = await deliverForJob(record.mail, {
      transport: record.noRecipients ? deps.outbox : deps.transport,
      metrics,
      logger,
      failedEvent: 'NodeSilenceMailFailed',
      what: 'node-silence mail',
      jobId,
    });
    const sent = { revision: data.revision, messageId: record.mail.messageId, at: now.toISOString() };
    await silences.update(data.silenceId, (t) => (t === null ? null : recordSilenceMailed(t, sent)));
    metrics.mails.inc({ outcome: delivery.via === 'smtp' ? 'sent' : 'outbox' });
    logger.info(
      {
        event: 'NodeSilenceMailed',
        jobId,
        silenceId: data.silenceId,
        revision: data.revision,
        messageId: sent.messageId,
        via: delivery.via,
      },
      `node-silence mail sent: ${record.mail.subject}`,
    );
    return 'sent';
  };
}
