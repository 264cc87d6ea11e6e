// The cluster's nodes as the plan needs them: publisher first, CUCM vs IM&P, TFTP order, placeholders when unknown.
import type { ClusterState } from '../../domain/cluster.js';
import type { TriResult } from '../version.js';
import type { NodeSet } from '../rules/units.js';

export const PLACEHOLDER = {
  publisher: '[publisher]',
  subscribers: '[each subscriber, one at a time]',
  tftp: '[each TFTP node]',
  imp: '[each IM&P node]',
  impPublisher: '[IM&P publisher]',
  allNodes: '[every node]',
} as const;

const PLACEHOLDER_ORDER: string[] = [
  PLACEHOLDER.publisher,
  PLACEHOLDER.subscribers,
  PLACEHOLDER.tftp,
  PLACEHOLDER.impPublisher,
  PLACEHOLDER.imp,
  PLACEHOLDER.allNodes,
];

export interface Topology {
  /** Node list given in the inventory. */
  known: boolean;
  publisher: string;
  publisherKnown: boolean;
  /** The IM&P publisher (where an IM&P multi-server CSR is generated), or a placeholder. */
  impPublisher: string;
  /** CUCM nodes, publisher first (placeholders when unknown). */
  cucm: string[];
  imp: string[];
  tftp: string[];
  /** The set of TFTP servers is known (the inventory's list, or the one discovery filled). */
  tftpKnown: boolean;
  /** The cluster's TFTP list (canonical names), null when unknown; in the phones' order only when `tftpOrder` says
   * so. */
  tftpListed: string[] | null;
  /** `phones`: the list is the inventory's, in the order the phones use (option 150); `unknown`: not known, or only
   * the set discovery found. */
  tftpOrder: 'phones' | 'unknown';
  /** Number of TFTP servers the phones use (a set property: the list's length), null when unknown. */
  tftpCount: number | null;
  /** The ordered TFTP list the phones use, null when its order is unknown. */
  phoneTftpList: string[] | null;
  canonical(name: string): string;
  isPublisher(name: string): TriResult;
  isImp(name: string): boolean;
  isTftp(name: string): TriResult;
  /** Sort nodes publisher first, then CUCM subscribers in inventory order, then IM&P, then unknown names. */
  order(names: readonly string[]): string[];
  resolve(set: NodeSet, changed: readonly string[]): string[];
}

/** `tftpServersFrom`: whose the cluster's TFTP list is (PlanOptions); a discovered one is a set, its order unknown. */
export function buildTopology(
  cluster: ClusterState,
  tftpServersFrom: 'inventory' | 'discovery' = 'inventory',
): Topology {
  const nodes = cluster.nodes;
  const known = nodes.length > 0;
  const byLower = new Map(nodes.map((n) => [n.name.toLowerCase(), n]));
  const canonical = (name: string): string => byLower.get(name.trim().toLowerCase())?.name ?? name.trim();
  const pubNode = nodes.find((n) => n.roles.includes('publisher') && !n.roles.includes('imp'));
  const publisher = pubNode?.name ?? PLACEHOLDER.publisher;
  const cucmNodes = nodes.filter((n) => !n.roles.includes('imp'));
  const cucm = known
    ? [
        ...(pubNode ? [pubNode.name] : [PLACEHOLDER.publisher]),
        ...cucmNodes.filter((n) => n !== pubNode).map((n) => n.name),
      ]
    : [PLACEHOLDER.publisher, PLACEHOLDER.subscribers];
  const impNodes = nodes.filter((n) => n.roles.includes('imp'));
  const imp = impNodes.length
    ? [
        ...impNodes.filter((n) => n.roles.includes('publisher')),
        ...impNodes.filter((n) => !n.roles.includes('publisher')),
      ].map((n) => n.name)
    : [];
  const listed = cluster.tftpServers === 'unknown' ? [] : cluster.tftpServers.map(canonical);
  const byRole = nodes.filter((n) => n.roles.includes('tftp')).map((n) => n.name);
  const tftpNames = [...new Set([...listed, ...byRole])];
  const tftpKnown = cluster.tftpServers !== 'unknown';
  const tftpOrder = tftpKnown && tftpServersFrom === 'inventory' ? 'phones' : 'unknown';
  const tftp = tftpNames.length ? tftpNames : [PLACEHOLDER.tftp];
  const rank = (name: string): number => {
    if (name === publisher) return -1;
    const i = nodes.findIndex((n) => n.name === name);
    if (i < 0) return name.startsWith('[') ? 10_000 + PLACEHOLDER_ORDER.indexOf(name) : 5_000;
    // IM&P nodes after the CUCM nodes, the IM&P publisher first.
    const n = nodes[i]!;
    return n.roles.includes('imp') ? (n.roles.includes('publisher') ? 999 : 1_000 + i) : i;
  };
  const isPublisher = (name: string): TriResult => {
    if (name === PLACEHOLDER.publisher) return 'yes';
    if (pubNode) return canonical(name) === pubNode.name ? 'yes' : 'no';
    const n = byLower.get(name.toLowerCase());
    if (n && n.roles.includes('subscriber')) return 'no';
    return 'unknown';
  };
  return {
    known, publisher, publisherKnown: !!pubNode, cucm, imp, tftp, tftpKnown, tftpOrder,
    tftpListed: tftpKnown ? listed : null,
    impPublisher:
      impNodes.find((n) => n.roles.includes('publisher'))?.name ??
      (impNodes.length === 1 ? impNodes[0]!.name : PLACEHOLDER.impPublisher),
    tftpCount: tftpKnown ? listed.length : null,
    phoneTftpList: tftpOrder === 'phones' ? listed : null,
    canonical,
    isPublisher,
    isImp: (name) => byLower.get(name.toLowerCase())?.roles.includes('imp') ?? false,
    isTftp: (name) => (tftpNames.includes(canonical(name)) ? 'yes' : tftpKnown ? 'no' : 'unknown'),
    order: (names) => [...new Set(names)].sort((a, b) => rank(a) - rank(b)),
    resolve(set, changed) {
      switch (set) {
        case 'changed': return this.order(changed);
        case 'publisher': return [publisher];
        case 'all-cucm': return cucm;
        case 'tftp': return tftp;
        // Inventory without IM&P nodes: the changed nodes (an IM&P unit's alarm came from one) and every other one.
        case 'imp': return imp.length ? imp : this.order([...changed, PLACEHOLDER.imp]);
        case 'all': return [...cucm, ...imp];
      }
    },
  };
}
