// Percentiles of a Prometheus histogram between two scrapes, as histogram_quantile() computes them: from the increase
// of each cumulative bucket, interpolating linearly inside the bucket the rank falls in.
import type { Sample } from '../test/support/metrics.js';

export interface Window {
  count: number;
  quantile(q: number): number;
}

export function histogramWindow(before: readonly Sample[], after: readonly Sample[], name: string, labels: Record<string, string>): Window {
  const bucketsOf = (samples: readonly Sample[]) => new Map(
    samples
      .filter((s) => s.name === `${name}_bucket` && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .map((s) => [Number(s.labels.le === '+Inf' ? Infinity : s.labels.le), s.value]),
  );
  const b0 = bucketsOf(before);
  const buckets = [...bucketsOf(after)].map(([le, v]) => ({ le, count: v - (b0.get(le) ?? 0) })).sort((a, b) => a.le - b.le);
  const count = buckets.at(-1)?.count ?? 0;
  return {
    count,
    quantile(q) {
      if (count === 0) return NaN;
      const rank = q * count;
      let lower = 0;
      let below = 0;
      for (const { le, count: cumulative } of buckets) {
        if (cumulative >= rank) {
          if (le === Infinity) return lower; // beyond the last finite bucket: its bound is all we know
          const inBucket = cumulative - below;
          return inBucket === 0 ? le : lower + ((le - lower) * (rank - below)) / inBucket;
        }
        lower = le;
        below = cumulative;
      }
      return NaN;
    },
  };
}
