// Samples the resident memory (VmRSS of /proc/<pid>/status) of a process while it runs, keeping the peak: for tests
// and the chaos suite that bound a service's memory. The pid is asked for at each sample, so a process restarted
// under the sampler (kill -9, then start again) keeps being watched.
import { readFileSync } from 'node:fs';

export interface RssSampler {
  /** Highest VmRSS seen so far, in bytes (0 before the first sample). */
  peakBytes(): number;
  stop(): void;
}

/** VmRSS of a running process in bytes, or null when it has exited (or the system has no /proc). */
export function readRssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function sampleRss(pid: () => number | undefined, everyMs = 100): RssSampler {
  let peak = 0;
  const sample = () => {
    const current = pid();
    const rss = current === undefined ? null : readRssBytes(current);
    if (rss !== null && rss > peak) peak = rss;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peakBytes: () => (sample(), peak),
    stop: () => clearInterval(timer),
  };
}
