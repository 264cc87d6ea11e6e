// The certificate a unit holds on a node now, as far as discovery knows: of the kept certificates of one unit file
// on one node (an ITL and a `show cert own` may each have said something), the most recently learned wins, a later
// not-after breaking a tie (an ITL and a stale CTL read at the same moment: the ITL's newer certificate). Certificates
// of no unit (eTokens, trust entries) are no unit's certificate and are left out.
import type { DiscoveredUnit } from './facts-schema.js';
import type { KeptCertificate } from './kept-facts.js';
import { certificateFileOf } from './units.js';

export interface CurrentCertificate {
  /** Lower-case host name, or null where no source names the node (a CAPF certificate from `show cert own`). */
  node: string | null;
  unit: DiscoveredUnit;
  /** The certificate file (CallManager.pem). */
  certificate: string;
  notAfter: string;
  serial: string;
  learnedAt: string;
}

const newer = (a: KeptCertificate, b: KeptCertificate) =>
  a.learnedAt !== b.learnedAt ? a.learnedAt > b.learnedAt : Date.parse(a.certificate.notAfter) > Date.parse(b.certificate.notAfter);

export function currentCertificates(kept: readonly KeptCertificate[]): CurrentCertificate[] {
  const latest = new Map<string, KeptCertificate>();
  for (const k of kept) {
    const c = k.certificate;
    if (c.unit === null) continue;
    const key = JSON.stringify([c.node?.toLowerCase() ?? null, c.unit, c.certificate ?? certificateFileOf(c.unit)]);
    const held = latest.get(key);
    if (!held || newer(k, held)) latest.set(key, k);
  }
  return [...latest.values()].map(({ certificate: c, learnedAt }) => ({
    node: c.node?.toLowerCase() ?? null, unit: c.unit as DiscoveredUnit, certificate: c.certificate ?? certificateFileOf(c.unit as DiscoveredUnit),
    notAfter: c.notAfter, serial: c.serial, learnedAt,
  }));
}
