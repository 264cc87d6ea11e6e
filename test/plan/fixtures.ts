// Test fixtures for the plan engine: sample clusters from samples/clusters/*.yaml merged onto unknownCluster().
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { unknownCluster, type ClusterState } from '../../src/domain/cluster.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';

export const SAMPLES_DIR = join(import.meta.dirname, '..', '..', 'samples', 'clusters');

/** Load the first cluster of samples/clusters/<file>.yaml, merged onto unknownCluster() so missing keys stay
 * unknown. */
export function loadSampleCluster(file: string): ClusterState {
  const doc = parse(readFileSync(join(SAMPLES_DIR, `${file}.yaml`), 'utf8')) as { clusters: Partial<ClusterState>[] };
  const raw = doc.clusters[0];
  if (!raw || typeof raw.id !== 'string') throw new Error(`${file}.yaml: no cluster`);
  const base = unknownCluster(raw.id, raw.name ?? raw.id);
  return {
    ...base,
    ...raw,
    version: String(raw.version ?? base.version),
    sso: { ...base.sso, ...(raw.sso ?? {}) },
    peers: { ...base.peers, ...(raw.peers ?? {}) },
    signing: { ...(raw.signing ?? {}) },
    // The schema's node defaults (as the CLI's loader fills them), so a node given by name only works here too.
    nodes: (raw.nodes ?? []).map((n) => ({ ...n, addresses: n.addresses ?? [], roles: n.roles ?? [] })),
  };
}

export function target(unit: string, nodes: string[] = [], extra: Partial<PlanTarget> = {}): PlanTarget {
  return {
    unit, certificate: null, kind: /-trust$/i.test(unit) ? 'trust' : 'own', nodes,
    expiresAt: null, expiresAtPrecision: null, expiresWindow: null, urgency: 'unknown', ...extra,
  };
}

export const NOW = new Date('2026-11-20T09:00:00Z');
