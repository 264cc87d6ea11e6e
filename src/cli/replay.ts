// `certwatch replay FILE... --udp HOST:PORT | --tcp HOST:PORT [--rate N]`: sends sample files to a running service.
//
// *.log / *.txt: one message per line ('#' comment lines and blank lines skipped); *.bin: the whole file is one
// message, sent raw. TCP uses RFC 6587 octet counting, so a message may contain anything. Pacing: --rate N sends N
// messages per second. Without --rate, TCP goes as fast as the connection takes it (TCP has flow control), and UDP
// is paced at DEFAULT_UDP_RATE messages per second: loopback UDP has no flow control, and an unpaced burst overflows
// the receiver's socket buffer (on a default 208 KiB buffer that is a few hundred datagrams), so we would be
// measuring our own drops, not the service.
import dgram from 'node:dgram';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_UDP_RATE = 2000;
/** Largest UDP payload over IPv4. */
const MAX_UDP_PAYLOAD = 65_507;

export interface ReplayIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: ReplayIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

export const REPLAY_USAGE = 'usage: certwatch replay FILE... --udp HOST:PORT | --tcp HOST:PORT [--rate N]\n'
  + '  send sample files to a running certwatch\n'
  + '  *.log, *.txt: one message per line (# comments and blank lines skipped); *.bin: one raw message per file\n'
  + `  --rate N: messages per second (default: UDP ${DEFAULT_UDP_RATE}/s, TCP unpaced)`;

export interface Endpoint {
  host: string;
  port: number;
}

/** `127.0.0.1:5514`, `localhost:5514`, `[::1]:5514`; null when malformed. */
export function parseEndpoint(text: string): Endpoint | null {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:\s]+):(\d{1,5})$/.exec(text);
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65_535) return null;
  return { host: m[1]!, port };
}

export interface ReplayFile {
  path: string;
  messages: Buffer[];
}

/** Messages of one file by its extension; null for an extension replay does not know. */
export function messagesOf(path: string, content: Buffer): Buffer[] | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.bin') return content.length === 0 ? [] : [content];
  if (ext !== '.log' && ext !== '.txt') return null;
  const messages: Buffer[] = [];
  let start = 0;
  while (start <= content.length) {
    let end = content.indexOf(0x0a, start);
    if (end === -1) end = content.length;
    let line = content.subarray(start, end);
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    const trimmed = line.toString('latin1').trim();
    if (trimmed.length > 0 && !trimmed.startsWith('#')) messages.push(line);
    start = end + 1;
  }
  return messages;
}

/** Calls send for every message, at most `rate` per second (0 = unpaced), in small batches per timer tick. */
async function paced(messages: Buffer[], rate: number, send: (m: Buffer) => Promise<void>): Promise<void> {
  const startedAt = performance.now();
  for (let i = 0; i < messages.length; i++) {
    if (rate > 0) {
      const due = startedAt + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await send(messages[i]!);
  }
}

async function sendUdp(endpoint: Endpoint, messages: Buffer[], rate: number): Promise<void> {
  const socket = dgram.createSocket(net.isIP(endpoint.host) === 6 ? 'udp6' : 'udp4');
  try {
    await paced(messages, rate, (m) => new Promise<void>((resolve, reject) => {
      socket.send(m, endpoint.port, endpoint.host, (err) => (err ? reject(err) : resolve()));
    }));
  } finally {
    socket.close();
  }
}

async function sendTcp(endpoint: Endpoint, messages: Buffer[], rate: number): Promise<void> {
  const socket = net.connect({ host: endpoint.host, port: endpoint.port });
  let failure: Error | undefined;
  socket.on('error', (err) => { failure = err; });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const write = (m: Buffer) => new Promise<void>((resolve, reject) => {
    if (failure) {
      reject(failure);
      return;
    }
    const ok = socket.write(Buffer.concat([Buffer.from(`${m.length} `), m]));
    if (ok) resolve();
    else socket.once('drain', resolve);
  });
  await paced(messages, rate, write);
  await new Promise<void>((resolve, reject) => {
    socket.once('close', () => (failure ? reject(failure) : resolve()));
    socket.end();
  });
}

export async function runReplay(args: string[], io: ReplayIo = consoleIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        udp: { type: 'string' },
        tcp: { type: 'string' },
        rate: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`certwatch replay: ${(err as Error).message}\n${REPLAY_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(REPLAY_USAGE);
    return 0;
  }
  if ((values.udp === undefined) === (values.tcp === undefined)) {
    io.err(`certwatch replay: give exactly one of --udp HOST:PORT or --tcp HOST:PORT\n${REPLAY_USAGE}`);
    return 2;
  }
  const transport = values.udp !== undefined ? 'udp' : 'tcp';
  const endpoint = parseEndpoint((values.udp ?? values.tcp)!);
  if (endpoint === null) {
    io.err(
      `certwatch replay: --${transport} must be HOST:PORT (IPv6 as [::1]:5514), got "${values.udp ?? values.tcp}"`,
    );
    return 2;
  }
  if (positionals.length === 0) {
    io.err(`certwatch replay: no FILE given\n${REPLAY_USAGE}`);
    return 2;
  }
  let rate = transport === 'udp' ? DEFAULT_UDP_RATE : 0;
  if (values.rate !== undefined) {
    if (!/^\d+$/.test(values.rate) || Number(values.rate) < 1) {
      io.err(`certwatch replay: --rate must be a positive whole number of messages per second, got "${values.rate}"`);
      return 2;
    }
    rate = Number(values.rate);
  }

  const files: ReplayFile[] = [];
  for (const path of positionals) {
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (err) {
      io.err(`certwatch replay: cannot read ${path}: ${(err as Error).message}`);
      return 1;
    }
    const messages = messagesOf(path, content);
    if (messages === null) {
      io.out(`skipped ${path}: not a .log, .txt or .bin file`);
      continue;
    }
    if (transport === 'udp') {
      const tooBig = messages.find((m) => m.length > MAX_UDP_PAYLOAD);
      if (tooBig) {
        io.err(
          `certwatch replay: ${path} holds a ${tooBig.length}-byte message, more than fits in one UDP datagram; use --tcp`,
        );
        return 1;
      }
    }
    files.push({ path, messages });
  }
  const all = files.flatMap((f) => f.messages);
  if (all.length === 0) {
    io.err('certwatch replay: nothing to send');
    return 1;
  }

  const target = `${transport}://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
  const started = performance.now();
  try {
    if (transport === 'udp') await sendUdp(endpoint, all, rate);
    else await sendTcp(endpoint, all, rate);
  } catch (err) {
    io.err(`certwatch replay: sending to ${target} failed: ${(err as Error).message}`);
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  for (const f of files) {
    io.out(`sent ${f.messages.length} message${f.messages.length === 1 ? '' : 's'} from ${basename(f.path)}`);
  }
  const bytes = all.reduce((sum, m) => sum + m.length, 0);
  io.out(
    `sent ${all.length} messages (${bytes} bytes) to ${target} in ${seconds.toFixed(2)} s` +
      (rate > 0
        ? ` (paced at ${rate}/s${values.rate === undefined ? ', the UDP default' : ''})`
        : ' (unpaced, TCP flow control)'),
  );
  return 0;
}
