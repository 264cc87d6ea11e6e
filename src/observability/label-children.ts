// prom-client's `counter.inc({labels})` and `counter.labels({labels})` hash the label set on every call (7.4 % of the
// ingest's busy time under the bench). On the per-message path each labelled child is looked up once and kept here;
// label values come from closed sets (see metrics.ts), so these maps stay small.

/** `lookup(a)` once per distinct `a`, then the kept result. */
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
