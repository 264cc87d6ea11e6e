// Sums self time per function and per file/package in a .cpuprofile (from BENCH_CPU_PROF): `node bench/profile-summary.mjs FILE`.
// SKIP_S=<seconds> leaves out the start-up (module loading); LAST_S=<seconds> keeps only the profile's last seconds
// (the bench's TCP steps run last: about 2.5 s at BENCH_SCALE=0.2); TOP=<n> entries per list; (idle) is left out.
import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const endUs = p.timeDeltas.reduce((a, d) => a + d, 0);
const skipUs = process.env.LAST_S ? endUs - +process.env.LAST_S * 1e6 : +(process.env.SKIP_S ?? 0) * 1e6;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
let t = 0, total = 0;
for (let i = 0; i < p.samples.length; i++) { const d = p.timeDeltas[i] ?? 0; t += d; if (t < skipUs) continue; total += d; self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + d); }
const where = (cf) => cf.url.replace(/^file:\/\/\/work\/[^/]+\//, '').replace(/^.*node_modules\//, 'nm:');
const fn = new Map(), file = new Map();
for (const [id, d] of self) {
  const cf = byId.get(id).callFrame; const f = where(cf);
  const k = `${cf.functionName || '(anon)'}  ${f}${f ? ':' + (cf.lineNumber + 1) : ''}`; fn.set(k, (fn.get(k) ?? 0) + d);
  const fk = f.startsWith('nm:') ? f.split('/').slice(0, f.startsWith('nm:@') ? 2 : 1).join('/') : (f || cf.functionName); file.set(fk, (file.get(fk) ?? 0) + d);
}
const busy = total - (file.get('(idle)') ?? 0);
const top = (m, n) => [...m].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, d]) => `${(100 * d / busy).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy)\n-- by function\n${top(fn, +(process.env.TOP ?? 30))}\n-- by file/package\n${top(file, 25)}`);
