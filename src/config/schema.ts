// The one configuration schema: every setting, its environment name, default, unit and meaning (README table source).
import { Type, type Static, type TSchema } from 'typebox';
import { DEFAULT_POLICY, DEFAULT_REMINDER_DAYS } from '../tickets/policy.js';

/** Extra keywords carried by every property of the schema (TypeBox keeps unknown options on the schema object). */
interface KeyOptions {
  /** Environment variable (and YAML key) name. */
  env: string;
  description: string;
  /** Shown in the table; names already carry the unit (`_MS`, `_BYTES`), this repeats it for readers. */
  unit: string;
  /** Never log the value (see redactedConfig). */
  secret?: boolean;
}

// setTimeout/setInterval overflow above 2^31-1 ms and then fire at once: every duration is capped there.
const MAX_TIMER_MS = 2_147_483_647;

const port = (env: string, def: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 65535, default: def, env, unit: 'port', description });
const count = (
  env: string,
  def: number,
  unit: string,
  description: string,
  minimum = 1,
  maximum = Number.MAX_SAFE_INTEGER,
) => Type.Integer({ minimum, maximum, default: def, env, unit, description });
const durationMs = (env: string, def: number, description: string, minimum = 1) =>
  Type.Integer({ minimum, maximum: MAX_TIMER_MS, default: def, env, unit: 'ms', description });
const text = (env: string, def: string, unit: string, description: string) =>
  Type.String({ minLength: 1, default: def, env, unit, description });
const optionalText = (env: string, unit: string, description: string, secret = false) =>
  Type.Optional(Type.String({ minLength: 1, env, unit, description, ...(secret ? { secret } : {}) }));

/** Shortest API token accepted beyond loopback (a shorter API_TOKEN on loopback only warns). */
export const MIN_TOKEN_LENGTH = 32;

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** How the UDP syslog socket is read: `recvmmsg` (native addon, batches of up to 64 datagrams per system call) or
 * Node's `dgram`. */
export const UDP_READERS = ['auto', 'recvmmsg', 'dgram'] as const;

export const ConfigSchema = Type.Object(
  {
    syslogHost: text('SYSLOG_HOST', '0.0.0.0', 'address', 'Address the syslog listeners (UDP, TCP, TLS) bind to.'),
    syslogUdpPort: port('SYSLOG_UDP_PORT', 5514, 'Syslog over UDP (CUCM sends to 514/udp; map it to this port).'),
    syslogTcpPort: port('SYSLOG_TCP_PORT', 5601, 'Syslog over TCP, RFC 6587 framing (CUCM uses 601/tcp).'),
    syslogTlsPort: port('SYSLOG_TLS_PORT', 6514, 'Syslog over TLS (CUCM uses 6514/tcp); only when TLS is on.'),
    syslogTlsCert: optionalText(
      'SYSLOG_TLS_CERT',
      'path',
      'PEM certificate (chain) file for the TLS listener. TLS is off unless both SYSLOG_TLS_CERT and SYSLOG_TLS_KEY are set.',
    ),
    syslogTlsKey: optionalText('SYSLOG_TLS_KEY', 'path', 'PEM private key file for the TLS listener.'),
    syslogAllow: Type.Array(Type.String(), {
      default: [], env: 'SYSLOG_ALLOW', unit: 'list',
      description: 'Comma-separated source IPs / CIDR blocks allowed to send syslog; empty allows every source.',
    }),
    syslogMaxMessageBytes: count(
      'SYSLOG_MAX_MESSAGE_BYTES',
      8192,
      'bytes',
      'Longest accepted syslog message (UDP datagram or TCP frame); longer ones are rejected and counted.',
    ),
    syslogMaxTcpConnections: count(
      'SYSLOG_MAX_TCP_CONNECTIONS',
      512,
      'connections',
      'Concurrent TCP + TLS syslog connections; further ones are refused.',
    ),
    httpRequestTimeoutMs: durationMs(
      'HTTP_REQUEST_TIMEOUT_MS',
      15_000,
      'An HTTP request (headers and body) not complete this fast is answered 408 and closed; idle connections close after twice this.',
    ),
    httpMaxConnections: count(
      'HTTP_MAX_CONNECTIONS',
      256,
      'connections',
      'Open HTTP connections; further ones are closed at once (keeps file descriptors for syslog).',
    ),
    syslogMaxConnectionsPerSource: count(
      'SYSLOG_MAX_CONNECTIONS_PER_SOURCE',
      32,
      'connections',
      'Concurrent TCP + TLS syslog connections from one source address (a relay needs a few, a CUCM node one); further ones are refused.',
    ),
    syslogTlsHandshakeTimeoutMs: durationMs(
      'SYSLOG_TLS_HANDSHAKE_TIMEOUT_MS',
      10_000,
      'A TLS syslog handshake not finished this fast is closed, so a stalled one does not hold a connection slot.',
    ),
    syslogTcpIdleTimeoutMs: durationMs(
      'SYSLOG_TCP_IDLE_TIMEOUT_MS',
      600_000,
      'A TCP/TLS syslog connection silent this long is closed.',
    ),
    syslogUdpRecvBufferBytes: count(
      'SYSLOG_UDP_RECV_BUFFER_BYTES',
      33_554_432,
      'bytes',
      'UDP socket receive buffer requested from the kernel (capped by net.core.rmem_max; the effective size is logged).',
    ),
    syslogUdpReader: Type.Enum([...UDP_READERS], {
      default: 'auto',
      env: 'SYSLOG_UDP_READER',
      unit: 'reader',
      description:
        "How UDP syslog is read: `recvmmsg` (the native addon native/build/udp_batch.node, built by scripts/build-native.sh: up to 64 datagrams per system call, read by a thread of its own; refuses to start without it), `dgram` (Node's socket, one datagram per call) or `auto` (recvmmsg when the addon loads, else dgram with a UdpBatchReaderUnavailable warning).",
    }),
    ingestQueueMaxEvents: count(
      'INGEST_QUEUE_MAX_EVENTS',
      10_000,
      'events',
      'Certificate events waiting to be persisted before new ones are dropped and counted.',
    ),
    httpHost: text(
      'HTTP_HOST',
      '127.0.0.1',
      'address',
      'Address of the HTTP API, the web pages, /healthz and /metrics. Beyond loopback an API token is required: API_TOKEN, else DATA_DIR/api-token, generated (mode 0600) when missing or empty.',
    ),
    httpPort: port('HTTP_PORT', 8080, 'Port of the HTTP API.'),
    httpBodyLimitBytes: count('HTTP_BODY_LIMIT_BYTES', 1_048_576, 'bytes', 'Largest accepted HTTP request body.'),
    apiRateLimitPerMinute: count(
      'API_RATE_LIMIT_PER_MINUTE',
      120,
      'requests/min',
      'Write requests (POST, PUT, PATCH) per client (token and address) per minute, all routes together; unauthenticated calls spend none.',
    ),
    apiToken: optionalText(
      'API_TOKEN',
      'secret',
      'Bearer token for every /api/v1 route, reads included, even on loopback. Beyond loopback it needs at least 32 characters (shorter refuses to start; unset: the token file in DATA_DIR is used or generated).',
      true,
    ),
    redisUrl: optionalText(
      'REDIS_URL',
      'URL',
      'redis:// or rediss:// URL of a shared Redis (>= 6.2, noeviction). Unset: a private redis-server is started with its data in DATA_DIR (single host only).',
      true,
    ),
    smtpUrl: optionalText(
      'SMTP_URL',
      'URL',
      'smtp:// or smtps:// URL (user:password@host:port) for outgoing mail. Unset: mails are written as .eml files to DATA_DIR/outbox.',
      true,
    ),
    mailFrom: text(
      'MAIL_FROM',
      'certwatch@localhost',
      'address',
      'Sender of plan mails (address or "Name <address>").',
    ),
    mailTo: Type.Array(Type.String(), {
      default: [],
      env: 'MAIL_TO',
      unit: 'list',
      description:
        'Comma-separated recipients for clusters that list none of their own. Unset: outbox only, with a warning.',
    }),
    clustersFile: optionalText(
      'CLUSTERS_FILE',
      'path',
      'YAML cluster inventory (format: docs/configuration.md, "Inventory file"). Unset: every cluster starts unknown.',
    ),
    dataDir: text(
      'DATA_DIR',
      './var',
      'path',
      'Directory for the embedded Redis, the spool, the outbox and a generated API token.',
    ),
    logLevel: Type.Enum([...LOG_LEVELS], {
      default: 'info',
      env: 'LOG_LEVEL',
      unit: 'level',
      description: 'Log level (pino): fatal, error, warn, info, debug, trace or silent.',
    }),
    logFormat: Type.Enum([...LOG_FORMATS], {
      default: 'auto',
      env: 'LOG_FORMAT',
      unit: 'format',
      description:
        'Console log format: `pretty` (readable lines), `json` (one JSON object per line, for collectors) or `auto` (pretty when stdout is a terminal, else JSON).',
    }),
    reminderDays: Type.Array(Type.Integer({ minimum: 0, maximum: 3650 }), {
      default: [...DEFAULT_REMINDER_DAYS],
      env: 'REMINDER_DAYS',
      unit: 'days',
      description:
        'Reminder ladder: days before expiry on which a not-acknowledged ticket is mailed again (then daily after expiry). Its first step is also when a certificate read by discovery opens its ticket. `none`: no reminders.',
    }),
    quietAfterMs: durationMs(
      'QUIET_AFTER_MS',
      129_600_000,
      'An alarm not repeated for this long (36 h) while its node keeps sending other messages makes the ticket quiet (renewal suspected).',
    ),
    nodeSilenceAfterMs: durationMs(
      'NODE_SILENCE_AFTER_MS',
      DEFAULT_POLICY.nodeSilenceAfterMs,
      'A node of a known cluster that was heard once and then sends nothing for this long (48 h) gets a node-silence ticket, mailed to the cluster recipients, resolved (and mailed) when it is heard again: its syslog path may be broken.',
    ),
    mailGroupWindowMs: durationMs(
      'MAIL_GROUP_WINDOW_MS',
      60_000,
      'Certificates of one cluster due within this window go out as one mail; 0 disables grouping.',
      0,
    ),
    mailMaxTickets: count(
      'MAIL_MAX_TICKETS',
      50,
      'tickets',
      "Tickets in one plan mail: the job's own and the most urgent others; the rest go in the next mail, never dropped.",
    ),
    mailMaxBytes: count(
      'MAIL_MAX_BYTES',
      1_048_576,
      'bytes',
      "Largest plan mail, attachments included, and so its stored record: a longer one gives up the tickets' details, then the runbook attachments, with a note saying so.",
      16_384,
    ),
    tickIntervalMs: durationMs('TICK_INTERVAL_MS', 60_000, 'How often reminders and the quiet rule are evaluated.'),
    spoolMaxBytes: count(
      'SPOOL_MAX_BYTES',
      67_108_864,
      'bytes',
      'Size cap of the on-disk spool used while Redis is unreachable; overflow is counted and logged.',
    ),
    mailRetryAttempts: count(
      'MAIL_RETRY_ATTEMPTS',
      12,
      'attempts',
      'Attempts per mail job before it is marked failed.',
    ),
    mailRetryBaseMs: durationMs(
      'MAIL_RETRY_BASE_MS',
      5_000,
      'First retry delay of a mail job; doubles on each attempt.',
    ),
    mailLockMs: durationMs(
      'MAIL_LOCK_MS',
      90_000,
      "How long a worker's claim on a cluster's pending mail lasts without renewal: after a crash, that cluster's mail waits at most this long.",
      1_000,
    ),
    trafficFlushMs: durationMs(
      'TRAFFIC_FLUSH_MS',
      5_000,
      'How often per-node traffic counters (for the quiet rule) are written to Redis.',
    ),
    mailIntakePort: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 65535,
        env: 'MAIL_INTAKE_PORT',
        unit: 'port',
        description:
          'SMTP port on SYSLOG_HOST that accepts RTMT alert e-mails (certificate alarms nested in them become events). Unset: no mail intake.',
      }),
    ),
    planStepGapDays: count(
      'PLAN_STEP_GAP_DAYS',
      7,
      'days',
      'Days between two trust-anchor steps of a renewal plan (one maintenance window a week by default; other steps follow the next day); a step whose certificate would expire before its day plus one spare window (a spare day for other steps) comes earlier, and the plan says so.',
      1,
      90,
    ),
    publicUrl: optionalText(
      'PUBLIC_URL',
      'URL',
      'http:// or https:// base URL of this service, used for links in mails. Unset: mails carry no links.',
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
export type ConfigKeyName = keyof Config;

export type ConfigValueKind = 'integer' | 'string' | 'enum' | 'list';

/** Metadata of one setting, derived from the schema so that docs and loader can never disagree with it. */
export interface ConfigKey {
  /** camelCase property of Config. */
  key: ConfigKeyName;
  env: string;
  kind: ConfigValueKind;
  /** Default as it would be written in the environment; null when unset by default. */
  default: string | null;
  description: string;
  unit: string;
  secret: boolean;
  /** Inclusive bounds for integers (and list items of integers). */
  minimum?: number;
  maximum?: number;
  /** Allowed values of an enum. */
  values?: readonly string[];
  /** Item kind of a list. */
  itemKind?: 'integer' | 'string';
}

interface SchemaView extends KeyOptions {
  type?: string;
  enum?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  items?: SchemaView;
}

function describeKey(key: ConfigKeyName, schema: TSchema, required: boolean): ConfigKey {
  const view = schema as unknown as SchemaView;
  const kind: ConfigValueKind = view.enum
    ? 'enum'
    : view.type === 'integer'
      ? 'integer'
      : view.type === 'array'
        ? 'list'
        : 'string';
  const bounds = kind === 'list' ? view.items : view;
  let defaultText: string | null = null;
  if (required) defaultText = Array.isArray(view.default) ? view.default.join(',') : String(view.default);
  return {
    key, env: view.env, kind, default: defaultText, description: view.description, unit: view.unit,
    secret: view.secret === true,
    ...(bounds?.minimum !== undefined ? { minimum: bounds.minimum } : {}),
    ...(bounds?.maximum !== undefined ? { maximum: bounds.maximum } : {}),
    ...(view.enum ? { values: view.enum } : {}),
    ...(kind === 'list' ? { itemKind: view.items?.type === 'integer' ? 'integer' as const : 'string' as const } : {}),
  };
}

export const CONFIG_KEYS: readonly ConfigKey[] = Object.entries(ConfigSchema.properties).map(([key, schema]) =>
  describeKey(key as ConfigKeyName, schema, (ConfigSchema.required as readonly string[]).includes(key)),
);

/** Values a setting accepts, in words, for the docs table. */
export function allowedText(key: ConfigKey): string {
  if (key.kind === 'enum') return (key.values ?? []).join(', ');
  if (key.unit === 'port') return '0..65535 (0 = any free port)';
  const range = (min?: number, max?: number) =>
    max === undefined || max >= Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
  if (key.kind === 'integer') return range(key.minimum, key.maximum);
  if (key.kind === 'list' && key.itemKind === 'integer') {
    return `comma list of ${range(key.minimum, key.maximum)}, or none`;
  }
  if (key.env === 'SYSLOG_ALLOW') return 'comma list of IPs / CIDRs';
  if (key.env === 'MAIL_TO') return 'comma list of e-mail addresses';
  if (key.env === 'REDIS_URL') return 'redis://, rediss://';
  if (key.env === 'SMTP_URL') return 'smtp://, smtps://';
  if (key.env === 'PUBLIC_URL') return 'http://, https://';
  if (key.unit === 'address') return key.env === 'MAIL_FROM' ? 'e-mail address' : 'IP address or host name';
  if (key.unit === 'path') return 'file path';
  return 'printable text, no spaces';
}

const cell = (value: string) => value.replace(/\|/g, '\\|');

/** The configuration table for the README and docs/configuration.md (tested against those files). */
export function configTableMarkdown(): string {
  const lines = ['| Variable | Default | Unit | Allowed | Description |', '|---|---|---|---|---|'];
  for (const key of CONFIG_KEYS) {
    const def = key.default === null ? '(unset)' : key.default === '' ? '(empty)' : `\`${key.default}\``;
    lines.push(
      `| \`${key.env}\` | ${def} | ${cell(key.unit)} | ${cell(allowedText(key))} | ${cell(key.description)} |`,
    );
  }
  return lines.join('\n') + '\n';
}
