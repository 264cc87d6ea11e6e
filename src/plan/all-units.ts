// `--unit all` / `unit=all`: every own certificate unit that exists on the cluster's version, read from the unit rules'
// version scopes (so a unit added to the rules, or a scope changed, is followed without touching this file).
// Trust stores are not included: their entries are partners' certificates, renewed where they were issued.
import type { ClusterState } from '../domain/cluster.js';
import { UNIT_RULES, type UnitRule } from './rules/units.js';
import { parseVersion, versionInRange, type CucmVersion } from './version.js';

export interface AllUnits {
  /** Unit names as the rules spell them, in the rules' order (the engine orders the work itself). */
  units: string[];
  /** Set when the version is unknown: the units are those that exist on some version. */
  notice: string | null;
}

/** ECDSA certificates (tomcat-ECDSA, CallManager-ECDSA) came with 11.0 (our reading of its release notes). */
const ECDSA_FROM = '11.0';

/** A unit whose scope is 'none' on this version (ITLRecovery before 10.0) does not exist there. */
function existsOn(unit: UnitRule, version: CucmVersion): boolean {
  if (/-ECDSA$/i.test(unit.display) && unit.hosts !== 'imp' && versionInRange(version, { from: ECDSA_FROM }) === 'no') {
    return false;
  }
  return !unit.scope.some((s) => s.scope === 'none' && versionInRange(version, s.versions) === 'yes');
}

/** IM&P certificates only where the cluster has IM&P (nodes with the imp role, or the imp peer). */
function hasImp(cluster: Pick<ClusterState, 'nodes' | 'peers'>): boolean {
  return cluster.peers.imp === true || cluster.nodes.some((n) => n.roles.includes('imp'));
}

export function allOwnUnits(cluster: Pick<ClusterState, 'version' | 'nodes' | 'peers'>): AllUnits {
  const version = parseVersion(cluster.version);
  const imp = hasImp(cluster);
  const rules = Object.values(UNIT_RULES).filter((u) => u.hosts !== 'imp' || imp);
  if (version.known) return { units: rules.filter((u) => existsOn(u, version)).map((u) => u.display), notice: null };
  const somewhere = rules.filter((u) => u.scope.some((s) => s.scope !== 'none'));
  const partial = rules.filter((u) => somewhere.includes(u) && u.scope.some((s) => s.scope === 'none'));
  const only = partial.map(
    (u) =>
      `${u.display} (${u.scope
        .filter((s) => s.scope === 'none')
        .map((s) => s.note)
        .join('; ')})`,
  );
  return {
    units: somewhere.map((u) => u.display),
    notice: `The cluster's version is unknown: "all" plans every unit that exists on some version${only.length ? `, including ${only.join(', ')}` : ''}. Give the version (\`show version active\`) for a plan of exactly its units.`,
  };
}
