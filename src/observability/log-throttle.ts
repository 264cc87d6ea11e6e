// "Logged once per minute": the first occurrence is logged at once, later ones within the interval are only counted
// and reported with the next line that is logged.

export interface LogThrottle {
  /** Null while the interval runs (the occurrence is counted); else how many were held back since the last line. */
  due(): { suppressed: number } | null;
}

export function createLogThrottle(intervalMs = 60_000, now: () => number = Date.now): LogThrottle {
  let last = -Infinity;
  let suppressed = 0;
  return {
    due() {
      const t = now();
      if (t - last < intervalMs) {
        suppressed += 1;
        return null;
      }
      last = t;
      const held = suppressed;
      suppressed = 0;
      return { suppressed: held };
    },
  };
}
