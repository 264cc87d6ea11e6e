// A UDP flood from a process of its own (so the sender's buffers and CPU are not the receiver's, and the bench's own
// event loop stays free to sample the receiver): CUCM-like noise lines (bench/traffic.ts, no certificate alarm, so the
// flood adds no tickets) at a set rate for a set time, as fast as the sender manages when that is less.
import { spawn } from 'node:child_process';
import { buildTraffic } from './traffic.js';

export interface FloodResult {
  sent: number;
  /** What the sender achieved, datagrams per second. */
  achieved: number;
}

/** The noise lines the flood cycles through (a few hundred distinct ones, as a site's nodes send). */
function noiseLines(count: number): string[] {
  const traffic = buildTraffic(new Date());
  const lines: string[] = [];
  for (let i = 0; lines.length < count; i += 1) if (!traffic.isAlarm(i)) lines.push(traffic.at(i).toString('utf8'));
  return lines;
}

// The sender reads its lines as JSON on stdin, then sends at `rate` for `seconds` and prints what it achieved.
const SENDER = `
const dgram = require('node:dgram');
const [port, host, rate, seconds] = process.argv.slice(1);
let input = '';
process.stdin.setEncoding('utf8').on('data', (d) => { input += d; }).on('end', () => {
  const lines = JSON.parse(input).map((l) => Buffer.from(l));
  const s = dgram.createSocket('udp4');
  s.on('error', () => {});
  s.connect(Number(port), host, async () => {
    const t0 = Date.now();
    const end = t0 + Number(seconds) * 1000;
    let sent = 0;
    while (Date.now() < end) {
      const due = ((Date.now() - t0) * Number(rate)) / 1000;
      while (sent < due && s.getSendQueueCount() < 2000) { s.send(lines[sent % lines.length]); sent += 1; }
      await new Promise((r) => setTimeout(r, 1));
    }
    s.close();
    process.stdout.write(JSON.stringify({ sent, achieved: sent / ((Date.now() - t0) / 1000) }));
  });
});`;

/** Floods host:port with noise at `rate` datagrams per second for `seconds`; resolves when the sender is done. */
export async function udpFlood(host: string, port: number, rate: number, seconds: number): Promise<FloodResult> {
  const sender = spawn(process.execPath, ['-e', SENDER, String(port), host, String(rate), String(seconds)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  sender.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  sender.stdin.end(JSON.stringify(noiseLines(300)));
  const code = await new Promise<number | null>((resolve) => sender.once('exit', resolve));
  if (code !== 0) throw new Error(`the flood sender exited with code ${code}`);
  return JSON.parse(out) as FloodResult;
}
