// Lifecycle decision on a timer tick: escalation with time, reminder ladder, daily after expiry, quiet detection.
import { SYSTEM_ACTOR, type Ticket } from './ticket.js';
import type { Policy } from './policy.js';
import { cloneTicket, dueLadderSteps, record, scheduleMail, type Decision, type TickReason } from './decision.js';
import { clusterSnoozeReaches, isSnoozed, type ClusterSnooze } from './snooze.js';
import { DAY_MS, TICKET_URGENCY_RANK, ticketUrgency } from './urgency.js';

export interface TickContext {
  now: Date;
  policy: Policy;
  /**
   * When the node whose alarm we expect to repeat (quietWatchNode(ticket)) last sent anything else (receive time), or
   * null when unknown. Only traffic proves the node is alive while its Certificate Monitor stays silent.
   */
  nodeLastTrafficAt: string | null;
  /** The snooze of the ticket's cluster (cluster-snoozes.ts), if one was set; absent: none. */
  clusterSnooze?: ClusterSnooze | null;
}

/** The node whose traffic the quiet rule watches: the one that sent the latest alarm (the ticket's node before any). */
export function quietWatchNode(ticket: Ticket): string {
  return ticket.latestEvent?.node ?? ticket.node;
}

/**
 * The alarm is overdue from this instant on (latest of node alarm time and our receive time, to be safe). Never for a
 * ticket no alarm reached (opened from discovery months ahead): no alarm was expected, so none can stop; discovery
 * itself tells when the certificate was renewed.
 */
export function quietDueAt(ticket: Ticket, policy: Policy): number {
  if (ticket.lastAlarmAt === null) return Number.POSITIVE_INFINITY;
  return Math.max(Date.parse(ticket.lastAlarmAt), Date.parse(ticket.lastSeenAt)) + policy.quietAfterMs;
}

/**
 * Decides what time alone does to a ticket, in this order:
 * 1. resolved: nothing ('resolved-no-change');
 *    then the snooze: a ticket first seen after its cluster was snoozed takes the cluster's snooze (recorded,
 *    'cluster-snooze-applied' when nothing below is due); a snooze whose end passed is cleared ('snooze-ended'), so
 *    reminders due now go out in this same decision;
 * 2. alarm overdue (no alarm for longer than quietAfterMs) and the node sent other traffic after that point:
 *    quiet + mail asking to confirm the renewal ('quiet-suspected'); overdue without such traffic: nothing changes
 *    ('silent-node-no-change'), but reminders below still apply;
 * 3. urgency rose as the expiry approached: mail even if acknowledged ('escalated');
 * 4. after expiry, every 24 h since the last mail while not acknowledged: 'expired-daily-due';
 * 5. a ladder step (days before expiry; window precision from the earliest possible expiry) not yet covered by a
 *    mail, while not acknowledged: one reminder covering every step due ('reminder-due');
 * 6. urgency changed without anything to mail ('urgency-aged'), else 'nothing-due'.
 * Quiet tickets get no reminders: the renewal question is already asked. A snoozed ticket gets no reminders either
 * (4 and 5 answer 'snoozed' instead), but escalations still mail, marked as sent during the snooze (scheduleMail).
 */
export function decideOnTick(existing: Ticket, ctx: TickContext): Decision<TickReason> {
  const t = cloneTicket(existing);
  const { now, policy } = ctx;
  if (existing.status === 'resolved') return { ticket: t, reason: 'resolved-no-change' };

  let snoozeChange: 'cluster-snooze-applied' | 'snooze-ended' | null = null;
  const cluster = ctx.clusterSnooze;
  if (cluster && clusterSnoozeReaches(existing, cluster, now)) {
    t.snoozedUntil = cluster.until;
    record(
      t,
      t.status,
      'cluster-snooze-applied',
      cluster.by,
      now,
      `cluster ${cluster.clusterId} snoozed until ${cluster.until}`,
      cluster.note,
    );
    snoozeChange = 'cluster-snooze-applied';
  } else if (existing.snoozedUntil !== null && !isSnoozed(existing, now)) {
    t.snoozedUntil = null;
    record(t, t.status, 'snooze-ended', SYSTEM_ACTOR, now, `snoozed until ${existing.snoozedUntil}`);
    snoozeChange = 'snooze-ended';
  }
  const snoozed = isSnoozed(t, now);

  let silent = false;
  if (existing.status !== 'quiet') {
    const overdueAt = quietDueAt(existing, policy);
    if (now.getTime() > overdueAt) {
      const traffic = ctx.nodeLastTrafficAt === null ? Number.NaN : Date.parse(ctx.nodeLastTrafficAt);
      if (traffic > overdueAt) {
        record(
          t,
          'quiet',
          'quiet-suspected',
          SYSTEM_ACTOR,
          now,
          `no ${existing.alarm} since ${existing.lastAlarmAt}; ${quietWatchNode(existing)} sent other messages until ${ctx.nodeLastTrafficAt}`,
        );
        scheduleMail(t, 'quiet-confirm', 'quiet-suspected', policy, now);
        return { ticket: t, reason: 'quiet-suspected' };
      }
      silent = true;
    }
  }
  if (existing.status === 'quiet') return { ticket: t, reason: snoozeChange ?? 'nothing-due' };

  const urgency = ticketUrgency(existing.expiry, existing.urgency, now);
  const rose = TICKET_URGENCY_RANK[urgency] > TICKET_URGENCY_RANK[existing.urgency];
  t.urgency = urgency;
  if (rose) {
    record(t, t.status, 'escalated', SYSTEM_ACTOR, now, `${existing.urgency} -> ${urgency} (time passed)`);
    scheduleMail(t, 'escalated', 'escalated', policy, now);
    return { ticket: t, reason: 'escalated' };
  }

  const acknowledged = existing.status === 'acknowledged';
  if (!acknowledged && urgency === 'expired' && policy.dailyAfterExpiry) {
    const last = Date.parse(existing.lastMailDecidedAt ?? existing.firstSeenAt);
    if (now.getTime() - last >= DAY_MS) {
      if (snoozed) return { ticket: t, reason: 'snoozed' };
      record(t, t.status, 'expired-daily-due', SYSTEM_ACTOR, now);
      scheduleMail(t, 'expired-daily', 'expired-daily-due', policy, now);
      return { ticket: t, reason: 'expired-daily-due' };
    }
  }

  if (!acknowledged) {
    const pending = dueLadderSteps(existing, policy, now).filter((d) => !existing.remindersSent.includes(d));
    if (pending.length > 0) {
      if (snoozed) return { ticket: t, reason: 'snoozed' };
      record(t, t.status, 'reminder-due', SYSTEM_ACTOR, now, `${Math.min(...pending)} day(s) before expiry`);
      scheduleMail(t, 'reminder', 'reminder-due', policy, now);
      return { ticket: t, reason: 'reminder-due' };
    }
  }

  if (urgency !== existing.urgency) return { ticket: t, reason: 'urgency-aged' };
  return { ticket: t, reason: snoozeChange ?? (silent ? 'silent-node-no-change' : 'nothing-due') };
}
