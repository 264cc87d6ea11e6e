// The series of certwatch_certificate_not_after_timestamp_seconds (pure): one per certificate of a unit on a node,
// from discovery (the certificate a unit holds now) and from the gauge rows of open alarm tickets whose expiry is exact
// or inferred (src/tickets/not-after-row.ts: decided when a ticket is written, so a scrape reads no ticket). Where both
// know a certificate, discovery's reading is the series: it read the certificate itself.
// A certificate is one certificate however its node was spelled (normalizeNodeName), its unit cased, or its file
// suffixed (.der in alarms, .pem in the CLI: normalizeCertName).
import { currentCertificates } from '../discovery/current-certificates.js';
import type { KeptCertificate } from '../discovery/kept-facts.js';
import type { ClusterState } from '../domain/cluster.js';
import { normalizeCertName } from '../tickets/ticket-key.js';
import type { TicketNotAfterRow } from '../tickets/ticket-store.js';

export interface NotAfterSeries {
  labels: { cluster: string; node: string; unit: string; certificate: string };
  /** The not-after, Unix seconds. */
  value: number;
  from: 'discovery' | 'alarm';
}

const identity = ({ cluster, node, unit, certificate }: NotAfterSeries['labels']) =>
  JSON.stringify([cluster, node, unit.toLowerCase(), normalizeCertName(certificate)]);

/** Soonest not-after first, then by ticket id: the order of the open tickets' index, so where two tickets are one
 * certificate the series is the one that expires first. */
const byExpiryThenId = (a: TicketNotAfterRow, b: TicketNotAfterRow) =>
  a.row[4] - b.row[4] || (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0);

export function notAfterSeries(
  discovered: readonly { clusterId: string; certificates: readonly KeptCertificate[] }[],
  alarmRows: readonly TicketNotAfterRow[],
  nodesOf: (clusterId: string) => ClusterState['nodes'],
): NotAfterSeries[] {
  const series = new Map<string, NotAfterSeries>();
  for (const { clusterId, certificates } of discovered) {
    for (const c of currentCertificates(certificates, nodesOf(clusterId))) {
      const labels = { cluster: clusterId, node: c.node ?? 'unknown', unit: c.unit, certificate: c.certificate };
      series.set(identity(labels), { labels, value: Date.parse(c.notAfter) / 1000, from: 'discovery' });
    }
  }
  for (const { row: [cluster, node, unit, certificate, value] } of [...alarmRows].sort(byExpiryThenId)) {
    const labels = { cluster, node, unit, certificate };
    const key = identity(labels);
    if (!series.has(key)) series.set(key, { labels, value, from: 'alarm' });
  }
  return [...series.values()];
}
