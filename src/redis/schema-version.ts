// Versions of what certwatch stores. Every stored document carries `schemaVersion`; a reader brings an older document
// up to its own version one step at a time and refuses one written by a newer version instead of mangling it.

/** A step takes a document of version i (its index in the list) to version i + 1. */
export type MigrationStep = (doc: Record<string, unknown>) => Record<string, unknown>;

/** A stored document written by a newer certwatch: read or rewritten by this version, it could lose what it adds. */
export class NewerSchemaError extends Error {
  constructor(what: string, found: number, known: number) {
    super(
      `${what} was written by a newer certwatch (schemaVersion ${found}; this version reads up to ${known}): ` +
        'refused, not rewritten. Run the newer version, or restore the data from before the upgrade.',
    );
    this.name = 'NewerSchemaError';
  }
}

/** Version of a stored document: documents written before versions existed carry none and are version 0. */
export function schemaVersionOf(doc: Record<string, unknown>): number {
  const v = doc.schemaVersion;
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new Error(`invalid schemaVersion ${JSON.stringify(v)}`);
  }
  return v;
}

/** Brings `doc` up to version `steps.length` (stamped on the result); `what` names it in the error. */
export function migrateDocument(
  what: string,
  doc: Record<string, unknown>,
  steps: readonly MigrationStep[],
): Record<string, unknown> {
  const current = steps.length;
  const found = schemaVersionOf(doc);
  if (found > current) throw new NewerSchemaError(what, found, current);
  let migrated = doc;
  for (let v = found; v < current; v += 1) migrated = steps[v]!(migrated);
  return { ...migrated, schemaVersion: current };
}
