// Where certwatch's memory goes: starts the service in this process (all roles, or BENCH_ROLES, embedded Redis), reads
// process.memoryUsage() at idle and while another process floods UDP with noise (BENCH_FLOOD_RATE/s for BENCH_FLOOD_S
// seconds; the worker child's memory: `npm run bench -- --back-office`, which floods with 10,000 tickets open),
// and prints the peak of each part. Run it under tsx (`node --import tsx bench/memory-probe.ts`) or compiled
// (`npm run build && node dist/bench/memory-probe.js`) to see what the loader costs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALL_ROLES, startService, type Role } from '../src/main.js';
import { freePort } from '../test/support/free-port.js';
import { udpFlood } from './udp-flood.js';

type Usage = ReturnType<typeof process.memoryUsage>;
const mb = (n: number) => (n / 2 ** 20).toFixed(0);
const show = (label: string, u: Usage) => console.log(`${label.padEnd(28)} rss ${mb(u.rss)} MB = heap used ${mb(u.heapUsed)} / total ${mb(u.heapTotal)}, external ${mb(u.external)} (array buffers ${mb(u.arrayBuffers)}), rest (code, stacks, isolates, malloc) ${mb(u.rss - u.heapTotal - u.external)}`);

const host = '127.0.0.1';
const roles = (process.env.BENCH_ROLES?.split(',') ?? [...ALL_ROLES]) as Role[];
const udpPort = await freePort('udp', host);
const env = {
  ...process.env, SYSLOG_HOST: host, SYSLOG_UDP_PORT: String(udpPort), SYSLOG_TCP_PORT: String(await freePort('tcp', host)), SYSLOG_TLS_PORT: '0',
  HTTP_HOST: host, HTTP_PORT: String(await freePort('tcp', host)), DATA_DIR: mkdtempSync(join(tmpdir(), 'certwatch-mem-')), LOG_LEVEL: 'warn',
  REDIS_URL: undefined, SMTP_URL: undefined, CERTWATCH_CONFIG: undefined,
};
const service = await startService({ roles, env });
await sleep(3_000);
show(`idle (${roles.join(',')})`, process.memoryUsage());

const rate = Number(process.env.BENCH_FLOOD_RATE ?? 100_000);
const seconds = Number(process.env.BENCH_FLOOD_S ?? 10);
const peak: Usage = { ...process.memoryUsage() };
const sampler = setInterval(() => {
  const u = process.memoryUsage();
  for (const k of Object.keys(u) as (keyof Usage)[]) peak[k] = Math.max(peak[k], u[k]);
}, 200);
// The flood comes from another process (bench/udp-flood.ts), so its buffers are not counted here.
const flood = await udpFlood(host, udpPort, rate, seconds);
console.log(`sent ${flood.sent} at ${flood.achieved.toFixed(0)}/s`);
await sleep(1_000);
clearInterval(sampler);
show(`peak of each part, flood ${rate}/s`, peak);
show('after the flood', process.memoryUsage());
await service.stop();
process.exit(0);
