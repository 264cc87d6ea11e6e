// Every Prometheus metric of the service, in one registry, so names are defined once and documented here.
// Conventions: certwatch's own metrics start with certwatch_, counters end in _total, label values come from closed
// sets (a sender must not be able to create series). Node's process metrics keep their standard names (process_*,
// nodejs_*), so stock Node.js dashboards work unchanged.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { knownAlarmName, type CertificateAlarm } from '../parse/alarm-names.js';
import { collectCountingChildren } from './label-children.js';
import { CERTWATCH_VERSION } from '../version.js';


/** The `alarm` label of a certificate event: a known alarm name as CUCM spells it, every other name `other`. */
export function alarmLabel(alarm: string): CertificateAlarm | 'other' {
  return knownAlarmName(alarm) ?? 'other';
}

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buildInfo = new Gauge({
    name: 'certwatch_build_info',
    help: 'Always 1; the labels say which certwatch (package.json version) runs on which Node.js',
    labelNames: ['version', 'nodejs_version'] as const,
    registers: [registry],
  });
  buildInfo.set({ version: CERTWATCH_VERSION, nodejs_version: process.version }, 1);
  // Counted per message: those with `collect: collectCountingChildren` are counted on the hot path through counting
  // children (label-children.ts), handed to prom-client at each collect.
  const m = {
    registry,
    messagesReceived: new Counter({
      name: 'certwatch_messages_received_total', help: 'Syslog messages (frames/datagrams) received, by transport',
      labelNames: ['transport'] as const, registers: [registry], collect: collectCountingChildren,
    }),
    bytesReceived: new Counter({
      name: 'certwatch_bytes_received_total', help: 'Bytes received, by transport',
      labelNames: ['transport'] as const, registers: [registry], collect: collectCountingChildren,
    }),
    rejected: new Counter({
      name: 'certwatch_messages_rejected_total', help: 'Messages or connections rejected, by transport and reason',
      labelNames: ['transport', 'reason'] as const, registers: [registry], collect: collectCountingChildren,
    }),
    noise: new Counter({
      name: 'certwatch_messages_noise_total', help: 'Messages that are not certificate alarms (cheaply skipped)',
      labelNames: ['transport'] as const, registers: [registry], collect: collectCountingChildren,
    }),
    certificateEvents: new Counter({
      name: 'certwatch_certificate_events_total',
      help: 'Certificate events parsed, by alarm (a known alarm name, else "other") and how they arrived',
      labelNames: ['alarm', 'via'] as const,
      registers: [registry],
    }),
    overloadDropped: new Counter({
      name: 'certwatch_overload_dropped_total', help: 'Messages dropped because a bounded in-memory queue was full',
      labelNames: ['where'] as const, registers: [registry],
    }),
    eventsSecondLane: new Counter({
      name: 'certwatch_events_second_lane_total',
      help: "Accepted certificate events queued behind other sources' events because their source sent more than its fair share (source-over-share) or too many sources were tracked (too-many-sources)",
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    eventsCoalesced: new Counter({
      name: 'certwatch_events_coalesced_total',
      help: "Repeats of a certificate's alarm folded into another event of their kind instead of becoming an event (a job) of their own; the ticket still counts each as an occurrence (a run of one alarm time once)",
      registers: [registry],
    }),
    mailsCut: new Counter({
      name: 'certwatch_mails_cut_total',
      help: 'Plan mails over MAIL_MAX_BYTES, sent as text only and cut to fit (with a note saying so), by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    tcpConnections: new Gauge({
      name: 'certwatch_tcp_connections', help: 'Open syslog TCP/TLS connections',
      labelNames: ['transport'] as const, registers: [registry],
    }),
    tcpHeldBack: new Counter({
      name: 'certwatch_tcp_held_back_total',
      help: 'Times a syslog TCP/TLS connection stopped reading because the accept side was full for its source (backpressure: its frames wait, nothing is lost)',
      labelNames: ['transport'] as const, registers: [registry],
    }),
    udpSocketDrops: new Counter({
      name: 'certwatch_udp_socket_drops_total',
      help: "Datagrams the kernel dropped for certwatch's own UDP syslog socket (receive buffer full), from the drops column of /proc/net/udp{,6}",
      registers: [registry],
    }),
    udpReaderInfo: new Gauge({
      name: 'certwatch_udp_reader_info',
      help: 'Always 1; the label says how the UDP syslog socket is read: recvmmsg (native batches) or dgram (SYSLOG_UDP_READER)',
      labelNames: ['reader'] as const,
      registers: [registry],
    }),
    udpNamespaceRcvbufErrors: new Counter({
      name: 'certwatch_udp_namespace_rcvbuf_errors_total',
      help: "NOT certwatch's alone: UDP receive-buffer errors of every socket in the network namespace (host or container), RcvbufErrors of /proc/net/snmp{,6}, counted while certwatch runs",
      registers: [registry],
    }),
    ticketDecisions: new Counter({
      name: 'certwatch_ticket_decisions_total', help: 'Ticket decisions, by reason',
      labelNames: ['reason'] as const, registers: [registry],
    }),
    spooled: new Counter({
      name: 'certwatch_spool_written_total',
      help: 'Accepted events written to the disk spool while Redis was unreachable',
      registers: [registry],
    }),
    spoolOverflow: new Counter({
      name: 'certwatch_spool_overflow_total',
      help: 'Events lost because Redis was unreachable and the spool could not take them (spool-full: SPOOL_MAX_BYTES or a full disk; spool-error: another write error)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    trafficUntracked: new Counter({
      name: 'certwatch_traffic_untracked_total',
      help: 'Node names heard but not tracked for the quiet rule (too many distinct unknown names between two flushes)',
      registers: [registry],
    }),
    unhandledRejections: new Counter({
      name: 'certwatch_unhandled_rejections_total',
      help: 'Promise rejections nothing handled (a bug: logged as UnhandledRejection; the service stays up)',
      registers: [registry],
    }),
    webSignInsRefused: new Counter({
      name: 'certwatch_web_sign_ins_refused_total', help: 'Web page sign-ins (POST /login) refused: not the API token',
      registers: [registry],
    }),
    mails: new Counter({
      name: 'certwatch_mails_total',
      help: 'Plan mails, by outcome (sent, outbox, skipped-already-sent, skipped-in-other-mail, skipped-covered-by-own-ticket, failed-retry, failed-permanent)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    planFailures: new Counter({
      name: 'certwatch_plan_failures_total',
      help: "Tickets the plan engine failed on: left out of their mail's plan and named in its notices",
      registers: [registry],
    }),
    // The two certificate gauges are set from the discovery store and the ticket store's gauge rows of open tickets
    // when /metrics is read (discovery-metrics.ts): one series per certificate a unit holds now, dropped when the
    // certificate is replaced, its ticket resolved or the cluster forgotten.
    certificateNotAfter: new Gauge({
      name: 'certwatch_certificate_not_after_timestamp_seconds',
      help: 'End of validity (Unix seconds) of each certificate of a unit on a node: read by discovery (the one most recently learned; node "unknown" where no source names it), else from the open ticket of an alarm whose expiry is exact or inferred (never a bare window). One series per cluster, node (short lower-case name), unit and certificate file',
      labelNames: ['cluster', 'node', 'unit', 'certificate'] as const,
      registers: [registry],
    }),
    discoveryLastSuccess: new Gauge({
      name: 'certwatch_discovery_last_success_timestamp_seconds',
      help: 'When a discovery source kind (itl-file, ctl-file, show-output, uds, tls-probe) last told anything about a cluster (Unix seconds)',
      labelNames: ['cluster', 'source'] as const,
      registers: [registry],
    }),
    discoveryProbes: new Counter({
      name: 'certwatch_discovery_probes_total',
      help: 'Discovery probes run, by probe (itl, ctl, uds, tls) and outcome (ok, or the named failure: timeout, refused, not-tls, ...)',
      labelNames: ['probe', 'outcome'] as const,
      registers: [registry],
    }),
    // Label values from the inventory only (nodes of known clusters), so senders cannot create series.
    nodeLastMessage: new Gauge({
      name: 'certwatch_node_last_message_timestamp_seconds',
      help: 'When each inventory node of a known cluster last sent any message (by name or a listed address), Unix seconds; alert on time() minus it to catch a silent syslog path. Set by the tick; nodes never heard have no series',
      labelNames: ['cluster', 'node'] as const, registers: [registry],
    }),
    jobsFailed: new Gauge({
      name: 'certwatch_jobs_failed', help: 'Jobs in the failed set of the mail queue', registers: [registry],
    }),
    eventAcceptSeconds: new Histogram({
      name: 'certwatch_event_accept_seconds',
      help: 'Certificate alarm received (datagram or frame read from the socket) -> accepted: persisted in Redis (stored="redis") or, while Redis is unreachable, written to the disk spool (stored="spool"); repeats folded into one event count each',
      labelNames: ['stored'] as const,
      // From half a millisecond (a pipelined round trip to a local Redis) to a second (the persist timeout is 2 s).
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    parseSeconds: new Histogram({
      name: 'certwatch_certificate_parse_seconds', help: 'Time to fully parse a certificate alarm',
      buckets: [1e-6, 1e-5, 1e-4, 1e-3, 1e-2], registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
