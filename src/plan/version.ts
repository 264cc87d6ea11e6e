// CUCM version strings ("11.5(1)SU3", "12.5(1)SU6", "14SU2", "15", "unknown") parsed into comparable bands.

export interface CucmVersion {
  text: string;
  known: boolean;
  major: number;
  minor: number;
  su: number;
}

/** A version bound as written in the rule tables: "10.0", "12.5", "14", "14SU1". */
interface Bound {
  major: number;
  minor: number;
  /** null when the bound names no SU: then it covers every SU of that release. */
  su: number | null;
}

const VERSION_RE = /^\s*(\d{1,2})(?:\.(\d{1,2}))?(?:\.\d+)*(?:\([^)]*\))?\s*(?:SU\s*(\d+)[a-z]?)?/i;

export function parseVersion(text: string | null | undefined): CucmVersion {
  const raw = (text ?? '').trim();
  const m = VERSION_RE.exec(raw);
  if (!m || raw.toLowerCase() === 'unknown') return { text: raw || 'unknown', known: false, major: 0, minor: 0, su: 0 };
  const major = Number(m[1]);
  // 8.6 and 9.1 exist; a minor above 9 is most likely a build number, keep the first digit only.
  const minorText = m[2] ?? '0';
  const minor = Number(minorText.length > 1 ? minorText[0] : minorText);
  const su = m[3] ? Number(m[3]) : 0;
  if (major < 4 || major > 30) return { text: raw, known: false, major: 0, minor: 0, su: 0 };
  return { text: raw, known: true, major, minor, su };
}

function parseBound(text: string): Bound {
  const v = parseVersion(text);
  if (!v.known) throw new Error(`bad version bound in rule table: ${text}`);
  return { major: v.major, minor: v.minor, su: /su/i.test(text) ? v.su : null };
}

function cmp(v: CucmVersion, b: Bound): number {
  if (v.major !== b.major) return v.major - b.major;
  if (v.minor !== b.minor) return v.minor - b.minor;
  if (b.su === null) return 0;
  return v.su - b.su;
}

export type TriResult = 'yes' | 'no' | 'unknown';

/** Is the version within [from, to] (inclusive; a bound without SU covers every SU of that release)? */
export function versionInRange(v: CucmVersion, range: { from?: string; to?: string }): TriResult {
  if (!v.known) return 'unknown';
  if (range.from !== undefined && cmp(v, parseBound(range.from)) < 0) return 'no';
  if (range.to !== undefined && cmp(v, parseBound(range.to)) > 0) return 'no';
  return 'yes';
}

/** Named band for display and for the test matrix: "8.x-9.x", "10.0", "10.5", "11.0", "11.5", "12.0", "12.5", "14",
 * "15". */
export function versionBand(v: CucmVersion): string {
  if (!v.known) return 'unknown';
  if (v.major < 10) return '8.x-9.x';
  if (v.major >= 14) return String(v.major);
  return `${v.major}.${v.minor >= 5 ? 5 : 0}`;
}

export function describeRange(range: { from?: string; to?: string }): string {
  if (range.from && range.to) {
    return range.from === range.to ? `version ${range.from}` : `version ${range.from} to ${range.to}`;
  }
  if (range.from) return `version ${range.from} or later`;
  if (range.to) return `version ${range.to} or earlier`;
  return 'any version';
}
