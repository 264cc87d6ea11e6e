// CiscoLog `%[Key=Value][Key=Value]...` parameters: keys trimmed and normalised (`[ UserID =x]`, `[App ID=x]`),
// empty values kept, a stray ']' inside a value tolerated, and a block cut by the ~800-octet limit reported as such.

export interface ParamsResult {
  /** Normalised key (lower case, no spaces: `appid`, `nodeid`, `clusterid`) -> value (trimmed). Later keys win. */
  params: Map<string, string>;
  /** Keys as sent, with their raw values, in order. */
  entries: [string, string][];
  /** Index just after the last parsed block. */
  end: number;
  /** False when the text ended inside a block (the message was cut). */
  closed: boolean;
}

export function normaliseKey(key: string): string {
  return key.replace(/\s+/g, '').toLowerCase();
}

const KEY_SHAPE = /^[ \t]*[A-Za-z_][A-Za-z0-9_ .:-]{0,63}$/;

/**
 * Where a value that starts at `from` ends: the first ']' followed by '[', ':', whitespace or the end of the text.
 * A ']' followed by anything else is taken as part of the value. -1 when the text ends inside the value.
 */
function valueEnd(text: string, from: number): number {
  let j = text.indexOf(']', from);
  const first = j;
  while (j >= 0) {
    const next = text.charCodeAt(j + 1);
    // NaN (end), '[', ':', space, tab
    if (Number.isNaN(next) || next === 0x5b || next === 0x3a || next === 0x20 || next === 0x09) return j;
    j = text.indexOf(']', j + 1);
  }
  return first;
}

/** Parses `%[..][..]` starting at `start` (which must point at '%' or '['); absent block -> empty, closed. */
export function parseParams(text: string, start: number): ParamsResult {
  const params = new Map<string, string>();
  const entries: [string, string][] = [];
  let i = start;
  if (text[i] === '%') i += 1;
  if (text[i] !== '[') return { params, entries, end: start, closed: true };
  while (text[i] === '[') {
    const eq = text.indexOf('=', i + 1);
    const close = text.indexOf(']', i + 1);
    if (eq < 0 || (close >= 0 && close < eq)) {
      // `[foo]` without '=' ends the parameter list; a '[' without '=' or ']' means the text was cut in a key.
      return { params, entries, end: i, closed: close >= 0 };
    }
    const rawKey = text.slice(i + 1, eq);
    if (!KEY_SHAPE.test(rawKey)) return { params, entries, end: i, closed: true };
    const end = valueEnd(text, eq + 1);
    const value = end < 0 ? text.slice(eq + 1) : text.slice(eq + 1, end);
    entries.push([rawKey, value]);
    params.set(normaliseKey(rawKey), value.trim());
    if (end < 0) return { params, entries, end: text.length, closed: false };
    i = end + 1;
  }
  return { params, entries, end: i, closed: true };
}
