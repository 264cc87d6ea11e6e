// Inventory entries for simulated clusters (simulated-cucm.ts) and the on-demand run, shared by the discovery e2e
// tests.
import type { RunningCucm, Scenario } from './simulated-cucm.js';
import type { TestService } from './in-process.js';
import { waitFor } from './wait-for.js';

export interface SimulatedEntry {
  id: string;
  scenario: Scenario;
  /** The running simulator to discover; without it the entry has no discovery block (evidence only). */
  cucm?: RunningCucm;
  /** Inventory lines beyond the nodes (`    securityMode: non-secure`): what the administrator knows. */
  known?: readonly string[];
}

/**
 * Only the nodes (every CUCM node a TFTP server, in Europe/Berlin) and where to look: version, security mode, signers
 * and signing are left `unknown` for discovery or evidence to fill.
 */
function entry({ id, scenario, cucm, known = [] }: SimulatedEntry): string {
  const nodes = scenario.nodes
    .map((n, i) =>
      [
        `      - name: ${n.name}`,
        `        addresses: [${n.address}]`,
        `        roles: [${n.role === 'imp' ? 'imp' : `${i === 0 ? 'publisher' : 'subscriber'}, tftp`}]`,
        '        timeZone: Europe/Berlin',
      ].join('\n'),
    )
    .join('\n');
  const lines = [`  - id: ${id}`, `    name: ${scenario.name}`, ...known, '    nodes:', nodes];
  if (cucm) {
    const p = cucm.ports;
    lines.push(
      '    discovery:', `      seeds: [${scenario.seeds.join(', ')}]`, '      probes: [itl, ctl, uds, tls]',
      `      ports: { tftp: ${p.tftp}, uds: ${p.uds}, tomcat: ${p.tomcat}, callManager: [${p.callManager.join(', ')}], capf: ${p.capf}, tvs: ${p.tvs}, xmppClient: ${p.xmppClient}, xmppServer: ${p.xmppServer} }`,
    );
  }
  return lines.join('\n');
}

export function simulatedInventory(entries: readonly SimulatedEntry[]): string {
  return ['clusters:', ...entries.map(entry), ''].join('\n');
}

export interface DiscoverAnswer {
  filled: { field: string; value: unknown }[];
  conflicts: unknown[];
  tickets: {
    node: string | null;
    unit: string | null;
    ticketId: string | null;
    action: string;
    reason: string;
    notAfter: string;
  }[];
  run: { trigger: string; probes: { outcome: string }[] };
}

/**
 * POST /api/v1/clusters/:id/discover. The worker's schedule discovers a never-run cluster at start; a request during
 * that run is refused (409): wait for the run to end and ask again.
 */
export async function discoverNow(
  service: TestService,
  id: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: DiscoverAnswer }> {
  const path = `/api/v1/clusters/${encodeURIComponent(id)}`;
  let answer = await service.api<DiscoverAnswer>(`${path}/discover`, { method: 'POST', headers });
  if (answer.status === 409) {
    await waitFor(
      `the scheduled run of ${id} to end`,
      async () =>
        (await service.api<{ discovered: { lastRun: unknown } }>(path, { headers })).body.discovered.lastRun !== null,
      20_000,
    );
    answer = await service.api<DiscoverAnswer>(`${path}/discover`, { method: 'POST', headers });
  }
  return answer;
}
