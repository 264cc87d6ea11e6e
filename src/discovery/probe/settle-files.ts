// What the files of one TFTP server say together, and one entry per certificate across all sources; pure.
import type { DiscoveredCertificate, DiscoveredFacts } from '../facts-schema.js';
import { compareCtlWithItl } from '../tlv/stale-ctl.js';

/**
 * A CTL whose CallManager certificates are not the ITL's (served beside it) was not rebuilt since they changed: a
 * non-secure cluster still serving its old CTL, or a mixed cluster that missed `utils ctl update CTLFile`. Its
 * `mixed` and signer would be guesses and its certificates are no longer the cluster's: they are dropped, and the
 * stale CTL is reported as `ctl-stale` so the API and the plan can say so.
 */
export function settleCtl(itl: DiscoveredFacts | null, ctl: DiscoveredFacts): DiscoveredFacts {
  if (itl === null) return ctl;
  const age = compareCtlWithItl(itl, ctl);
  if (age.reason !== 'ctl-stale') return ctl;
  const source = ctl.state[0]?.source ?? ctl.certificates[0]?.source ?? { kind: 'ctl-file' as const, detail: 'CTLFile.tlv' };
  return { certificates: [], state: [], unread: [...ctl.unread, { reason: 'ctl-stale', source, detail: age.detail }] };
}

const identity = (c: DiscoveredCertificate) => `${c.unit ?? '-'}|${(c.node ?? '').toLowerCase()}|${c.serial}`;

/** Each certificate once (every TFTP server serves the same ITL; TLS shows CallManager again): the first seen is kept. */
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
