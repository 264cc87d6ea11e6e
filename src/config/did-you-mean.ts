// Suggests the known name closest to a mistyped one (YAML keys, inventory fields), so a typo is fixed in one look.

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name equal up to case and separators (sso_enabled, syslogUdpPort), else within two typos; or null. */
export function didYouMean(name: string, known: readonly string[]): string | null {
  const wanted = squash(name);
  const exact = known.find((candidate) => squash(candidate) === wanted);
  if (exact !== undefined) return exact;
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(wanted, squash(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Short names are within two edits of almost anything: only suggest when the name is long enough to mean it.
  return best !== null && wanted.length > bestDistance * 2 ? best : null;
}
