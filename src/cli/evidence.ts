// `certwatch evidence --cluster ID [--file PATH]`: posts pasted `show` outputs or an ITL/CTL file (from --file, else
// stdin) to a running service's POST /api/v1/clusters/:id/evidence and prints what it learned, what it could not read
// and the conflicts with the inventory. A .tlv file (or bytes that start like one) goes as application/octet-stream.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { EvidenceAnswer } from '../api/routes/discovery-schema.js';
import { authHeaders, refusalText, serviceBase, unreachable } from './service-request.js';

export const EVIDENCE_USAGE = `usage: certwatch evidence --cluster ID [--file PATH] [--name NAME] [--url URL] [--json]
  send evidence of a cluster's state to the running service: pasted \`show\` outputs (show cert list own, show cert
  own UNIT/FILE, show itl, show ctl, show version active, show network cluster) or an ITLFile.tlv / CTLFile.tlv
  --cluster ID  the cluster's id in the inventory
  --file PATH   the paste or the .tlv file (default: read stdin)
  --name NAME   the name a .tlv file was fetched under, when its own header does not say (default: the file's name)
  --url URL     the service (default: $CERTWATCH_URL, else http://127.0.0.1:$HTTP_PORT, port 8080 by default)
  --json        print the service's answer as JSON
The bearer token, where the API needs one, comes from $API_TOKEN.`;

export interface EvidenceIo {
  out(line: string): void;
  err(line: string): void;
  stdin(): Promise<Buffer>;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const consoleIo: EvidenceIo = { out: (l) => console.log(l), err: (l) => console.error(l), stdin: readStdin };

/** HEADERVERSION, the first tag of every ITL/CTL file, then its two-byte length 2: no paste starts so. */
const looksLikeTlv = (bytes: Buffer) => bytes.length >= 3 && bytes[0] === 1 && bytes[1] === 0 && bytes[2] === 2;

export function printAnswer(answer: EvidenceAnswer, io: Pick<EvidenceIo, 'out'>): void {
  io.out(`cluster ${answer.cluster}: learned at ${answer.learnedAt}`);
  for (const c of answer.certificates) {
    io.out(
      `certificate ${c.unit ?? '-'} on ${c.node ?? 'unknown node'} (${c.function}): serial ${c.serial}, not after ${c.notAfter}, ${c.subject}  [${c.source.detail}]`,
    );
  }
  for (const s of answer.state) {
    io.out(`state ${s.kind}: ${JSON.stringify(s.value)}  [${s.source.kind}: ${s.source.detail}]`);
  }
  for (const u of answer.unread) io.out(`not read (${u.reason}): ${u.detail}  [${u.source.detail}]`);
  for (const f of answer.filled) io.out(`fills ${f.field}: ${JSON.stringify(f.value)}  [${f.source.detail}, ${f.at}]`);
  for (const c of answer.conflicts) {
    io.out(
      `conflict ${c.field} (${c.reason}): inventory ${JSON.stringify(c.inventory)}, found ${JSON.stringify(c.discovered)}  [${c.source.detail}, ${c.at}]`,
    );
  }
  if (answer.notKept > 0) {
    io.out(`not kept: ${answer.notKept} certificates of no unit (the cluster holds the most kept per cluster)`);
  }
  for (const w of answer.warnings) io.out(`warning (${w.reason}): ${w.note}  [${w.source.detail}, ${w.at}]`);
  for (const t of answer.tickets)
    if (t.action !== 'none') {
      io.out(
        `ticket ${t.ticketId}: ${t.action} (${t.reason}) for ${t.unit ?? '-'} on ${t.node ?? 'unknown node'}, not after ${t.notAfter}`,
      );
    }
}

/** Exit status: 0 read and kept, 1 refused or unreachable (told on stderr), 2 a usage problem. */
export async function runEvidence(
  args: string[],
  io: EvidenceIo = consoleIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cluster: { type: 'string' }, file: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' },
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(EVIDENCE_USAGE);
    return 0;
  }
  if (!values.cluster) {
    io.err('certwatch evidence: --cluster is required (see certwatch evidence --help)');
    return 2;
  }
  let body: Buffer;
  try {
    body = values.file ? await readFile(values.file) : await io.stdin();
  } catch (error) {
    io.err(
      `certwatch evidence: ${values.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
    return 2;
  }
  const isFile = looksLikeTlv(body) || /\.tlv$/i.test(values.file ?? '');
  const name = values.name ?? (isFile && values.file ? basename(values.file) : undefined);
  const base = serviceBase(values.url, env);
  const url = `${base}/api/v1/clusters/${encodeURIComponent(values.cluster)}/evidence${name ? `?name=${encodeURIComponent(name)}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': isFile ? 'application/octet-stream' : 'text/plain; charset=utf-8',
        ...authHeaders(env),
      },
      body: new Blob([new Uint8Array(body)]),
    });
  } catch (error) {
    io.err(unreachable('evidence', base, error));
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    io.err(`certwatch evidence: refused (${response.status}): ${refusalText(text)}`);
    return 1;
  }
  if (values.json) io.out(text);
  else printAnswer(JSON.parse(text) as EvidenceAnswer, io);
  return 0;
}
