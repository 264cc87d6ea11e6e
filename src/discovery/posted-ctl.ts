// A CTL file read without its ITL (posted by hand, or fetched where the ITL probe failed) cannot be compared with the
// ITL beside it (tlv/stale-ctl.ts), so it would claim `mixed` and keep certificates the cluster no longer holds. The
// cluster's kept certificates can stand in for the ITL: a CTL that carries an older CallManager certificate than the
// one the node is known to hold now was not rebuilt since: only what was seen of it is kept, as a stale CTL
// (tlv/stale-ctl.ts staleCtlFacts), as the probe reports it. Pure.
import { currentCertificates } from './current-certificates.js';
import type { DiscoveredCertificate, DiscoveredFacts, FactSource } from './facts-schema.js';
import type { KeptCertificate } from './kept-facts.js';
import { staleCtlFacts } from './tlv/stale-ctl.js';

const fromCtl = (source: FactSource) => source.kind === 'ctl-file';
const isCallManager = (c: DiscoveredCertificate) => c.unit === 'CallManager' || c.unit === 'CallManager-ECDSA';

/** Whether these facts hold a CTL read without the ITL it should be compared with. */
export function hasLoneCtl(facts: DiscoveredFacts): boolean {
  const sources = [...facts.certificates.map((c) => c.source), ...facts.state.map((f) => f.source)];
  return sources.some(fromCtl) && !sources.some((s) => s.kind === 'itl-file');
}

export function settleLoneCtl(facts: DiscoveredFacts, kept: readonly KeptCertificate[]): DiscoveredFacts {
  if (!hasLoneCtl(facts)) return facts;
  const current = currentCertificates(kept);
  const older = facts.certificates
    .filter((c) => fromCtl(c.source) && isCallManager(c))
    .flatMap((c) => {
      const held = current.find((k) => k.unit === c.unit && k.node !== null && k.node === c.node?.toLowerCase());
      return held && held.serial !== c.serial && Date.parse(held.notAfter) > Date.parse(c.notAfter)
        ? [`${c.node} ${c.unit} ${c.serial} (now ${held.serial})`]
        : [];
    });
  if (older.length === 0) return facts;
  const ctl = {
    certificates: facts.certificates.filter((c) => fromCtl(c.source)),
    state: facts.state.filter((f) => fromCtl(f.source)),
    unread: [],
  };
  const stale = staleCtlFacts(
    ctl,
    'older-than-kept',
    `older CallManager certificates than the nodes hold: ${older.join(', ')} ` +
      '(a non-secure cluster serving its old CTL, or a mixed cluster whose CTL was not updated after a CallManager change)',
  );
  return {
    certificates: facts.certificates.filter((c) => !fromCtl(c.source)),
    state: [...facts.state.filter((f) => !fromCtl(f.source)), ...stale.state],
    unread: [...facts.unread, ...stale.unread],
  };
}
