// Logs rejected input clearly without letting a flood of garbage flood the log: the first few per reason and
// minute are logged in full, the rest are counted and summarised in one line when the minute is over (the metrics
// count every one). The summary is written by a timer at the end of the minute, not by the next rejection: a flood
// that stops is still summarised, and an operator reading the log sees how much was held back while it lasted.
import type { Logger } from 'pino';

export interface RejectionLog {
  reject(reason: string, fields: Record<string, unknown>, detail: string): void;
  /** Writes the summaries of the minutes still running now (at shutdown: what was held back is not lost). */
  flush(): void;
}

const WINDOW_MS = 60_000;

interface Window {
  start: number;
  logged: number;
  suppressed: number;
  /** Set once something was held back: writes the summary when the window ends. */
  summaryTimer: NodeJS.Timeout | undefined;
}

export function createRejectionLog(
  logger: Logger,
  perReasonPerMinute = 20,
  now: () => number = Date.now,
): RejectionLog {
  const windows = new Map<string, Window>();

  /** Ends a reason's window: its summary, if anything was held back, and a fresh allowance for what comes next. */
  function close(reason: string, w: Window): void {
    clearTimeout(w.summaryTimer);
    windows.delete(reason);
    if (w.suppressed > 0) {
      logger.warn(
        { event: 'MessagesRejectedSummary', reason, suppressed: w.suppressed },
        `${w.suppressed} more messages rejected (${reason}) in the last minute`,
      );
    }
  }

  return {
    reject(reason, fields, detail) {
      const t = now();
      let w = windows.get(reason);
      // The timer may fire late on a busy event loop: a rejection after the window's end closes it first.
      if (w && t - w.start >= WINDOW_MS) close(reason, w);
      w = windows.get(reason);
      if (!w) {
        w = { start: t, logged: 0, suppressed: 0, summaryTimer: undefined };
        windows.set(reason, w);
      }
      if (w.logged < perReasonPerMinute) {
        w.logged += 1;
        logger.warn({ event: 'MessageRejected', reason, ...fields }, `message rejected (${reason}): ${detail}`);
        return;
      }
      w.suppressed += 1;
      if (w.summaryTimer === undefined) {
        const window = w;
        // unref: a pending summary never keeps the process alive (shutdown calls flush).
        window.summaryTimer = setTimeout(
          () => close(reason, window),
          Math.max(0, window.start + WINDOW_MS - t),
        ).unref();
      }
    },
    flush() {
      for (const [reason, w] of [...windows]) close(reason, w);
    },
  };
}
