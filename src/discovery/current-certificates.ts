// The certificate a unit holds on a node now, as far as discovery knows: of the kept certificates of one unit file
// on one node (an ITL and a `show cert own` may each have said something), the most recently learned wins, a later
// not-after breaking a tie (an ITL and a stale CTL read at the same moment: the ITL's newer certificate). Certificates
// of no unit (eTokens, trust entries) are no unit's certificate and are left out.
// A node is one node however a source named it (CUCM01 in an ITL, cucm01.lab.example from UDS, the address a probe
// dialled): the inventory's name when one is listed so, compared as ticket keys compare nodes (normalizeNodeName).
import type { ClusterState } from '../domain/cluster.js';
import { listedNodeName, normalizeCertName, normalizeNodeName } from '../tickets/ticket-key.js';
import type { DiscoveredUnit } from './facts-schema.js';
import type { KeptCertificate } from './kept-facts.js';
import { certificateFileOf } from './units.js';

export interface CurrentCertificate {
  /** The node as normalizeNodeName writes it (short, lower-case; an address kept whole), or null where no source
   * names the node (a CAPF certificate from `show cert own`). */
  node: string | null;
  unit: DiscoveredUnit;
  /** The certificate file (CallManager.pem). */
  certificate: string;
  notAfter: string;
  serial: string;
  learnedAt: string;
}

const newer = (a: KeptCertificate, b: KeptCertificate) =>
  a.learnedAt !== b.learnedAt
    ? a.learnedAt > b.learnedAt
    : Date.parse(a.certificate.notAfter) > Date.parse(b.certificate.notAfter);

/** The node a certificate's source names, as one name for all of its spellings; null when none is named. */
function nodeOf(read: string | null, nodes: ClusterState['nodes']): string | null {
  if (read === null || read.trim() === '') return null;
  return normalizeNodeName(listedNodeName(read, nodes) ?? read);
}

/** `nodes`: the cluster's inventory nodes (absent: names as read, normalised). */
export function currentCertificates(
  kept: readonly KeptCertificate[],
  nodes: ClusterState['nodes'] = [],
): CurrentCertificate[] {
  const latest = new Map<string, { kept: KeptCertificate; node: string | null; certificate: string }>();
  for (const k of kept) {
    const c = k.certificate;
    if (c.unit === null) continue;
    const node = nodeOf(c.node, nodes);
    const certificate = c.certificate ?? certificateFileOf(c.unit);
    const key = JSON.stringify([node, c.unit, normalizeCertName(certificate)]);
    const held = latest.get(key);
    if (!held || newer(k, held.kept)) latest.set(key, { kept: k, node, certificate });
  }
  return [...latest.values()].map(({ kept: { certificate: c, learnedAt }, node, certificate }) => ({
    node, unit: c.unit as DiscoveredUnit, certificate, notAfter: c.notAfter, serial: c.serial, learnedAt,
  }));
}
