// What a receiver process costs, read from /proc as the kernel accounts it: CPU time (utime + stime of
// /proc/<pid>/stat, in clock ticks) and resident memory (VmRSS, VmHWM of /proc/<pid>/status; RssAnon, the process's
// own, and RssFile, mapped files such as the node binary, which processes running the same binary share).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds the process has used so far (user + system; its threads included, children not). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND; // fields 14 and 15 of stat(5)
}

export interface Memory {
  rssBytes: number;
  peakRssBytes: number;
  /** Anonymous (and shared-memory) pages: the process's own. */
  anonBytes: number;
  /** Pages of mapped files (the node binary, libraries): shared with every process that maps the same files. */
  fileBytes: number;
}

export function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM'), anonBytes: kib('RssAnon') + kib('RssShmem'), fileBytes: kib('RssFile') };
}

