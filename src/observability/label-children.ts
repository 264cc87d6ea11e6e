// The per-message counters without prom-client on the hot path. prom-client hashes and validates the label set on
// every inc, even through a child from `labels()` (a child is only inc with its labels bound): 7.4 % of the ingest's
// busy time under the bench. A counting child adds to a plain number instead; its counter hands what was counted to
// prom-client each time it is collected (every scrape, every `get()`), so /metrics shows the same figures.
import type { Counter, LabelValues } from 'prom-client';

export interface CountingChild {
  inc(value?: number): void;
}

interface Pending<T extends string> {
  labels: LabelValues<T>;
  count: number;
}

const pendingOf = new WeakMap<Counter<string>, Pending<string>[]>();

/** The `collect` of a counter that has counting children (metrics.ts): what they counted goes into the counter. */
export function collectCountingChildren(this: Counter<string>): void {
  for (const p of pendingOf.get(this) ?? []) {
    if (p.count === 0) continue;
    this.inc(p.labels, p.count);
    p.count = 0;
  }
}

/** A child of `counter` (created with `collect: collectCountingChildren`) for these labels; look it up once, keep it.
 * Its series appears on /metrics once it counted something, as with `labels().inc()`. */
export function countingChild<T extends string>(counter: Counter<T>, labels: LabelValues<T>): CountingChild {
  const owner = counter as unknown as Counter<string> & { collect?: unknown };
  // A counter without the collect hook would never show these counts: a wiring error, caught at start-up.
  if (owner.collect !== collectCountingChildren) {
    throw new Error('countingChild: the counter was not created with collect: collectCountingChildren');
  }
  const pending: Pending<string> = { labels, count: 0 };
  let list = pendingOf.get(owner);
  if (list === undefined) pendingOf.set(owner, (list = []));
  list.push(pending);
  return { inc: (value = 1) => void (pending.count += value) };
}

/** `lookup(a)` once per distinct `a`, then the kept result. Keys come from closed sets, so the map stays small. */
export function keptChildren<A, C>(lookup: (a: A) => C): (a: A) => C {
  const kept = new Map<A, C>();
  return (a) => {
    let child = kept.get(a);
    if (child === undefined) kept.set(a, (child = lookup(a)));
    return child;
  };
}

/** `lookup(a, b)` once per distinct pair, then the kept result (two map reads, no key built per call). */
export function keptChildrenOf2<A, B, C>(lookup: (a: A, b: B) => C): (a: A, b: B) => C {
  const byA = keptChildren((a: A) => keptChildren((b: B) => lookup(a, b)));
  return (a, b) => byA(a)(b);
}
