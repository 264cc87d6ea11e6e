// `--unit all` / `unit=all`: every own certificate unit that exists on the cluster's version, read from the unit rules'
// version scopes (so a unit added to the rules, or a scope changed, is followed without touching this file).
// Trust stores are not included: their entries are partners' certificates, renewed where they were issued.
import { UNIT_RULES, type UnitRule } from './rules/units.js';
import { parseVersion, versionInRange } from './version.js';

export interface AllUnits {
  /** Unit names as the rules spell them, in the rules' order (the engine orders the work itself). */
  units: string[];
  /** Set when the version is unknown: the units are those that exist on some version. */
  notice: string | null;
}

/** A unit whose scope is 'none' on this version (ITLRecovery before 10.0) does not exist there. */
function existsOn(unit: UnitRule, version: ReturnType<typeof parseVersion>): boolean {
  return !unit.scope.some((s) => s.scope === 'none' && versionInRange(version, s.versions) === 'yes');
}

export function allOwnUnits(versionText: string): AllUnits {
  const version = parseVersion(versionText);
  const rules = Object.values(UNIT_RULES);
  if (version.known) return { units: rules.filter((u) => existsOn(u, version)).map((u) => u.display), notice: null };
  const somewhere = rules.filter((u) => u.scope.some((s) => s.scope !== 'none'));
  const partial = rules.filter((u) => somewhere.includes(u) && u.scope.some((s) => s.scope === 'none'));
  const only = partial.map((u) => `${u.display} (${u.scope.filter((s) => s.scope === 'none').map((s) => s.note).join('; ')})`);
  return {
    units: somewhere.map((u) => u.display),
    notice: `The cluster's version is unknown: "all" plans every unit that exists on some version${only.length ? `, including ${only.join(', ')}` : ''}. Give the version (\`show version active\`) for a plan of exactly its units.`,
  };
}
