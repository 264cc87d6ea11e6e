// The ticket policy: reminder ladder and quiet rule, with documented defaults. (Grouping mails is the mail
// producer's business: MAIL_GROUP_WINDOW_MS.)

export interface Policy {
  /** Days before expiry at which a reminder is mailed, each once (0 = when it expires). Window precision counts from
   * the earliest possible expiry. */
  reminderDays: number[];
  /** The Certificate Monitor repeats an alarm at least daily; no alarm for longer than this while the node keeps
   * sending other messages means the certificate was probably renewed. */
  quietAfterMs: number;
  /** After expiry, remind every 24 h while the ticket is not acknowledged. */
  dailyAfterExpiry: boolean;
  /** A node of a known cluster heard once and silent for this long gets a node-silence ticket (node-silence.ts): its
   * syslog path may be broken, and with it every alarm the node would send. */
  nodeSilenceAfterMs: number;
}

/**
 * One ladder for every ticket (issue 12): a certificate that discovery reads months ahead is reminded at 90, 60 and 30
 * days, which leaves room for a plan whose trust-anchor steps each want their own maintenance window; an alarm-opened
 * ticket (the Certificate Monitor alarms 7 days ahead) finds the earlier steps already past and covered by its first
 * mail.
 * REMINDER_DAYS (config/schema.ts) defaults to this.
 */
export const DEFAULT_REMINDER_DAYS: readonly number[] = Object.freeze([90, 60, 30, 14, 7, 3, 1, 0]);

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  reminderDays: [...DEFAULT_REMINDER_DAYS],
  quietAfterMs: 36 * 60 * 60 * 1000,
  dailyAfterExpiry: true,
  nodeSilenceAfterMs: 48 * 60 * 60 * 1000,
});

/** Defaults filled in, ladder de-duplicated and sorted descending; throws on values that make no sense. */
export function policyFrom(partial: Partial<Policy> = {}): Policy {
  const p: Policy = {
    ...DEFAULT_POLICY,
    ...partial,
    reminderDays: [...(partial.reminderDays ?? DEFAULT_POLICY.reminderDays)],
  };
  for (const d of p.reminderDays) {
    if (!Number.isFinite(d) || d < 0) throw new RangeError(`reminderDays: ${d} is not a number of days >= 0`);
  }
  if (!Number.isFinite(p.quietAfterMs) || p.quietAfterMs <= 0) throw new RangeError('quietAfterMs must be > 0');
  if (!Number.isFinite(p.nodeSilenceAfterMs) || p.nodeSilenceAfterMs <= 0) {
    throw new RangeError('nodeSilenceAfterMs must be > 0');
  }
  p.reminderDays = [...new Set(p.reminderDays)].sort((a, b) => b - a);
  return p;
}
