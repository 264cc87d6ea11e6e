// `certwatch discover --cluster ID`: asks a running service to discover the cluster now (POST
// /api/v1/clusters/:id/discover: the probes of its inventory discovery block) and prints each probe's outcome, what was
// learned, the conflicts with the inventory and the tickets it opened or changed.
import { parseArgs } from 'node:util';
import type { DiscoverAnswer } from '../api/routes/discovery-schema.js';
import { printAnswer } from './evidence.js';
import { authHeaders, refusalText, serviceBase, unreachable } from './service-request.js';

export const DISCOVER_USAGE = `usage: certwatch discover --cluster ID [--url URL] [--json]
  discover a cluster now: its ITL/CTL files, UDS and TLS handshakes at the addresses its inventory discovery block lists
  --cluster ID  the cluster's id in the inventory
  --url URL     the service (default: $CERTWATCH_URL, else http://127.0.0.1:$HTTP_PORT, port 8080 by default)
  --json        print the service's answer as JSON
The bearer token, where the API needs one, comes from $API_TOKEN.`;

export interface DiscoverIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: DiscoverIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Exit status: 0 discovered, 1 refused or unreachable (told on stderr), 2 a usage problem. */
export async function runDiscover(
  args: string[],
  io: DiscoverIo = consoleIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cluster: { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(DISCOVER_USAGE);
    return 0;
  }
  if (!values.cluster) {
    io.err('certwatch discover: --cluster is required (see certwatch discover --help)');
    return 2;
  }
  const base = serviceBase(values.url, env);
  let response: Response;
  try {
    response = await fetch(`${base}/api/v1/clusters/${encodeURIComponent(values.cluster)}/discover`, {
      method: 'POST',
      headers: authHeaders(env),
    });
  } catch (error) {
    io.err(unreachable('discover', base, error));
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    io.err(`certwatch discover: refused (${response.status}): ${refusalText(text)}`);
    return 1;
  }
  if (values.json) {
    io.out(text);
    return 0;
  }
  const answer = JSON.parse(text) as DiscoverAnswer;
  for (const p of answer.run.probes) {
    io.out(
      `probe ${p.probe} ${p.host}:${p.port}: ${p.outcome} (${p.ms} ms)${p.outcome === 'ok' ? '' : `: ${p.detail}`}`,
    );
  }
  printAnswer(answer, io);
  return 0;
}
