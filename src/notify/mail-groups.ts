// What one sent mail held, kept per mail group (its X-Certwatch-Group id) in Redis: the members (ticket ids and the
// revisions it delivered) and the runbook it carried. Written by the mail worker before the tickets record the mail;
// read by `POST /api/v1/mail-groups/:id/ack` (the members as they were mailed, followed where they were re-homed since)
// and `GET /api/v1/tickets/:id/runbook` (the runbook of a ticket's last mail, with that mail's deadlines).
import type { Redis } from 'ioredis';
import { redisKeys } from '../redis/keys.js';
import type { MailAttachment } from './runbook-attachments.js';

/** As long as a re-homed ticket's old id redirects (TICKET_MOVE_TTL_S): replies to a mail arrive within it. */
export const MAIL_GROUP_TTL_S = 90 * 24 * 3600;

export interface MailGroupRecord {
  groupId: string;
  messageId: string;
  /** When the mail was sent (ISO, UTC). */
  at: string;
  /** The tickets it delivered a revision of (the tickets it is about and the trust copies riding on them). */
  members: { ticketId: string; revision: number }[];
  /** The runbook attachments the mail carried (none when MAIL_MAX_BYTES cut them). */
  attachments: MailAttachment[];
}

export interface MailGroups {
  /** Stores the record (the same group sent again, by a retry, writes the same members). */
  record(group: MailGroupRecord): Promise<void>;
  /** The record of a group, or null (never recorded, expired, or a mail sent before groups were recorded). */
  get(groupId: string): Promise<MailGroupRecord | null>;
}

function isMailGroupRecord(value: unknown): value is MailGroupRecord {
  const v = value as Partial<MailGroupRecord> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.groupId === 'string' &&
    typeof v.messageId === 'string' &&
    Array.isArray(v.members) &&
    v.members.every((m) => typeof m?.ticketId === 'string' && typeof m.revision === 'number') &&
    Array.isArray(v.attachments)
  );
}

export function createMailGroups(redis: Redis): MailGroups {
  return {
    async record(group) {
      await redis.set(redisKeys.mailGroup(group.groupId), JSON.stringify(group), 'EX', MAIL_GROUP_TTL_S);
    },
    async get(groupId) {
      const raw = await redis.get(redisKeys.mailGroup(groupId));
      if (raw === null) return null;
      try {
        const parsed: unknown = JSON.parse(raw);
        return isMailGroupRecord(parsed) ? parsed : null;
      } catch {
        return null;
      }
    },
  };
}
