// Discovery's I/O edge: the probes that read a cluster over the network (TFTP files, UDS, TLS handshakes) and the
// runner that drives them from the inventory's discovery block. The readers they feed are pure (../index.ts).
export {
  discoverCluster,
  DEFAULT_PROBE_CONCURRENCY,
  DEFAULT_PROBE_TIMEOUT_MS,
  type DiscoverDeps,
  type DiscoveryResult,
  type ProbeRecord,
} from './discover-cluster.js';
export { PROBE_FAILURES, type ProbeFailure, type ProbeOutcome } from './outcome.js';
export { followedHosts, probeTasks, type ProbeKind, type ProbeTask } from './probe-plan.js';
export { intervalMs, runDiscovery, type DiscoveryRun } from './run-discovery.js';
export { distinctCertificates, settleCtl } from './settle-files.js';
export { MAX_TFTP_FILE_BYTES, probeTftpFile, type ProbeTarget } from './tftp-probe.js';
export { probeTls } from './tls-probe.js';
export { TLS_SERVICES, unitOfService, type TlsOffer, type TlsService } from './tls-units.js';
export { probeUds } from './uds-probe.js';
