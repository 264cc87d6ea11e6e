// A private rsyslog instance for comparison: its own config, work folder, pid file and loopback ports; no system
// logging (no imuxsock/imklog, -n keeps it in the foreground as our child). imudp and imtcp feed one ruleset whose
// filter is certwatch's prefilter (the same needles) writing certificate alarms to a file.
//
// Counting is exact: impstats writes, every second, the number of messages each listener submitted (imudp per
// listener, imtcp per port): a datagram the kernel dropped never reaches it. The main queue's counters are read too;
// a message discarded there would be counted as lost by the bench (discarded.full is reported).
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port.js';
import { waitFor, GiveUp } from '../test/support/wait-for.js';
import type { Receiver } from './receiver.js';
import { childLifecycle } from './child-lifecycle.js';

export function rsyslogVersion(): string | null {
  try {
    return /rsyslogd\s+(\S+)/.exec(execFileSync('rsyslogd', ['-v'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch {
    return null;
  }
}

function config(dir: string, host: string, udpPort: number, tcpPort: number, recvBufferBytes: number): string {
  return `# written by certwatch's bench/rsyslog-receiver.ts
global(workDirectory="${dir}" maxMessageSize="8k")
module(load="impstats" interval="1" format="json" log.file="${dir}/stats.json" log.syslog="off" resetCounters="off")
module(load="imudp")
module(load="imtcp")
template(name="raw" type="string" string="%rawmsg%\\n")
ruleset(name="certificate-alarms") {
  if ($rawmsg contains "CERT-" or $rawmsg contains "Cert-" or $rawmsg contains "cert-" or $rawmsg contains "ertificate name") then {
    action(type="omfile" file="${dir}/alarms.log" template="raw")
  }
}
input(type="imudp" address="${host}" port="${udpPort}" ruleset="certificate-alarms" rcvbufSize="${recvBufferBytes}")
input(type="imtcp" address="${host}" port="${tcpPort}" ruleset="certificate-alarms")
`;
}

interface StatsLine {
  name: string;
  origin: string;
  submitted?: number;
  [counter: string]: unknown;
}

/** The latest impstats record of each name (the file holds one JSON record per line, after a timestamp). */
function latestStats(path: string): Map<string, StatsLine> {
  const latest = new Map<string, StatsLine>();
  if (!existsSync(path)) return latest;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const at = line.indexOf('{');
    if (at < 0) continue;
    try {
      const record = JSON.parse(line.slice(at)) as StatsLine;
      latest.set(record.name, record);
    } catch {
      // a line still being written
    }
  }
  return latest;
}

export interface RsyslogReceiver extends Receiver {
  /** Messages the main queue discarded because it was full (counted as lost by the bench). */
  discarded(): number;
}

/** `recvBufferBytes`: the UDP receive buffer, the same size certwatch gets (rsyslog as root would force more). */
export async function startRsyslog(host: string, prefix: string[], recvBufferBytes: number): Promise<RsyslogReceiver> {
  const dir = mkdtempSync(join(tmpdir(), 'rsyslog-bench-'));
  const [udpPort, tcpPort] = [await freePort('udp', host), await freePort('tcp', host)];
  const confPath = join(dir, 'rsyslog.conf');
  writeFileSync(confPath, config(dir, host, udpPort, tcpPort, recvBufferBytes));
  const logPath = join(dir, 'rsyslogd.log');
  const log = createWriteStream(logPath);
  const command = [...prefix, 'rsyslogd', '-n', '-f', confPath, '-i', join(dir, 'rsyslogd.pid')];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const life = childLifecycle(child, 10_000);
  const statsPath = join(dir, 'stats.json');
  const alarmsPath = join(dir, 'alarms.log');
  const udpName = `imudp(${host}/${udpPort}/IPv4)`;
  const tcpName = `imtcp(${tcpPort})`;
  await waitFor('rsyslogd to report its listeners', () => {
    if (life.exitCode() !== undefined) throw new GiveUp(`rsyslogd exited with code ${life.exitCode()}; log: ${logPath}`);
    const stats = latestStats(statsPath);
    return stats.has(udpName) && stats.has(tcpName);
  }, 15_000, 100);

  return {
    name: 'rsyslog', pid: child.pid!, host, udpPort, tcpPort, logPath, quietMs: 2_500,
    counted: async (transport) => latestStats(statsPath).get(transport === 'udp' ? udpName : tcpName)?.submitted ?? 0,
    alarmsKept: async () => (existsSync(alarmsPath) ? readFileSync(alarmsPath, 'utf8').split('\n').length - 1 : 0),
    discarded: () => Number(latestStats(statsPath).get('main Q')?.['discarded.full'] ?? 0),
    stop: life.stop,
  };
}
