// Names from the wire and the inventory (units, trust stores, formats) are used as table keys. A plain object answers
// `constructor`, `toString` or `__proto__` from Object.prototype, so every such lookup goes through here.

/** The value stored under `key` in `table` itself; undefined for inherited names. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
