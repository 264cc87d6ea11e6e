// The node a pasted CAPF certificate belongs to. `show cert own CAPF/CAPF.pem` names no node (its CN is
// `CAPF-<hex>`), and the CLI prompt is `admin:` on every node; but a paste is one CLI session on one node, and the
// other `show cert own` outputs of that session name it (CallManager, tomcat, TVS: their CN is the host). When they
// all name one node, CAPF is that node's, as the TLS probe finds it by the address it reached. Several nodes named
// (sessions pasted together) or none: CAPF's node stays unknown, and no ticket is keyed to a guess.
import type { DiscoveredFacts } from '../facts-schema.js';

export function withSessionNode(facts: DiscoveredFacts): DiscoveredFacts {
  const named = new Map<string, string>();
  for (const c of facts.certificates) if (c.node !== null) named.set(c.node.toLowerCase(), c.node);
  if (named.size !== 1) return facts;
  const [node] = [...named.values()];
  return {
    ...facts,
    certificates: facts.certificates.map((c) =>
      c.node === null && c.unit !== null ? { ...c, node: node ?? null } : c,
    ),
  };
}
