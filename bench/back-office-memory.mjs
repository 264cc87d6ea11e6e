// Preloaded (`--import`) into the service the back-office bench starts, and so into its worker child, which inherits
// the service's node flags: where each process's resident memory goes, from inside (process.memoryUsage(): V8's heap,
// external memory, array buffers) beside what the kernel counts (/proc/self/status: RssAnon, the process's own pages,
// and RssFile, the mapped node binary and libraries). Samples every 250 ms; once a second it appends the second's
// sample of highest RSS to BENCH_MEMORY_DIR/<pid>.jsonl, so the bench can read each process's peak in a time window.
// Plain JavaScript: the service runs compiled, without tsx.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_MEMORY_DIR;
if (dir) {
  const file = join(dir, `${process.pid}.jsonl`);
  const role = process.argv.some((arg) => /worker-child\.[jt]s$/.test(arg)) ? 'worker' : 'service';
  const kib = (status, name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  let highest = null;
  const sample = () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const u = process.memoryUsage();
    const s = {
      at: Date.now(), role, rss: u.rss, rssAnon: kib(status, 'RssAnon'), rssFile: kib(status, 'RssFile'),
      heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, arrayBuffers: u.arrayBuffers,
    };
    if (!highest || s.rss > highest.rss) highest = s;
  };
  let ticks = 0;
  setInterval(() => {
    sample();
    ticks += 1;
    if (ticks % 4 === 0 && highest) {
      appendFileSync(file, `${JSON.stringify(highest)}\n`);
      highest = null;
    }
  }, 250).unref();
}
