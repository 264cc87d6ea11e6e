// Ticket identity: which certificate an event is about, as a deterministic, readable id without ':'.
import { ownValue } from '../domain/own-key.js';
import type { CertificateEvent } from '../domain/certificate-event.js';
import type { ClusterState } from '../domain/cluster.js';
import { shortHash, slug } from './slug.js';

/** True when the unit is a trust store (ends in -trust, any case), whatever the Type field says. */
export function isTrustUnit(unit: string): boolean {
  return /-trust$/i.test(unit.trim());
}

/**
 * Node names are compared as short host names, lower-case: NodeID is the short name, but an FQDN may appear as host.
 * IP addresses are kept whole.
 */
export function normalizeNodeName(node: string): string {
  const n = node.trim().toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(n) || n.includes(':')) return n;
  return n.split('.')[0] ?? n;
}

/**
 * The inventory's name of the node that a name or address read elsewhere (an FQDN from UDS, the address a probe
 * dialled, a NodeID in any case) stands for, compared as normalizeNodeName compares; null when no node is listed so.
 */
export function listedNodeName(read: string, nodes: Pick<ClusterState, 'nodes'>['nodes']): string | null {
  const name = normalizeNodeName(read);
  return (
    nodes.find((n) => normalizeNodeName(n.name) === name || n.addresses.some((a) => normalizeNodeName(a) === name))
      ?.name ?? null
  );
}

/**
 * Certificate names are compared without a .der/.pem/.crt/.cer extension, lower-case: CUCM shows the same
 * certificate as tomcat.der in alarms and tomcat.pem in the CLI.
 */
export function normalizeCertName(certificate: string): string {
  return certificate.trim().toLowerCase().replace(/\.(der|pem|crt|cer)$/, '');
}

function normUnit(unit: string): string {
  return unit.trim().toLowerCase();
}

/** Id of a node's own certificate ticket: `<cluster>.<node>.<unit>.<cert>.<hash>`. */
export function ownTicketIdFor(clusterId: string, node: string, unit: string, certificate: string): string {
  const n = normalizeNodeName(node);
  const u = normUnit(unit);
  const c = normalizeCertName(certificate);
  const hash = shortHash(['own', clusterId, n, u, c]);
  return [slug(clusterId), slug(n), slug(u), slug(c), hash].join('.');
}

/** Id of a trust-store entry ticket (one per cluster, whichever nodes report it): `<cluster>.<unit>.<cert>.<hash>`. */
export function trustTicketIdFor(clusterId: string, unit: string, certificate: string): string {
  const u = normUnit(unit);
  const c = normalizeCertName(certificate);
  const hash = shortHash(['trust', clusterId, u, c]);
  return [slug(clusterId), slug(u), slug(c), hash].join('.');
}

/** The ticket an event belongs to, in the given cluster. */
export function ticketIdFor(event: CertificateEvent, clusterId: string): string {
  return isTrustUnit(event.unit)
    ? trustTicketIdFor(clusterId, event.unit, event.certificate)
    : ownTicketIdFor(clusterId, event.node, event.unit, event.certificate);
}

/** Trust store -> the own unit whose certificates it holds copies of (lower-case keys). */
const OWN_UNIT_OF_TRUST: Record<string, string> = {
  'tomcat-trust': 'tomcat',
  'callmanager-trust': 'CallManager',
  'capf-trust': 'CAPF',
  'tvs-trust': 'TVS',
  'ipsec-trust': 'ipsec',
};

/**
 * A trust entry named after a node of the same cluster (CUCM01.der, CUCM01.pem, CUCM01-EC.pem in tomcat-trust) is a
 * copy of that node's own certificate: returns that node's own-certificate ticket id, else null.
 * The own certificate is keyed by its usual file name (<unit>.pem; extension ignored by the key).
 */
export function linkedOwnTicketId(
  clusterId: string,
  unit: string,
  certificate: string,
  cluster: Pick<ClusterState, 'nodes'>,
): string | null {
  if (!isTrustUnit(unit)) return null;
  const ownUnit = ownValue(OWN_UNIT_OF_TRUST, normUnit(unit));
  if (ownUnit === undefined) return null;
  let name = normalizeCertName(certificate);
  let unitName = ownUnit;
  // ECDSA copies are named <host>-EC.pem; they belong to the -ECDSA unit (tomcat and CallManager only).
  const ec = /^(.*)-ec$/.exec(name);
  if (ec?.[1] !== undefined && (ownUnit === 'tomcat' || ownUnit === 'CallManager')) {
    name = ec[1];
    unitName = `${ownUnit}-ECDSA`;
  }
  name = normalizeNodeName(name);
  const node = cluster.nodes.find(
    (n) => normalizeNodeName(n.name) === name || n.addresses.some((a) => normalizeNodeName(a) === name),
  );
  if (node === undefined) return null;
  return ownTicketIdFor(clusterId, node.name, unitName, `${unitName}.pem`);
}
