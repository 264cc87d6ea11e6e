// The alarms a scenario sends and how: CUCM certificate alarm lines with names that tell the scenario, one datagram
// each over UDP at a bounded rate, or framed by LF over one TCP connection.
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { certAlarmLine, type CertAlarm } from '../../test/support/alarm-lines.js';

const DAY = 86_400_000;

/** An own-certificate alarm, 5 days before expiry: one ticket per (node, certificate), one mail revision. */
export function alarmLine(node: string, certificate: string, unit = 'tomcat', alarm: CertAlarm = 'CertValidfor7days'): string {
  const now = Date.now();
  return certAlarmLine({ node, unit, certificate, alarm, at: new Date(now), expires: new Date(now + 5 * DAY) });
}

/** `count` alarms of distinct certificates on a few nodes, named after the scenario. */
export function distinctAlarms(scenario: string, count: number, nodes = 4): string[] {
  return Array.from({ length: count }, (_, i) => alarmLine(`${scenario.toUpperCase().replace(/[^A-Z0-9]/g, '')}${i % nodes}`, `${scenario}-${i}.der`));
}

/**
 * Sends datagrams at about `perSecond` to the port `port()` names at the time of sending (a
 * restarted service listens on another port); returns how many were handed to the kernel. `progress.sent` follows
 * along, for a scenario that acts in the middle of the stream.
 */
export async function sendUdpPaced(port: () => number, lines: readonly string[], perSecond: number, progress = { sent: 0 }): Promise<number> {
  const socket = createSocket('udp4');
  // Bursts of at least one datagram, at least 10 ms apart: 20/s is one every 50 ms, 20,000/s 200 every 10 ms.
  const perTick = Math.max(1, Math.round(perSecond / 100));
  const tickMs = (perTick / perSecond) * 1000;
  let sent = 0;
  try {
    for (let at = 0; at < lines.length; at += perTick) {
      const started = Date.now();
      for (const line of lines.slice(at, at + perTick)) {
        await new Promise<void>((resolve, reject) => socket.send(Buffer.from(line), port(), '127.0.0.1', (e) => (e ? reject(e) : resolve())));
        sent += 1;
        progress.sent += 1;
      }
      const rest = tickMs - (Date.now() - started);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
  } finally {
    socket.close();
  }
  return sent;
}

/** A TCP syslog connection from a chosen loopback address (127.0.0.0/8 are all this host: many "sources"). */
export function openTcp(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Writes LF-framed lines, waiting whenever the socket's buffer is full (TCP backpressure reaches the sender). */
export async function writeLines(socket: Socket, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    if (!socket.write(`${line}\n`)) {
      await new Promise<void>((resolve, reject) => {
        socket.once('drain', resolve);
        socket.once('close', () => reject(new Error('connection closed while writing')));
      });
    }
  }
}
