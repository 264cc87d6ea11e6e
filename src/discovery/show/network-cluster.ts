// `show network cluster`: one line per node, `<ip> <fqdn> <host> <Publisher|Subscriber> <callmanager|cups|...>
// <DBPub|DBSub> ...`, then the processnode table (not read: the lines above name every node with its role).
import type { DiscoveredFacts, DiscoveredNode, FactSource } from '../facts-schema.js';
import { linesOf } from './lines.js';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

function nodeOf(tokens: string[]): DiscoveredNode | null {
  const [ip = '', fqdn = '', host = '', position = '', product = ''] = tokens;
  if (!IPV4.test(ip) && !ip.includes(':')) return null;
  if (!HOST.test(fqdn) || !HOST.test(host) || !/^(?:Publisher|Subscriber)$/i.test(position)) return null;
  const roles: DiscoveredNode['roles'] = [];
  if (/^callmanager$/i.test(product)) roles.push('cucm', /^Publisher$/i.test(position) ? 'publisher' : 'subscriber');
  else if (/^cups$/i.test(product)) roles.push('imp');
  const addresses = [...new Set([ip, fqdn])].filter((a) => a !== host);
  return { name: host, addresses, roles };
}

export function readNetworkCluster(text: string, source: FactSource): DiscoveredFacts {
  const nodes: DiscoveredNode[] = [];
  for (const line of linesOf(text)) {
    if (/Server Table \(processnode\)/i.test(line)) break;
    const node = nodeOf(line.trim().split(/\s+/));
    if (node && !nodes.some((n) => n.name.toLowerCase() === node.name.toLowerCase()) && nodes.length < 64) {
      nodes.push(node);
    }
  }
  if (nodes.length === 0) {
    return { certificates: [], state: [], unread: [{ reason: 'nothing-read', source, detail: 'no node lines' }] };
  }
  return {
    certificates: [],
    state: [
      {
        kind: 'nodes',
        value: nodes,
        source,
        note: `${nodes.length} nodes, as the node the command ran on sees the cluster`,
      },
    ],
    unread: [],
  };
}
