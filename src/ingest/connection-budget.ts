// One budget of syslog connections shared by the TCP and TLS listeners: a total (SYSLOG_MAX_TCP_CONNECTIONS) and a
// per-source share (SYSLOG_MAX_CONNECTIONS_PER_SOURCE), so one sender cannot take every slot from the others.

export type ConnectionRefusal = 'too-many-connections' | 'too-many-from-source';

export interface ConnectionBudget {
  /** Takes a slot for `source`, or says why not. */
  open(source: string): { ok: true } | { ok: false; reason: ConnectionRefusal; detail: string };
  /** Gives back a slot taken by open(). */
  release(source: string): void;
  total(): number;
}

export function createConnectionBudget(limits: { total: number; perSource: number }): ConnectionBudget {
  const bySource = new Map<string, number>();
  let total = 0;
  return {
    open(source) {
      if (total >= limits.total) {
        return { ok: false, reason: 'too-many-connections', detail: `already ${total} open syslog connections (limit ${limits.total}, TCP and TLS together)` };
      }
      const mine = bySource.get(source) ?? 0;
      if (mine >= limits.perSource) {
        return { ok: false, reason: 'too-many-from-source', detail: `${source} already holds ${mine} connections (limit ${limits.perSource} per source)` };
      }
      bySource.set(source, mine + 1);
      total += 1;
      return { ok: true };
    },
    release(source) {
      const mine = bySource.get(source) ?? 0;
      if (mine <= 0) return;
      if (mine === 1) bySource.delete(source);
      else bySource.set(source, mine - 1);
      total -= 1;
    },
    total: () => total,
  };
}
