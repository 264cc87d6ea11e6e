// Reads one cluster over the network: the probes of its discovery block on its seeds, then on the nodes the seeds'
// UDS lists, with a per-probe limit and a cap on probes in flight. Every probe is recorded with its outcome and
// time; a failed probe is shown, never fatal. The facts are the readers' own (facts-schema.ts), settled by
// settle-files.ts; what they mean for the inventory and the tickets is decided elsewhere.
import type { DiscoveryBlock } from '../../domain/cluster-schema.js';
import { concatFacts, type DiscoveredFacts } from '../facts-schema.js';
import type { ProbeOutcome } from './outcome.js';
import { followedHosts, probeTasks, type ProbeKind, type ProbeTask } from './probe-plan.js';
import { distinctCertificates, settleCtl } from './settle-files.js';
import { probeTftpFile } from './tftp-probe.js';
import { probeTls } from './tls-probe.js';
import type { TlsOffer, TlsService } from './tls-units.js';
import { probeUds } from './uds-probe.js';

/** A probe's limit: a CUCM answers in well under a second; five leaves room for a loaded node across a WAN. */
export const DEFAULT_PROBE_TIMEOUT_MS = 5000;
/** Probes in flight at once: a cluster is never hit with its whole probe list together. */
export const DEFAULT_PROBE_CONCURRENCY = 8;

export interface DiscoverDeps {
  timeoutMs?: number;
  concurrency?: number;
}

export interface ProbeRecord {
  probe: ProbeKind;
  host: string;
  port: number;
  tls?: { service: TlsService; offer: TlsOffer };
  /** `ok`, or the probe's named failure (outcome.ts). */
  outcome: string;
  detail: string;
  ms: number;
}

export interface DiscoveryResult {
  facts: DiscoveredFacts;
  probes: ProbeRecord[];
}

function run(task: ProbeTask, timeoutMs: number): Promise<ProbeOutcome> {
  const target = { host: task.host, port: task.port, timeoutMs };
  switch (task.probe) {
    case 'itl': return probeTftpFile(target, 'ITLFile.tlv');
    case 'ctl': return probeTftpFile(target, 'CTLFile.tlv');
    case 'uds': return probeUds(target);
    case 'tls': return probeTls(target, task.tls?.service ?? 'tomcat', task.tls?.offer ?? 'any');
  }
}

/** Runs `work` on every item, at most `limit` at a time; results in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

interface Done {
  task: ProbeTask;
  outcome: ProbeOutcome;
  ms: number;
}

async function runAll(tasks: readonly ProbeTask[], deps: Required<DiscoverDeps>): Promise<Done[]> {
  return inPool(tasks, deps.concurrency, async (task) => {
    const started = performance.now();
    const outcome = await run(task, deps.timeoutMs);
    return { task, outcome, ms: Math.round(performance.now() - started) };
  });
}

const factsOf = (done: Done | undefined) => (done?.outcome.ok ? done.outcome.facts : null);

/** Per host, the ITL's facts and the CTL's settled against them (a stale CTL says so instead of `mixed`). */
function hostFacts(done: readonly Done[]): DiscoveredFacts[] {
  return done.flatMap((entry) => {
    const facts = factsOf(entry);
    if (facts === null) return [];
    if (entry.task.probe !== 'ctl') return [facts];
    const itl = done.find((other) => other.task.probe === 'itl' && other.task.host === entry.task.host);
    return [settleCtl(factsOf(itl), facts)];
  });
}

function record(done: Done): ProbeRecord {
  const { task, outcome, ms } = done;
  return {
    probe: task.probe, host: task.host, port: task.port, ...(task.tls ? { tls: task.tls } : {}),
    outcome: outcome.ok ? 'ok' : outcome.reason, detail: outcome.detail, ms,
  };
}

export async function discoverCluster(
  target: Pick<DiscoveryBlock, 'seeds' | 'probes' | 'ports'>,
  deps: DiscoverDeps = {},
): Promise<DiscoveryResult> {
  const limits = {
    timeoutMs: deps.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    concurrency: deps.concurrency ?? DEFAULT_PROBE_CONCURRENCY,
  };
  const seeds = await runAll(probeTasks(target, target.seeds), limits);
  const udsAnswers = seeds.filter((done) => done.task.probe === 'uds').flatMap((done) => factsOf(done) ?? []);
  const followed = await runAll(probeTasks(target, followedHosts(target.seeds, udsAnswers)), limits);
  const done = [...seeds, ...followed];
  return { facts: distinctCertificates(concatFacts(hostFacts(done))), probes: done.map(record) };
}
