// Sends the plan mail for a cluster's pending tickets. Exactly one mail per ticket revision: the tickets record what
// was mailed, the composed mail is stored before sending (a retry sends the same mail, same Message-ID), and a
// per-cluster lock keeps two workers from mailing the same tickets.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import { createDiscoveryStore } from '../discovery/store.js';
import type { Metrics } from '../observability/metrics.js';
import { boundMail } from '../notify/mail-bounds.js';
import { createMailGroups } from '../notify/mail-groups.js';
import {
  draftPlanMail,
  mailGroupId,
  messageIdDomain,
  messageIdFor,
  type ComposedMail,
} from '../notify/compose-mail.js';
import { installIdOf } from '../redis/install-id.js';
import type { MailTransport } from '../notify/mail-transport.js';
import { threadSubjectOf } from '../notify/subject.js';
import { redisKeys } from '../redis/keys.js';
import { migrateDocument, type MigrationStep } from '../redis/schema-version.js';
import { leadingKind } from '../tickets/mail-kind.js';
import { recordMailSent, unmailedRevision, wasMailed } from '../tickets/record-mail.js';
import type { Ticket } from '../tickets/ticket.js';
import { copyDelivery, selectMail } from '../tickets/trust-copies.js';
import type { TicketStore } from '../tickets/ticket-store.js';
import type { MailJobData } from '../queue/jobs.js';
import type { PlanOptions } from '../plan/build-plan.js';
import { planForTickets } from '../plan/ticket-plan.js';
import { deliverForJob } from './deliver-for-job.js';

export interface MailProcessorDeps {
  redis: Redis;
  store: TicketStore;
  clusters: ClusterDirectory;
  /** SMTP when configured, else the outbox. */
  transport: MailTransport;
  /** Always the outbox: used when a mail has no recipient at all. */
  outbox: MailTransport;
  from: string;
  defaultTo: string[];
  publicUrl: string | undefined;
  lockMs: number;
  /** MAIL_MAX_TICKETS: the job's own ticket and the most urgent others; the rest wait for the next mail. */
  maxTickets: number;
  /** MAIL_MAX_BYTES: one whole mail, attachments included (and so its stored record). */
  maxBytes: number;
  /** The service's plan settings (PLAN_STEP_GAP_DAYS). */
  planOptions: PlanOptions;
  metrics: Metrics;
  logger: Logger;
}

export interface MailRecord {
  schemaVersion: number;
  mail: ComposedMail;
  members: { ticketId: string; revision: number }[];
  noRecipients: boolean;
}

const MAIL_RECORD_STEPS: readonly MigrationStep[] = [
  // 0 -> 1: same shape; records written before versions existed just carry no schemaVersion.
  (doc) => doc,
  // 1 -> 2: mails carry their runbook as attachments; an older mail had the plan in its body, and none.
  (doc) => ({ ...doc, mail: { attachments: [], ...(doc.mail as Record<string, unknown>) } }),
];
const MAIL_RECORD_SCHEMA_VERSION = MAIL_RECORD_STEPS.length;

/** The stored mail record of a job, brought to today's version (a newer one is refused: NewerSchemaError). */
function readMailRecord(jobId: string, raw: string): MailRecord {
  return migrateDocument(
    `mail record ${jobId}`,
    JSON.parse(raw) as Record<string, unknown>,
    MAIL_RECORD_STEPS,
  ) as unknown as MailRecord;
}

export type MailJobOutcome =
  'sent' | 'already-mailed' | 'in-another-mail' | 'covered-by-own-ticket' | 'nothing-pending';

/** How long a composed mail and its claims are kept (a retry resends exactly that mail). */
const MAIL_RECORD_TTL_S = 30 * 24 * 3600;

// The lock (MAIL_LOCK_MS) is short so a crashed worker blocks its cluster's mail only briefly, and renewed every
// third of it while a send is slow.
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
// Stores a job's composed mail unless an earlier attempt stored one, in one round trip: returns the earlier record, or
// false when this one was stored (then it is not read back: a mail record may be megabytes).
const STORE_RECORD_SCRIPT = `local earlier = redis.call('GET', KEYS[1]) if earlier then return earlier end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return false`;
const RENEW_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export class MailLockBusyError extends Error {}

export function createMailProcessor(deps: MailProcessorDeps) {
  const { redis, store, clusters, metrics, logger } = deps;
  const mailGroups = createMailGroups(redis);
  const discovery = createDiscoveryStore(redis, clusters);
  // Read once per worker (it never changes once stored); a failed read is tried again by the next mail.
  let installId: Promise<string> | null = null;
  const currentInstallId = () => {
    installId ??= installIdOf(redis).catch((error: unknown) => {
      installId = null;
      throw error;
    });
    return installId;
  };

  /** The job that claimed each ticket's pending revision, if any. */
  async function claimsOf(tickets: readonly Ticket[]): Promise<(string | null)[]> {
    if (tickets.length === 0) return [];
    return redis.mget(tickets.map((t) => redisKeys.mailClaim(t.id, t.pendingMail!.revision)));
  }

  async function compose(jobId: string, ownTicketId: string, clusterId: string, now: Date): Promise<MailRecord | null> {
    // The cluster's own index: the cost of a mail grows with its cluster's tickets, not with all tickets.
    const clusterTickets = await store.ofCluster(clusterId);
    const unmailed = clusterTickets.filter((t) => unmailedRevision(t));
    // A revision already in another job's composed mail stays there (that job resends it): never in a second mail.
    const claims = await claimsOf(unmailed);
    const free = unmailed.filter((_, i) => claims[i] === null || claims[i] === jobId);
    // At most maxTickets: the job's own ticket (so every ticket's own job mails it at the latest), then the others in
    // expiry order (the list's order); those left out stay pending for the next job of the cluster. Trust copies whose
    // own ticket is worked on ride on its mail (trust-copies.ts) and do not count.
    const ordered = [...free.filter((t) => t.id === ownTicketId), ...free.filter((t) => t.id !== ownTicketId)];
    const { tickets, riders, copies, capped } = selectMail(ordered, clusterTickets, deps.maxTickets);
    if (capped > 0) {
      logger.info(
        {
          event: 'PlanMailCapped',
          jobId,
          clusterId,
          mailed: tickets.length,
          left: capped,
          maxTickets: deps.maxTickets,
        },
        'MAIL_MAX_TICKETS reached: the other tickets go in the next mail',
      );
    }
    if (tickets.length === 0) return null;
    // What discovery filled stands in for the inventory's unknowns; its conflicts are plan notices, never applied.
    const { cluster, options } = await discovery.planInput(clusterId);
    const rendered = planForTickets(cluster, tickets, now, { ...deps.planOptions, ...options });
    for (const u of rendered.unplanned) {
      metrics.planFailures.inc();
      logger.error(
        { event: 'PlanBuildFailed', jobId, clusterId, ticketId: u.ticketId, unit: u.unit, err: u.error },
        'no plan for this ticket: mailed without one, named in the plan notices',
      );
    }
    const to = cluster.recipients.length > 0 ? cluster.recipients : deps.defaultTo;
    // The riding copies' revisions are delivered with this mail: recorded on them like on the tickets it is about.
    const members = [...tickets, ...riders].map((t) => ({ ticketId: t.id, revision: t.pendingMail!.revision }));
    const ids = members.map((m) => m.ticketId);
    const revisions = members.map((m) => m.revision);
    const messageId = messageIdFor(ids, revisions, {
      installId: await currentInstallId(),
      domain: messageIdDomain(deps.from),
    });
    // The thread of the first ticket that has one, and the subject it started with.
    const threadTicket = tickets.find((t) => t.threadMessageId);
    const thread = threadTicket?.threadMessageId ?? null;
    const { mail: composed, bound } = boundMail(
      draftPlanMail({
        tickets,
        copies,
        cluster,
        runbook: rendered,
        kind: leadingKind([...tickets, ...riders].map((t) => t.pendingMail!.kind)),
        now,
        from: deps.from,
        to,
        messageId,
        groupId: mailGroupId(ids, revisions),
        threadMessageId: thread,
        threadSubject: threadTicket?.threadSubject ?? null,
        ticketUrlBase: deps.publicUrl,
      }),
      deps.maxBytes,
    );
    if (!bound.fits) {
      metrics.mailsCut.inc({ reason: bound.reason });
      logger.warn(
        {
          event: 'PlanMailCut',
          jobId,
          clusterId,
          reason: bound.reason,
          bytes: bound.bytes,
          maxBytes: deps.maxBytes,
          dropped: bound.dropped,
        },
        'plan mail over MAIL_MAX_BYTES: sent without the parts named in dropped',
      );
    }
    const record: MailRecord = {
      schemaVersion: MAIL_RECORD_SCHEMA_VERSION,
      mail: composed,
      members,
      noRecipients: to.length === 0,
    };
    // Claims first: a crash before the record is stored leaves them to this same job's retry.
    const claiming = redis.multi();
    for (const m of members) claiming.set(redisKeys.mailClaim(m.ticketId, m.revision), jobId, 'EX', MAIL_RECORD_TTL_S);
    await claiming.exec();
    // If another attempt already stored a composition for this job, that one is the mail to (re)send.
    const earlier = (await redis.eval(
      STORE_RECORD_SCRIPT,
      1,
      redisKeys.mailRecord(jobId),
      JSON.stringify(record),
      String(MAIL_RECORD_TTL_S),
    )) as string | null;
    return earlier ? readMailRecord(jobId, earlier) : record;
  }

  return async function processMailJob(jobId: string, data: MailJobData, now: Date): Promise<MailJobOutcome> {
    const lockKey = redisKeys.mailLock(data.clusterId);
    const token = randomUUID();
    if ((await redis.set(lockKey, token, 'PX', deps.lockMs, 'NX')) !== 'OK') {
      throw new MailLockBusyError(`mail lock for ${data.clusterId} is busy`);
    }
    const renew = setInterval(
      () => {
        redis.eval(RENEW_SCRIPT, 1, lockKey, token, String(deps.lockMs)).catch((error: Error) => {
          logger.warn(
            { event: 'MailLockRenewFailed', clusterId: data.clusterId, err: error.message },
            'could not renew the mail lock; another worker may take the cluster over',
          );
        });
      },
      Math.max(250, deps.lockMs / 3),
    );
    try {
      const stored = await redis.get(redisKeys.mailRecord(jobId));
      let record = stored ? readMailRecord(jobId, stored) : null;
      if (!record) {
        const own = await store.get(data.ticketId);
        if (own && !unmailedRevision(own)) {
          metrics.mails.inc({ outcome: 'skipped-already-sent' });
          logger.info(
            { event: 'PlanMailSkipped', jobId, ticketId: data.ticketId, reason: 'already-mailed' },
            'revision already mailed (grouped or earlier)',
          );
          return 'already-mailed';
        }
        const [claim] = own ? await claimsOf([own]) : [null];
        if (claim && claim !== jobId) {
          metrics.mails.inc({ outcome: 'skipped-in-other-mail' });
          logger.info(
            { event: 'PlanMailSkipped', jobId, ticketId: data.ticketId, reason: 'in-another-mail', mailJobId: claim },
            "revision is in another job's mail, which delivers (or retries) it",
          );
          return 'in-another-mail';
        }
        // A trust copy whose own ticket is worked on goes out with the own ticket's mail, never alone: when the own
        // ticket has nothing to mail now, its next mail carries the copy's revision (trust-copies.ts).
        if (own && own.linkedTicketId !== null) {
          const linked = await store.get(own.linkedTicketId);
          if (copyDelivery(own, linked) === 'covered-by-own-ticket' && !(linked && unmailedRevision(linked))) {
            metrics.mails.inc({ outcome: 'skipped-covered-by-own-ticket' });
            logger.info(
              {
                event: 'PlanMailSkipped',
                jobId,
                ticketId: data.ticketId,
                reason: 'covered-by-own-ticket',
                ownTicketId: own.linkedTicketId,
              },
              "trust copy: its revision goes out with the own ticket's next mail",
            );
            return 'covered-by-own-ticket';
          }
        }
        record = await compose(jobId, data.ticketId, data.clusterId, now);
        if (!record) return 'nothing-pending';
      }
      // A retry after the tickets were already updated must not send again.
      const current = await store.getMany(record.members.map((m) => m.ticketId));
      const stillDue = record.members.filter((m, i) => {
        const ticket = current[i];
        return !ticket || !wasMailed(ticket, m.revision);
      });
      if (stillDue.length === 0) {
        metrics.mails.inc({ outcome: 'skipped-already-sent' });
        return 'already-mailed';
      }
      let transport = deps.transport;
      if (record.noRecipients) {
        logger.warn(
          { event: 'MailNoRecipients', jobId },
          'no recipients (cluster has none and MAIL_TO is unset): mail written to the outbox',
        );
        transport = deps.outbox;
      }
      const delivery = await deliverForJob(record.mail, {
        transport,
        metrics,
        logger,
        failedEvent: 'PlanMailFailed',
        what: 'plan mail',
        jobId,
      });
      // Tickets without a thread start one here: this mail's Message-ID and subject (a record stored before an upgrade
      // has an older subject, which is what its thread then keeps).
      // The group first (members and runbook), then the tickets naming it: every recorded groupId resolves.
      const groupId = mailGroupId(
        record.members.map((m) => m.ticketId),
        record.members.map((m) => m.revision),
      );
      await mailGroups.record({
        groupId,
        messageId: record.mail.messageId,
        at: now.toISOString(),
        members: record.members,
        attachments: record.mail.attachments,
      });
      const sent = { messageId: record.mail.messageId, threadSubject: threadSubjectOf(record.mail.subject), groupId };
      // Every member's record in one pipeline (a member changed meanwhile is re-read and recorded on its own).
      await store.updateEach(
        record.members.map((m) => ({
          id: m.ticketId,
          change: (t: Ticket | null) => t && recordMailSent(t, { ...sent, revision: m.revision }, now).ticket,
        })),
      );
      metrics.mails.inc({ outcome: delivery.via === 'smtp' ? 'sent' : 'outbox' });
      logger.info(
        {
          event: 'PlanMailed', jobId, messageId: record.mail.messageId, tickets: record.members.map((m) => m.ticketId),
          importance: record.mail.headers.Importance, via: delivery.via, detail: delivery.detail,
        },
        `plan mail sent: ${record.mail.subject}`,
      );
      return 'sent';
    } finally {
      clearInterval(renew);
      await redis.eval(RELEASE_SCRIPT, 1, lockKey, token);
    }
  };
}
