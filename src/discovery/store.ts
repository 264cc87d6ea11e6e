// The Redis edge of discovery: what was learned about each cluster is kept (kept-facts.ts: the latest fact per source
// kind and item, with the time learned) and read back merged with the inventory (merge-discovered.ts): what fills
// the inventory's unknowns and what contradicts it. Conflicts are only ever shown, never applied.
import type { Redis } from 'ioredis';
import { Value } from 'typebox/value';
import type { ClusterDirectory } from '../clusters/cluster-directory.js';
import { unknownCluster } from '../domain/cluster.js';
import { redisKeys } from '../redis/keys.js';
import { SOURCE_KINDS, type DiscoveredFacts, type FactSource, type SourceKind, type StaleCtl } from './facts-schema.js';
import {
  fieldsClearedBy,
  keep,
  keptField,
  KeptFactSchema,
  UNITLESS_FIELD_LUA,
  type KeptCertificate,
  type KeptFact,
  type KeptStateFact,
} from './kept-facts.js';
import { mergeDiscovered, type Conflict, type Filled } from './merge-discovered.js';
import { withDiscovered, type DiscoveredPlanInput } from './plan-input.js';
import { currentCertificates, type CurrentCertificate } from './current-certificates.js';

export interface DiscoveredState {
  clusterId: string;
  /** Newest first. */
  certificates: KeptCertificate[];
  /** Newest first (the order the merge trusts them in). */
  state: KeptStateFact[];
  /** Per source kind, when it last told anything (a reading that gave facts); kinds never read are absent. */
  lastSuccess: { source: SourceKind; at: string }[];
  /** What the discovered state facts fill of the inventory's unknowns; `at` is when the filling fact was learned. */
  filled: Filled[];
  /** Where a discovered fact contradicts the inventory or another source: shown, never applied; `at` is when the
   * contradicting fact was learned. */
  conflicts: (Conflict & { at: string })[];
  /** Conflict-like, never fatal: a kept file whose signature does not hold (its facts are kept and shown all the
   * same). */
  warnings: DiscoveryWarning[];
  /**
   * A CTL still served although its CallManager certificates are not the cluster's (the newest such finding): what was
   * seen (signer, time stamp), why it is judged stale, where and when. Cleared by a later reading that finds no CTL,
   * or a current one. The plan says it as a notice (plan-input.ts).
   */
  staleCtl: StaleCtlFinding | null;
}

export interface StaleCtlFinding extends StaleCtl {
  source: FactSource;
  note: string;
  /** When it was found. */
  at: string;
}

export interface DiscoveryWarning {
  reason: 'signature-mismatch';
  source: FactSource;
  note: string;
  /** When the file was read. */
  at: string;
}

/**
 * At most this many certificates of no unit (eTokens, trust entries: each its own item, by serial) are kept per
 * cluster. A unit's certificate replaces its predecessor, so units are bounded by the cluster's nodes; serials are not,
 * and pasted trust lists or a file of junk records would grow the cluster's hash without end. A cluster's trust stores
 * hold tens to a few hundred entries, so the cap is reached only by such junk. Those already kept stay (and are
 * updated); new ones beyond the cap are counted (`notKept`) and not kept.
 */
export const MAX_UNITLESS_CERTIFICATES = 500;

// A reading's fields kept in one step: two readings of one cluster at once (a post beside a run, two processes)
// cannot together pass the cap, since the script counts what the hash holds as it writes. A certificate of no unit
// already held is updated; a new one is kept while the cluster holds fewer than the cap, else counted. The cluster
// joins the set of clusters holding facts with its first kept field. The facts this reading clears (a stale CTL no
// longer served: fieldsClearedBy) go in the same step. Returns how many were not kept.
// KEYS: the cluster's hash, the set of clusters holding facts. ARGV: the cap, the cluster id, the number of fields
// cleared, those fields, then field and value of each fact.
const KEEP_WITHIN_CAP_SCRIPT = `${UNITLESS_FIELD_LUA}
local cap = tonumber(ARGV[1])
local cleared = tonumber(ARGV[3])
for i = 4, 3 + cleared do redis.call('HDEL', KEYS[1], ARGV[i]) end
local held = nil
local kept, notKept = 0, 0
for i = 4 + cleared, #ARGV, 2 do
  local keep = true
  if unitless(ARGV[i]) and redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then
    if held == nil then
      held = 0
      for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
        if unitless(field) then held = held + 1 end
      end
    end
    keep = held < cap
    if keep then held = held + 1 end
  end
  if keep then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    kept = kept + 1
  else
    notKept = notKept + 1
  end
end
if kept > 0 then redis.call('SADD', KEYS[2], ARGV[2]) end
return notKept`;

/** What a cluster's discovery hash holds, read as it is (no merge with the inventory). */
export type KeptOfCluster = Pick<DiscoveredState, 'clusterId' | 'certificates' | 'state' | 'lastSuccess'>;

export interface Recorded {
  learnedAt: string;
  /** Certificates of no unit this reading did not keep: the cluster already held MAX_UNITLESS_CERTIFICATES. */
  notKept: number;
  /** The facts of this reading, as the reader returned them (with what it could not read). */
  learned: DiscoveredFacts;
  /** The cluster's whole discovered state after this reading, merged with the inventory. */
  discovered: DiscoveredState;
}

export interface DiscoveryStore {
  /** Keeps what a reading learned about a cluster (nothing when it learned nothing) and returns the merged state. */
  recordDiscovery(clusterId: string, facts: DiscoveredFacts, now: Date): Promise<Recorded>;
  discoveredState(clusterId: string): Promise<DiscoveredState>;
  /** Every cluster's kept certificates and last successes, without the merge with the inventory (what the gauges
   * need), in one round trip for all clusters after the one that lists them. */
  keptOfAll(): Promise<KeptOfCluster[]>;
  /** What a plan of the cluster is built on: the inventory with discovery's fills, its conflicts as plan notices. */
  planInput(clusterId: string): Promise<DiscoveredPlanInput>;
  /**
   * planInput with the certificate each unit holds on each node now (current-certificates.ts), from one reading: a
   * planned plan dates its steps by them. Nodes are named as the plan's cluster (the inventory with discovery's fills)
   * names them.
   */
  planInputWithCertificates(clusterId: string): Promise<DiscoveredPlanInput & { certificates: CurrentCertificate[] }>;
}

const newestFirst = (a: { learnedAt: string }, b: { learnedAt: string }) =>
  a.learnedAt < b.learnedAt ? 1 : a.learnedAt > b.learnedAt ? -1 : 0;

/** Fields that no longer read as a kept fact (written by another version) are skipped, not trusted. */
function parseKept(raw: string): KeptFact | null {
  try {
    const value: unknown = JSON.parse(raw);
    return Value.Check(KeptFactSchema, value) ? value : null;
  } catch {
    return null;
  }
}

/** A cluster's hash values as kept facts, newest first, and when each source kind last told anything. */
function keptOf(clusterId: string, values: readonly string[]): KeptOfCluster {
  const kept = values.map(parseKept).filter((k): k is KeptFact => k !== null);
  const certificates = kept.filter((k): k is KeptCertificate => 'certificate' in k).sort(newestFirst);
  const state = kept.filter((k): k is KeptStateFact => 'fact' in k).sort(newestFirst);
  const lastSuccess = SOURCE_KINDS.flatMap((source) => {
    const times = [
      ...certificates.map((c) => [c.certificate.source.kind, c.learnedAt]),
      ...state.map((s) => [s.fact.source.kind, s.learnedAt]),
    ]
      .filter(([kind]) => kind === source)
      .map(([, at]) => at as string);
    return times.length === 0 ? [] : [{ source, at: times.reduce((a, b) => (a > b ? a : b)) }];
  });
  return { clusterId, certificates, state, lastSuccess };
}

export function createDiscoveryStore(redis: Redis, inventory: Pick<ClusterDirectory, 'get'>): DiscoveryStore {
  async function discoveredState(clusterId: string): Promise<DiscoveredState> {
    const { certificates, state, lastSuccess } = keptOf(clusterId, await redis.hvals(redisKeys.discovery(clusterId)));
    const cluster = inventory.get(clusterId) ?? unknownCluster(clusterId, clusterId);
    const merged = mergeDiscovered(
      cluster,
      { certificates: [], state: state.map((s) => s.fact), unread: [] },
      new Date(),
    );
    // The merge stamps its own time; a fill or a conflict is as old as the fact it comes from.
    const learnedAtOf = (field: string, source: FactSource) =>
      state.find(
        (s) => s.fact.kind === field && s.fact.source.kind === source.kind && s.fact.source.detail === source.detail,
      )?.learnedAt;
    const filled = merged.filled.map((f) => ({ ...f, at: learnedAtOf(f.field, f.source) ?? f.at }));
    const conflicts = merged.conflicts.map((c) => ({
      ...c,
      at: learnedAtOf(c.field, c.source) ?? new Date().toISOString(),
    }));
    const warnings = state.flatMap((s): DiscoveryWarning[] =>
      s.fact.kind === 'signature' && s.fact.value.outcome === 'mismatch'
        ? [{ reason: 'signature-mismatch', source: s.fact.source, note: s.fact.note, at: s.learnedAt }]
        : [],
    );
    const stale = state.find((s) => s.fact.kind === 'staleCtl');
    const staleCtl =
      stale?.fact.kind === 'staleCtl'
        ? { ...stale.fact.value, source: stale.fact.source, note: stale.fact.note, at: stale.learnedAt }
        : null;
    return { clusterId, certificates, state, lastSuccess, filled, conflicts, warnings, staleCtl };
  }

  return {
    async recordDiscovery(clusterId, facts, now) {
      const kept = keep(facts, now);
      const cleared = fieldsClearedBy(facts);
      const notKept = kept.length === 0 && cleared.length === 0 ? 0 : Number(await redis.eval(
        KEEP_WITHIN_CAP_SCRIPT, 2, redisKeys.discovery(clusterId), redisKeys.discoveryClusters(),
        String(MAX_UNITLESS_CERTIFICATES), clusterId, String(cleared.length), ...cleared,
        ...kept.flatMap((k) => [keptField(k), JSON.stringify(k)]),
      ));
      return { learnedAt: now.toISOString(), notKept, learned: facts, discovered: await discoveredState(clusterId) };
    },
    discoveredState,
    async keptOfAll() {
      const ids = await redis.smembers(redisKeys.discoveryClusters());
      if (ids.length === 0) return [];
      const batch = redis.pipeline();
      for (const id of ids) batch.hvals(redisKeys.discovery(id));
      const replies = (await batch.exec()) ?? [];
      return ids.map((id, i) => {
        const [error, values] = replies[i] ?? [new Error('no reply')];
        if (error) throw error;
        return keptOf(id, values as string[]);
      });
    },
    async planInput(clusterId) {
      return withDiscovered(
        inventory.get(clusterId) ?? unknownCluster(clusterId, clusterId),
        await discoveredState(clusterId),
      );
    },
    async planInputWithCertificates(clusterId) {
      const state = await discoveredState(clusterId);
      const input = withDiscovered(inventory.get(clusterId) ?? unknownCluster(clusterId, clusterId), state);
      return { ...input, certificates: currentCertificates(state.certificates, input.cluster.nodes) };
    },
  };
}
