// Logs rejected input clearly without letting a flood of garbage flood the log: the first few per reason and
// minute are logged in full, the rest are summarised once a minute (the metrics count every one).
import type { Logger } from 'pino';

export interface RejectionLog {
  reject(reason: string, fields: Record<string, unknown>, detail: string): void;
}

export function createRejectionLog(logger: Logger, perReasonPerMinute = 20, now: () => number = Date.now): RejectionLog {
  const windows = new Map<string, { start: number; logged: number; suppressed: number }>();
  return {
    reject(reason, fields, detail) {
      const t = now();
      let w = windows.get(reason);
      if (!w || t - w.start >= 60_000) {
        if (w && w.suppressed > 0) {
          logger.warn({ event: 'MessagesRejectedSummary', reason, suppressed: w.suppressed }, `${w.suppressed} more messages rejected (${reason}) in the last minute`);
        }
        w = { start: t, logged: 0, suppressed: 0 };
        windows.set(reason, w);
      }
      if (w.logged < perReasonPerMinute) {
        w.logged += 1;
        logger.warn({ event: 'MessageRejected', reason, ...fields }, `message rejected (${reason}): ${detail}`);
      } else {
        w.suppressed += 1;
      }
    },
  };
}
