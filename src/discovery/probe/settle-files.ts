// What the files of one TFTP server say together, and one entry per certificate across all sources; pure.
import type { DiscoveredCertificate, DiscoveredFacts } from '../facts-schema.js';
import { compareCtlWithItl, staleCtlFacts } from '../tlv/stale-ctl.js';

/**
 * A CTL whose CallManager certificates are not the ITL's (served beside it) was not rebuilt since they changed: a
 * non-secure cluster still serving its old CTL, or a mixed cluster that missed `utils ctl update CTLFile`. Its
 * `mixed` and signer would be guesses and its certificates are no longer the cluster's: they are dropped, and the
 * stale CTL is kept as such (stale-ctl.ts staleCtlFacts) so the API and the plan can say so.
 */
export function settleCtl(itl: DiscoveredFacts | null, ctl: DiscoveredFacts): DiscoveredFacts {
  if (itl === null) return ctl;
  const age = compareCtlWithItl(itl, ctl);
  return age.reason === 'ctl-stale' ? staleCtlFacts(ctl, 'serials-differ-from-itl', age.detail) : ctl;
}

const identity = (c: DiscoveredCertificate) => `${c.unit ?? '-'}|${(c.node ?? '').toLowerCase()}|${c.serial}`;

/** Each certificate once (every TFTP server serves the same ITL; TLS shows CallManager again): the first seen is
 * kept. */
export function distinctCertificates(facts: DiscoveredFacts): DiscoveredFacts {
  const seen = new Set<string>();
  const certificates = facts.certificates.filter((c) => {
    const key = identity(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { ...facts, certificates };
}
