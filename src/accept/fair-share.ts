// Each source's fair share of the accept pipeline, so one flooding sender (a TCP connection's address, a UDP source
// address) can neither take every accept slot nor put a genuine alarm of another source behind its own events:
// - slots: a quarter of the accept slots (at least one) is kept for the sources that hold less than a quarter each.
//   A source beyond its quarter may still use the other slots while they are free (a relay carrying a whole cluster
//   is one source), never the reserve. A TCP/TLS connection beyond that is held back (stops reading); a UDP datagram
//   beyond it is dropped, counted as 'source-share'.
// - lanes: a source's first LANE_BURST events, refilled at LANE_PER_MINUTE, go to the first lane (the queue's wait
//   list); beyond that its events go to the second lane, which the worker serves only when the first lane is empty.
//   Nothing is lost: the source is only queued behind the sources that kept to their share. (Each lane keeps its
//   order; a source's later first-lane event may be decided before its earlier second-lane ones, and decisions use
//   each event's own times, as for a spool replay.)
// Both are counted by reason; neither is silent.

/** Which lane an accepted event is queued in, with the named reason when it is the second. */
export type Lane = { lane: 'first' } | { lane: 'second'; reason: SecondLaneReason };
export type SecondLaneReason = 'source-over-share' | 'too-many-sources';

export interface FairShare {
  /** Whether `source` may take one more accept slot now (false: beyond its share with only the reserve left, or none
   * left). */
  hasSlot(source: string): boolean;
  take(source: string): void;
  give(source: string): void;
  inFlight(): number;
  /** Spends one of the source's first-lane events, or says why the event goes to the second lane. */
  lane(source: string, nowMs: number): Lane;
}

/** First-lane events per source: a burst this big, refilled at this rate (a cluster's alarm burst fits easily). */
export const LANE_BURST = 600;
export const LANE_PER_MINUTE = 600;
/** Sources tracked for the lanes; beyond this many (a spoofed-address flood) a new source starts in the second lane. */
const LANE_MAX_SOURCES = 10_000;

/** A quarter of the slots, at least one: the share every source has, and the reserve no flooding source can take. */
export function slotsPerSource(maxInFlight: number): number {
  return Math.max(1, Math.floor(maxInFlight / 4));
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export function createFairShare(maxInFlight: number): FairShare {
  const perSource = slotsPerSource(maxInFlight);
  const slots = new Map<string, number>();
  const buckets = new Map<string, Bucket>();
  let total = 0;

  function refilled(bucket: Bucket, nowMs: number): number {
    return Math.min(LANE_BURST, bucket.tokens + ((nowMs - bucket.atMs) * LANE_PER_MINUTE) / 60_000);
  }

  /** Forgets sources whose bucket is full again: they are as good as new. Runs only when the map is at its cap. */
  function forgetRested(nowMs: number): void {
    for (const [source, bucket] of buckets) if (refilled(bucket, nowMs) >= LANE_BURST) buckets.delete(source);
  }

  return {
    hasSlot: (source) =>
      total < maxInFlight && ((slots.get(source) ?? 0) < perSource || total < maxInFlight - perSource),
    take(source) {
      slots.set(source, (slots.get(source) ?? 0) + 1);
      total += 1;
    },
    give(source) {
      const mine = slots.get(source) ?? 0;
      if (mine <= 0) return;
      if (mine === 1) slots.delete(source);
      else slots.set(source, mine - 1);
      total -= 1;
    },
    inFlight: () => total,
    lane(source, nowMs) {
      let bucket = buckets.get(source);
      if (bucket === undefined) {
        if (buckets.size >= LANE_MAX_SOURCES) forgetRested(nowMs);
        if (buckets.size >= LANE_MAX_SOURCES) return { lane: 'second', reason: 'too-many-sources' };
        bucket = { tokens: LANE_BURST, atMs: nowMs };
        buckets.set(source, bucket);
      }
      bucket.tokens = refilled(bucket, nowMs);
      bucket.atMs = nowMs;
      if (bucket.tokens < 1) return { lane: 'second', reason: 'source-over-share' };
      bucket.tokens -= 1;
      return { lane: 'first' };
    },
  };
}
