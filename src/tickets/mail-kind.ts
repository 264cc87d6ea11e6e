// Which kind names a grouped mail. (The grouping itself is done by the mail job: it mails every pending ticket of
// its cluster once the grouping window of the first one has passed; see src/worker/mail-processor.ts.)
import type { MailKind } from './ticket.js';

/** What asks most of the reader comes first. */
const KIND_PRIORITY: MailKind[] = ['escalated', 'reopened', 'opened', 'expired-daily', 'reminder', 'quiet-confirm'];

export function leadingKind(kinds: readonly MailKind[]): MailKind {
  return KIND_PRIORITY.find((k) => kinds.includes(k)) ?? kinds[0] ?? 'opened';
}
