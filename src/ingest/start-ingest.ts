// The ingest role's listeners: syslog over UDP, TCP and (with a certificate) TLS, and the optional SMTP intake for
// RTMT alert mails. All feed the same pipeline; all close first at shutdown.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Metrics } from '../observability/metrics.js';
import type { Pipeline } from '../pipeline.js';
import type { Shutdown } from '../shutdown.js';
import { parseAllowList } from './allow-list.js';
import { createConnectionBudget } from './connection-budget.js';
import { startMailIntake } from './mail-intake.js';
import { startTcpListener } from './tcp-listener.js';
import { startUdpListener, type UdpListener } from './udp-listener.js';

/** Largest RTMT alert e-mail the SMTP intake accepts. */
const MAX_ALERT_MAIL_BYTES = 1_048_576;

export interface IngestPorts {
  udp: number;
  tcp: number;
  tls?: number;
  smtp?: number;
}

export interface Ingest {
  ports: IngestPorts;
  /** True until shutdown starts closing the listeners. */
  isBound(): boolean;
  /** Refreshes the kernel drop figures of our UDP socket (read on demand before /metrics). */
  readKernelDrops(): Promise<void>;
}

export async function startIngest(
  config: Config,
  deps: { pipeline: Pipeline; metrics: Metrics; logger: Logger; shutdown: Shutdown },
): Promise<Ingest> {
  const { pipeline, metrics, logger, shutdown } = deps;
  const allow = parseAllowList(config.syslogAllow);
  const common = {
    host: config.syslogHost,
    allow,
    logger,
    metrics,
    onMessage: pipeline.onMessage,
    screenNoise: pipeline.screenNoise,
    onReject: pipeline.onReject,
  };
  const closers: (() => Promise<void>)[] = [];
  let bound = true;
  shutdown.add('listeners', 'ingest-listeners', async () => {
    bound = false;
    await Promise.all(closers.map((close) => close()));
  });

  const udp: UdpListener = await startUdpListener({
    ...common,
    port: config.syslogUdpPort,
    recvBufferBytes: config.syslogUdpRecvBufferBytes,
    maxMessageBytes: config.syslogMaxMessageBytes,
    reader: config.syslogUdpReader,
  });
  closers.push(() => udp.close());
  const tcpCommon = {
    ...common,
    maxConnections: config.syslogMaxTcpConnections,
    idleTimeoutMs: config.syslogTcpIdleTimeoutMs,
    maxFrameBytes: config.syslogMaxMessageBytes,
    budget: createConnectionBudget({
      total: config.syslogMaxTcpConnections,
      perSource: config.syslogMaxConnectionsPerSource,
    }),
    handshakeTimeoutMs: config.syslogTlsHandshakeTimeoutMs,
    isBusy: pipeline.isBusy,
  };
  const tcp = await startTcpListener({ ...tcpCommon, port: config.syslogTcpPort });
  closers.push(() => tcp.close());
  const ports: IngestPorts = { udp: udp.port, tcp: tcp.port };
  if (config.syslogTlsCert && config.syslogTlsKey) {
    const tls = await startTcpListener({
      ...tcpCommon, port: config.syslogTlsPort,
      tls: { cert: readFileSync(config.syslogTlsCert, 'utf8'), key: readFileSync(config.syslogTlsKey, 'utf8') },
    });
    closers.push(() => tls.close());
    ports.tls = tls.port;
  }
  if (config.mailIntakePort !== undefined) {
    const intake = await startMailIntake({
      host: config.syslogHost,
      port: config.mailIntakePort,
      maxMessageBytes: MAX_ALERT_MAIL_BYTES,
      allow,
      logger,
      metrics,
      ingestText: pipeline.ingestText,
    });
    closers.push(() => intake.close());
    ports.smtp = intake.port;
  }
  logger.info(
    { event: 'IngestReady', host: config.syslogHost, ...ports },
    `syslog listening on ${config.syslogHost}: udp ${ports.udp}, tcp ${ports.tcp}${ports.tls ? `, tls ${ports.tls}` : ' (TLS off)'}`,
  );
  return {
    ports,
    isBound: () => bound,
    readKernelDrops: async () => {
      await udp
        .kernelDrops()
        .catch((error: Error) =>
          logger.debug(
            { event: 'KernelDropsUnreadable', err: error.message },
            'could not read UDP drop counters from /proc',
          ),
        );
    },
  };
}
