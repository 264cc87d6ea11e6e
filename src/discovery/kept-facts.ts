// What the discovery store keeps (issue 12, "facts kept"): each fact with the time it was learned, the latest one per
// source kind and item. A unit's certificate on a node is one item, so a renewed certificate replaces its predecessor
// of the same source kind; a state item (security mode, a unit's signing, ...) is one item per source kind, so what a
// CTL file said stays beside what a pasted `show` said, and the merge can see them disagree.
import { Type, type Static } from 'typebox';
import {
  DiscoveredCertificateSchema,
  SOURCE_KINDS,
  StateFactSchema,
  type DiscoveredCertificate,
  type DiscoveredFacts,
  type SourceKind,
  type StateFact,
} from './facts-schema.js';
import { certificateFileOf } from './units.js';

const learnedAt = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
  description: 'When certwatch learned it (ISO-8601 UTC).',
});

export const KeptCertificateSchema = Type.Object(
  { learnedAt, certificate: DiscoveredCertificateSchema },
  { additionalProperties: false },
);
export const KeptStateFactSchema = Type.Object({ learnedAt, fact: StateFactSchema }, { additionalProperties: false });
export const KeptFactSchema = Type.Union([KeptCertificateSchema, KeptStateFactSchema]);

export type KeptCertificate = Static<typeof KeptCertificateSchema>;
export type KeptStateFact = Static<typeof KeptStateFactSchema>;
export type KeptFact = Static<typeof KeptFactSchema>;

/**
 * The item a certificate is about: a unit's certificate file on a node; a certificate of no unit (an eToken, a trust
 * entry) is its own item, by serial. Node names compare in any case.
 */
function certificateItem(c: DiscoveredCertificate): string[] {
  const node = c.node?.toLowerCase() ?? '';
  return c.unit === null
    ? ['no-unit', c.function, c.serial]
    : [node, c.unit, c.certificate ?? certificateFileOf(c.unit)];
}

/** One signing entry per unit, one signature per file read (each TFTP server's, each posted name); every other state
 * kind is one item. */
function stateItem(fact: StateFact): string[] {
  if (fact.kind === 'signing') return ['signing', fact.value.unit];
  if (fact.kind === 'signature') return ['signature', fact.source.detail];
  return [fact.kind];
}

const stateField = (source: SourceKind, item: readonly string[]) => JSON.stringify(['state', source, ...item]);

/** The store's field of a kept fact: a newer fact of the same source kind about the same item takes its place. */
export function keptField(kept: KeptFact): string {
  return 'certificate' in kept
    ? JSON.stringify(['certificate', kept.certificate.source.kind, ...certificateItem(kept.certificate)])
    : stateField(kept.fact.source.kind, stateItem(kept.fact));
}

/**
 * The kept fields a reading makes obsolete, whoever read them: a reading that finds no CTL (a `non-secure` mode, which
 * only a CTL reading says) and none stale clears what was kept of a CTL (the one served, a stale one); a CTL read
 * beside its ITL and not judged stale clears a stale one.
 */
export function fieldsClearedBy(facts: DiscoveredFacts): string[] {
  const has = (kind: StateFact['kind']) => facts.state.some((f) => f.kind === kind);
  if (has('staleCtl')) return [];
  const noCtl = facts.state.some((f) => f.kind === 'securityMode' && f.value === 'non-secure') && !has('ctlFile');
  const currentCtl = has('ctlFile') && has('itlSigner');
  const items = noCtl ? ['ctlFile', 'staleCtl'] : currentCtl ? ['staleCtl'] : [];
  return SOURCE_KINDS.flatMap((source) => items.map((item) => stateField(source, [item])));
}

/**
 * Lua (for the store's script): `unitless(field)` says whether a store field (keptField) is a certificate of no unit,
 * an eToken or a trust entry: ["certificate", <source kind>, "no-unit", ...]. In the script, so counting the ones a
 * cluster holds and keeping new ones within the cap is one atomic step.
 */
export const UNITLESS_FIELD_LUA = `
local function unitless(field)
  local ok, parts = pcall(cjson.decode, field)
  return ok and type(parts) == 'table' and parts[1] == 'certificate' and parts[3] == 'no-unit'
end`;

/** The facts a reader returned, stamped with when they were learned (what a reader could not read is not kept). */
export function keep(facts: DiscoveredFacts, now: Date): KeptFact[] {
  const at = now.toISOString();
  return [
    ...facts.certificates.map((certificate) => ({ learnedAt: at, certificate })),
    ...facts.state.map((fact) => ({ learnedAt: at, fact })),
  ];
}
