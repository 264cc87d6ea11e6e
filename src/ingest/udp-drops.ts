// Kernel-side UDP loss figures: the `drops` column of /proc/net/udp{,6} for our own socket, and the namespace-wide
// RcvbufErrors of /proc/net/snmp{,6} as a second, coarser figure. Parsers are pure; readUdpDrops does the I/O.
import { readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface UdpSocketSelector {
  /** Local port our socket is bound to. */
  port: number;
  /** Socket inode when known: disambiguates several sockets on one port (SO_REUSEPORT, udp4 + udp6). */
  inodes?: ReadonlySet<number>;
}

export interface UdpDrops {
  /** Datagrams the kernel dropped for our socket (receive buffer full, ...); null when /proc is unreadable or the
   *  socket is not listed. */
  socketDrops: number | null;
  /** UDP RcvbufErrors of the whole network namespace (every socket of the host/container); null when unreadable. */
  namespaceRcvbufErrors: number | null;
}

export interface ProcUdpSocket {
  localPort: number;
  inode: number;
  drops: number;
}

/** Parses /proc/net/udp or /proc/net/udp6 text: one row per socket (header and malformed lines skipped). */
export function parseProcNetUdp(text: string): ProcUdpSocket[] {
  const rows: ProcUdpSocket[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    if (cols.length < 13 || !/^\d+:$/.test(cols[0]!)) continue;
    const local = cols[1]!;
    const portHex = local.slice(local.lastIndexOf(':') + 1);
    const localPort = Number.parseInt(portHex, 16);
    const inode = Number(cols[9]);
    const drops = Number(cols[12]);
    if (!Number.isFinite(localPort) || !Number.isFinite(inode) || !Number.isFinite(drops)) continue;
    rows.push({ localPort, inode, drops });
  }
  return rows;
}

/** Sum of drops over the sockets the selector names; null when none is listed. */
export function socketDropsFrom(rows: readonly ProcUdpSocket[], selector: UdpSocketSelector): number | null {
  const inodes = selector.inodes;
  const mine = rows.filter((r) => r.localPort === selector.port && (inodes === undefined || inodes.size === 0 || inodes.has(r.inode)));
  if (mine.length === 0) return null;
  return mine.reduce((sum, r) => sum + r.drops, 0);
}

/** RcvbufErrors from /proc/net/snmp (`Udp:` header line + value line); null when absent. */
export function parseSnmpUdpRcvbufErrors(text: string): number | null {
  const lines = text.split('\n').filter((l) => l.startsWith('Udp: '));
  if (lines.length < 2) return null;
  const names = lines[0]!.trim().split(/\s+/);
  const values = lines[1]!.trim().split(/\s+/);
  const i = names.indexOf('RcvbufErrors');
  if (i === -1 || values[i] === undefined) return null;
  const n = Number(values[i]);
  return Number.isFinite(n) ? n : null;
}

/** Udp6RcvbufErrors from /proc/net/snmp6 (`Name value` lines); null when absent. */
export function parseSnmp6UdpRcvbufErrors(text: string): number | null {
  const m = /^Udp6RcvbufErrors\s+(\d+)\s*$/m.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Turns successive readings of a kernel figure into increments of a Prometheus counter, so the counter only grows
 * across socket restarts. `baseline` is what the figure stood at before it was ours to count: 0 for our own socket's
 * drops (a new socket starts at 0, all it shows is ours), null for a figure that counts since boot (the first reading
 * becomes the baseline). A reading below the last one means another set of sockets was read: it becomes the
 * baseline and nothing is counted.
 */
export function kernelCounterIncrease(baseline: number | null): (reading: number) => number {
  let last = baseline;
  return (reading) => {
    const increase = last === null || reading < last ? 0 : reading - last;
    last = reading;
    return increase;
  };
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Inodes of the sockets this process holds open, from /proc/self/fd links `socket:[N]`. Node does not expose a
 * dgram socket's fd without a deprecated API, so we intersect our own sockets with the rows for our port instead.
 */
export async function ownSocketInodes(procDir = '/proc'): Promise<Set<number>> {
  const inodes = new Set<number>();
  const fdDir = join(procDir, 'self', 'fd');
  let fds: string[];
  try {
    fds = await readdir(fdDir);
  } catch {
    return inodes;
  }
  await Promise.all(fds.map(async (fd) => {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(await readlink(join(fdDir, fd)));
      if (m) inodes.add(Number(m[1]));
    } catch {
      // fd closed meanwhile
    }
  }));
  return inodes;
}

/** Reads both figures; never throws (missing files, other OS, restricted /proc: null). */
export async function readUdpDrops(selector: UdpSocketSelector, procDir = '/proc'): Promise<UdpDrops> {
  const [udp, udp6, snmp, snmp6] = await Promise.all([
    readText(join(procDir, 'net', 'udp')),
    readText(join(procDir, 'net', 'udp6')),
    readText(join(procDir, 'net', 'snmp')),
    readText(join(procDir, 'net', 'snmp6')),
  ]);
  const rows = [...(udp === null ? [] : parseProcNetUdp(udp)), ...(udp6 === null ? [] : parseProcNetUdp(udp6))];
  const socketDrops = udp === null && udp6 === null ? null : socketDropsFrom(rows, selector);
  const v4 = snmp === null ? null : parseSnmpUdpRcvbufErrors(snmp);
  const v6 = snmp6 === null ? null : parseSnmp6UdpRcvbufErrors(snmp6);
  const namespaceRcvbufErrors = v4 === null && v6 === null ? null : (v4 ?? 0) + (v6 ?? 0);
  return { socketDrops, namespaceRcvbufErrors };
}
