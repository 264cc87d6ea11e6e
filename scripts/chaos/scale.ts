// How long and how big: one factor (CHAOS_SCALE, default 1 = the sizes of issue 9: Redis frozen 40 s, SMTP down
// 60 s, a million node names, 10,000 connections) shrinks every duration and count, so CI can run short versions.
export interface Scale {
  factor: number;
  /** A duration of the full run, scaled, in ms (never below `minMs`). */
  ms(fullSeconds: number, minMs?: number): number;
  /** A count of the full run, scaled (never below `min`). */
  count(full: number, min?: number): number;
  /** The most a scenario waits for its books to balance after the fault. */
  settleMs: number;
}

export function scaleOf(factor: number, settleSeconds = 180): Scale {
  if (!(factor > 0 && factor <= 1)) throw new RangeError(`CHAOS_SCALE must be in (0, 1], got ${factor}`);
  return {
    factor,
    ms: (fullSeconds, minMs = 1000) => Math.max(minMs, Math.round(fullSeconds * 1000 * factor)),
    count: (full, min = 1) => Math.max(min, Math.round(full * factor)),
    settleMs: settleSeconds * 1000,
  };
}

export function scaleFromEnv(env: NodeJS.ProcessEnv = process.env): Scale {
  return scaleOf(Number(env.CHAOS_SCALE ?? '1'), Number(env.CHAOS_SETTLE_SECONDS ?? '180'));
}
