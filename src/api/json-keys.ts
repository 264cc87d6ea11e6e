// How many keys a JSON body may hold, and the count that checks it before a huge body blocks the loop (issue 9).

/** Keys in a JSON body at most (a full cluster inventory entry needs a few hundred). */
export const MAX_JSON_KEYS = 2_000;

/** Object keys in a parsed JSON value, counting stops once past `limit`. */
export function countKeys(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const next = stack.pop();
    if (Array.isArray(next)) for (const item of next) stack.push(item);
    else if (next !== null && typeof next === 'object') {
      const keys = Object.keys(next);
      count += keys.length;
      for (const k of keys) stack.push((next as Record<string, unknown>)[k]);
    }
  }
  return count;
}
