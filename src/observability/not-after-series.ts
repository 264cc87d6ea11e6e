// The series of certwatch_certificate_not_after_timestamp_seconds (pure): one per certificate of a unit on a node,
// from discovery (the certificate a unit holds now) and from the open tickets alarms opened whose expiry is exact or
// inferred. Where both know a certificate, discovery's reading is the series: it read the certificate itself.
// A certificate is one certificate however its node was spelled (normalizeNodeName), its unit cased, or its file
// suffixed (.der in alarms, .pem in the CLI: normalizeCertName).
import { currentCertificates } from '../discovery/current-certificates.js';
import type { KeptCertificate } from '../discovery/kept-facts.js';
import type { ClusterState } from '../domain/cluster.js';
import { isUnassignedClusterId } from '../tickets/cluster-match.js';
import { normalizeCertName, normalizeNodeName } from '../tickets/ticket-key.js';
import type { Ticket } from '../tickets/ticket.js';

export interface NotAfterSeries {
  labels: { cluster: string; node: string; unit: string; certificate: string };
  /** The not-after, Unix seconds. */
  value: number;
  from: 'discovery' | 'alarm';
}

/** Why a ticket gives no series of its own. */
export type NoSeriesReason =
  | 'resolved' // the certificate was renewed or the ticket closed: nothing to watch
  | 'trust-entry' // a trust-store entry is the cluster's, not a node unit's certificate
  | 'unassigned-cluster' // named by a sender, not the inventory: no series that senders could multiply
  | 'expiry-window'; // only a window is known (a cut date without its year, ...): no date to export

/** The series a ticket stands for, or why none. */
export function alarmSeries(t: Ticket): NotAfterSeries | { none: NoSeriesReason } {
  if (t.status === 'resolved') return { none: 'resolved' };
  if (t.kind === 'trust') return { none: 'trust-entry' };
  if (isUnassignedClusterId(t.clusterId)) return { none: 'unassigned-cluster' };
  if (t.expiry.precision === 'window' || t.expiry.at === null) return { none: 'expiry-window' };
  return {
    labels: { cluster: t.clusterId, node: normalizeNodeName(t.node), unit: t.unit, certificate: t.certificate },
    value: Date.parse(t.expiry.at) / 1000,
    from: 'alarm',
  };
}

const identity = ({ cluster, node, unit, certificate }: NotAfterSeries['labels']) =>
  JSON.stringify([cluster, node, unit.toLowerCase(), normalizeCertName(certificate)]);

export function notAfterSeries(
  discovered: readonly { clusterId: string; certificates: readonly KeptCertificate[] }[],
  openTickets: readonly Ticket[],
  nodesOf: (clusterId: string) => ClusterState['nodes'],
): NotAfterSeries[] {
  const series = new Map<string, NotAfterSeries>();
  for (const { clusterId, certificates } of discovered) {
    for (const c of currentCertificates(certificates, nodesOf(clusterId))) {
      const labels = { cluster: clusterId, node: c.node ?? 'unknown', unit: c.unit, certificate: c.certificate };
      series.set(identity(labels), { labels, value: Date.parse(c.notAfter) / 1000, from: 'discovery' });
    }
  }
  for (const t of openTickets) {
    const s = alarmSeries(t);
    if ('none' in s) continue;
    const key = identity(s.labels);
    if (!series.has(key)) series.set(key, s);
  }
  return [...series.values()];
}
