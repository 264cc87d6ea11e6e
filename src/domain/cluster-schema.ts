// The cluster inventory, described once: the TypeBox schema validates the YAML file and PUT /api/v1/clusters/:id,
// gives every TypeScript type of domain/cluster.ts, fills the defaults and generates the docs/configuration.md table.
import { Type, type Static, type TSchema } from 'typebox';

// Extra keywords the inventory's schemas carry (TypeBox keeps unknown options on the schema object):
// - `problem`: what a wrong value is, in the admin's words (`"Mars/Base" is not a known time zone`);
// - `keyName`, `knownKeys`: what an unexpected key of a mapping is called (`unknown unit` in `signing`), and the keys
//   to suggest when its schema has no `properties` to take them from;
// - `howToRead`, `valuesText`, `defaultText`: the docs table (`values` and `default` are derived when not given).
/** Most nodes an inventory cluster may list (a CUCM cluster has at most 21 servers, IM&P included). */
const MAX_NODES = 64;

export type InventoryKeywords = {
  problem?: string;
  keyName?: string;
  knownKeys?: readonly string[];
  howToRead?: string;
  valuesText?: string;
  defaultText?: string;
};

const SECURITY_MODES = ['non-secure', 'mixed', 'unknown'] as const;
const CTL_SIGNERS = ['tokenless', 'etoken', 'unknown'] as const;
const ITL_SIGNERS = ['callmanager', 'itlrecovery', 'unknown'] as const;
const SIGNINGS = ['self-signed', 'ca-signed', 'multi-san', 'unknown'] as const;
const LSC_KINDS = ['capf', 'external-ca', 'none', 'unknown'] as const;
const PHONE_INTERACTIONS = ['automatic', 'manual', 'unknown'] as const;
const SSO_CERTIFICATES = ['per-node-tomcat', 'cluster-wide-tomcat', 'system-itlrecovery', 'unknown'] as const;
const NODE_ROLES = ['publisher', 'subscriber', 'cucm', 'imp', 'tftp'] as const;
/** Weekdays as `Intl` names them (short, English): a maintenance window's day. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
/** Own-certificate units that can be signed one way or another (keys of `signing`), lower-case. */
const SIGNING_UNITS = [
  'tomcat', 'tomcat-ecdsa', 'callmanager', 'callmanager-ecdsa', 'ipsec', 'capf', 'tvs', 'itlrecovery',
  'cup', 'cup-ecdsa', 'cup-xmpp', 'cup-xmpp-ecdsa', 'cup-xmpp-s2s', 'cup-xmpp-s2s-ecdsa',
] as const;

/** Cluster ids appear in URLs, Redis keys and BullMQ job ids (which must not contain `:`). */
const CLUSTER_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
/** Names of the string formats the inventory uses; config/load-clusters.ts registers their checks. */
export const INVENTORY_FORMATS = { hostOrIp: 'host-or-ip', timeZone: 'iana-time-zone', mailbox: 'mailbox' } as const;
const MAX_TEXT = 500;

const code = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');
const TRI_TEXT = '`true`, `false`, `unknown`';

const tri = (options: { howToRead?: string; description?: string }) =>
  Type.Union([Type.Boolean(), Type.Literal('unknown')], {
    default: 'unknown',
    problem: 'must be true, false or unknown',
    valuesText: TRI_TEXT,
    ...options,
  });
const oneOf = <T extends string>(values: readonly T[], options: InventoryKeywords & { default?: T } = {}) =>
  Type.Enum([...values], options);
const choice = <T extends string>(values: readonly T[], howToRead: string) =>
  oneOf(values, { default: 'unknown' as T, howToRead });

/** A weekly change window, e.g. `{weekday: Tue, start: "22:00", duration: 4h}`; its zone defaults to the cluster's. */
const MaintenanceWindowSchema = Type.Object(
  {
    weekday: oneOf(WEEKDAYS, { problem: `must be one of ${WEEKDAYS.join(', ')}`, howToRead: 'your change process' }),
    start: Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      problem: 'is not a time of day (HH:MM, 24 h)',
      valuesText: '`HH:MM` (24 h), e.g. `22:00`',
      howToRead: 'your change process',
    }),
    duration: Type.String({
      pattern: '^(?:[1-9][0-9]?h(?:[1-5]?[0-9]m)?|[1-9][0-9]{0,2}m)$',
      problem: 'is not a duration such as 4h, 90m or 2h30m',
      valuesText: '`4h`, `90m`, `2h30m`',
      howToRead: 'your change process',
    }),
    timeZone: Type.Optional(
      Type.String({
        format: INVENTORY_FORMATS.timeZone,
        problem: 'is not a known time zone',
        valuesText: 'IANA zone, e.g. `Europe/Berlin`',
        defaultText: "(none: the cluster's)",
        howToRead: 'your change process',
      }),
    ),
  },
  { additionalProperties: false },
);

const NodeSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$', problem: 'is not a host name',
      description: 'Short host name as it appears in NodeID.',
      valuesText: 'short host name; required, unique across all clusters',
      howToRead: '`show network cluster` (the name CUCM sends as NodeID)',
    }),
    addresses: Type.Array(Type.String({ format: INVENTORY_FORMATS.hostOrIp, problem: 'is not an IP address or host name' }), {
      default: [], maxItems: 16, description: 'IP addresses and FQDNs the node sends from / is known by.',
      valuesText: 'list of IP addresses / FQDNs, unique across all clusters', howToRead: '`show network cluster`',
    }),
    roles: Type.Array(oneOf(NODE_ROLES), {
      default: [], uniqueItems: true, howToRead: '`show network cluster`; Serviceability > Service Activation (TFTP)',
    }),
    timeZone: Type.Optional(Type.String({
      format: INVENTORY_FORMATS.timeZone, problem: 'is not a known time zone',
      description: 'IANA time zone (e.g. Europe/Berlin) used when an alarm\'s zone is missing or cut.',
      valuesText: 'IANA zone, e.g. `Europe/Berlin`', defaultText: '(none: UTC, marked inferred)', howToRead: '`show timezone config`',
    })),
  },
  { additionalProperties: false },
);

/** What discovery may read (issue 12): the TFTP server's ITL and CTL files, UDS, and TLS handshakes. */
export const DISCOVERY_PROBES = ['itl', 'ctl', 'uds', 'tls'] as const;

const port = (fallback: number, howToRead: string) =>
  Type.Integer({
    minimum: 1,
    maximum: 65535,
    default: fallback,
    problem: 'is not a TCP port (1-65535)',
    valuesText: 'TCP port',
    howToRead,
  });

/**
 * Ports per service, overridable so a site with a port mapping (and the tests, on loopback) can point the probes
 * elsewhere. The defaults are CUCM's and IM&P's own.
 */
const DiscoveryPortsSchema = Type.Object(
  {
    tftp: port(6970, 'TFTP HTTP service (ITLFile.tlv, CTLFile.tlv)'),
    uds: port(8443, 'UDS (`/cucm-uds/version`, `/cucm-uds/servers`)'),
    tomcat: port(8443, 'tomcat / tomcat-ECDSA (CUCM and IM&P web)'),
    callManager: Type.Array(Type.Integer({ minimum: 1, maximum: 65535, problem: 'is not a TCP port (1-65535)' }), {
      default: [5061, 2443],
      maxItems: 4,
      uniqueItems: true,
      valuesText: 'list of TCP ports',
      howToRead: 'CallManager / CallManager-ECDSA (SIP TLS, SCCP TLS)',
    }),
    capf: port(3804, 'CAPF'),
    tvs: port(2445, 'TVS'),
    xmppClient: port(5222, 'cup-xmpp (IM&P XMPP client)'),
    xmppServer: port(5269, 'cup-xmpp-s2s (IM&P XMPP federation)'),
  },
  { additionalProperties: false, default: {} },
);

/** Reading the cluster over the network: optional; only the seeds, and the nodes their UDS lists, are contacted. */
const DiscoverySchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, valuesText: '`true`, `false`', howToRead: 'your choice (`false` keeps the block but probes nothing)' }),
    seeds: Type.Array(Type.String({ format: INVENTORY_FORMATS.hostOrIp, problem: 'is not an IP address or host name' }), {
      minItems: 1, maxItems: MAX_NODES, uniqueItems: true,
      description: 'Addresses to probe: CUCM nodes and TFTP servers; the other nodes of the cluster are learned from UDS.',
      valuesText: 'list of IP addresses / host names', howToRead: '`show network cluster`; DHCP option 150 (TFTP servers)',
    }),
    probes: Type.Array(oneOf(DISCOVERY_PROBES), {
      default: [...DISCOVERY_PROBES],
      uniqueItems: true,
      minItems: 1,
      howToRead: 'what your firewall lets certwatch reach',
    }),
    interval: Type.String({
      pattern: '^[1-9][0-9]{0,3}[mhd]$', default: '1d', problem: 'is not an interval such as 1d, 12h or 90m',
      valuesText: '`1d`, `12h`, `90m`', howToRead: 'how fresh the dates must be (the schedule adds jitter)',
    }),
    ports: DiscoveryPortsSchema,
  },
  { additionalProperties: false },
);

/** Products that hold a copy of the cluster's certificates or trust them (each adds steps to a renewal). */
const PEERS = {
  imp: tri({ description: 'IM&P' }), unityConnection: tri({ description: 'Unity Connection' }),
  expressway: tri({ description: 'Expressway MRA' }), sipTlsTrunks: tri({ description: 'SIP-TLS trunks / CUBE / SBC' }),
  iosSecureMedia: tri({ description: 'IOS secure media' }), emcc: tri({ description: 'EMCC/ILS' }),
  uccx: tri({ description: 'UCCX/Finesse' }), secureCti: tri({ description: 'secure CTI/JTAPI' }),
  radius8021x: tri({ description: '802.1x RADIUS' }), asaPhoneVpn: tri({ description: 'ASA phone VPN' }),
};

const PeersSchema = Type.Object(PEERS, {
  additionalProperties: false,
  default: {},
  keyName: 'peer',
  valuesText: `peers ${code(Object.keys(PEERS))} -> ${TRI_TEXT}`,
  defaultText: 'every peer `unknown`',
  howToRead: `the admin's knowledge (${Object.values(PEERS)
    .map((peer) => (peer as { description?: string }).description)
    .join(', ')})`,
});

/**
 * A complete cluster as the service stores, plans with and returns it. Every item but `id` and the node names has a
 * default (mostly `unknown`): the file and the API may leave it out (see inputForm below).
 */
export const ClusterSchema = Type.Object(
  {
    id: Type.String({
      pattern: CLUSTER_ID_PATTERN,
      problem: "must be 1-64 letters, digits, '.', '_' or '-' (no ':')",
      valuesText: 'letters, digits, `.`, `_`, `-` (max 64, no `:`); required, unique',
      howToRead: 'your choice; used in URLs and ticket ids',
    }),
    name: Type.String({
      minLength: 1,
      maxLength: MAX_TEXT,
      valuesText: 'text',
      defaultText: 'the id',
      howToRead: 'your choice; shown in mail subjects',
    }),
    version: Type.String({
      // A CUCM version starts with its major number: 8.6, 10.5(2), 11.5(1)SU3, 12.5.1.16900-48, 14SU2, 15.
      pattern: '^(?:unknown|\\d{1,2}(?:[.(\\s]|[Ss][Uu]|$)[0-9A-Za-z.()\\s-]*)$', maxLength: 40, default: 'unknown',
      problem: 'is not a CUCM version (e.g. 11.5(1)SU3, 12.5(1)SU6, 14SU2, 15) or unknown',
      description: 'e.g. "11.5(1)SU3", "12.5(1)SU6", "14SU2", "15"; or unknown.',
      valuesText: 'e.g. `11.5(1)SU3`, `12.5(1)SU6`, `14SU2`, `15`, or `unknown` (quote it in YAML)',
      howToRead: '`show version active`',
    }),
    securityMode: choice(SECURITY_MODES, "Enterprise Parameters > Cluster Security Mode (0 = non-secure, 1 = mixed); `run sql select paramname,paramvalue from processconfig where paramname='ClusterSecurityMode'`"),
    ctlSigner: choice(CTL_SIGNERS, '`show ctl`: a record signed by a SAST token issued by "Cisco Manufacturing CA" = etoken; signed by the publisher = tokenless (mixed mode only)'),
    itlSigner: choice(ITL_SIGNERS, '`show itl` (CallManager key of each TFTP node on 8.x-11.5, ITLRecovery from 12.0, CallManager after `utils itl reset localkey` until TFTP restarts)'),
    rollbackToPre8: tri({ howToRead: 'Enterprise Parameters > "Prepare Cluster for Rollback to pre 8.0" (must be False normally)' }),
    phoneInteraction: choice(PHONE_INTERACTIONS, 'Enterprise Parameters (14+): phone interaction on certificate update'),
    tftpServers: Type.Union([Type.Array(Type.String({ minLength: 1, problem: 'must be a node name' }), { maxItems: MAX_NODES }), Type.Literal('unknown')], {
      default: 'unknown', problem: 'must be a list of node names or unknown',
      description: 'Ordered TFTP servers the phones use (node names); unknown when not given.',
      valuesText: 'ordered list of node names (or their addresses), or `unknown`', howToRead: 'DHCP option 150/66 of the phone scopes, or the phones\' alternate TFTP',
    }),
    callManagerGroupsRedundant: tri({ howToRead: 'Device Pool > CallManager Group: every group has at least two servers' }),
    // A CUCM cluster has at most 21 servers (IM&P included): the cap keeps a hostile body from costing seconds.
    nodes: Type.Array(NodeSchema, { default: [], maxItems: MAX_NODES }),
    // Units are matched case-insensitively everywhere (CUCM spells them CallManager-ECDSA); stored lower-case.
    signing: Type.Record(Type.String({ pattern: `^(?:${SIGNING_UNITS.join('|')})$` }), oneOf(SIGNINGS), {
      additionalProperties: false,
      default: {},
      keyName: 'unit',
      knownKeys: SIGNING_UNITS,
      description:
        'Signing per unit (lower-case unit name, e.g. tomcat, callmanager-ecdsa); missing units are unknown.',
      valuesText: `units ${code(SIGNING_UNITS)} (lower-case) -> ${code(SIGNINGS)}`,
      defaultText: 'every unit `unknown`',
      howToRead: 'OS Administration > Security > Certificate Management (issuer; multi-server SAN)',
    }),
    tomcatReusedAsCallManager: tri({
      howToRead: '`show cert list own` (14+: no separate CallManager certificate shown)',
    }),
    lsc: choice(LSC_KINDS, "the phones' certificate status (LSC issuer)"),
    sso: Type.Object(
      {
        enabled: tri({ howToRead: 'SAML Single Sign-On page' }),
        certificate: choice(
          SSO_CERTIFICATES,
          'SAML Single Sign-On page (per-node or cluster-wide tomcat, or the ITLRecovery "system" certificate on 12.0+)',
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    sipOAuth: tri({ howToRead: 'Enterprise Parameters (SIP OAuth mode)' }),
    peers: PeersSchema,
    recipients: Type.Array(Type.String({ format: INVENTORY_FORMATS.mailbox, problem: 'is not an e-mail address' }), {
      default: [],
      maxItems: 50,
      description: "Mail recipients for this cluster's tickets.",
      valuesText: 'list of e-mail addresses',
      defaultText: '`[]` (then `MAIL_TO`)',
      howToRead: 'who renews this cluster',
    }),
    timeZone: Type.Optional(
      Type.String({
        format: INVENTORY_FORMATS.timeZone,
        problem: 'is not a known time zone',
        description: 'IANA time zone (e.g. Europe/Berlin) every date in mails and runbooks is shown in, UTC beside it.',
        valuesText: 'IANA zone, e.g. `Europe/Berlin`',
        defaultText: "the publisher's `nodes[].timeZone`, else UTC",
        howToRead: 'where the people who renew the cluster work',
      }),
    ),
    maintenanceWindow: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_TEXT,
        valuesText: 'text',
        howToRead: 'your change process; quoted in plan mails',
      }),
    ),
    // Optional without a default: an inventory without windows hashes as before (stored API overrides compare hashes).
    maintenanceWindows: Type.Optional(
      Type.Array(MaintenanceWindowSchema, {
        minItems: 1,
        maxItems: 14,
        description: 'Weekly change windows: plans put each step in the next one, mails show them.',
        valuesText: 'list of `{weekday, start, duration, timeZone?}`',
        defaultText: 'none (steps are dated by day only)',
        howToRead: 'your change process',
      }),
    ),
    // Optional without a default, like maintenanceWindows: an inventory without discovery hashes as before.
    discovery: Type.Optional(DiscoverySchema),
  },
  { additionalProperties: false },
);

export type ClusterState = Static<typeof ClusterSchema>;
export type ClusterNode = Static<typeof NodeSchema>;
export type Peers = Static<typeof PeersSchema>;
export type Tri = ClusterState['rollbackToPre8'];
export type Unknown = 'unknown';
export type SecurityMode = ClusterState['securityMode'];
/** Who signs the CTL in mixed mode: tokenless (publisher CallManager key 10-11.x, ITLRecovery 12.0+) or eTokens. */
export type CtlSigner = ClusterState['ctlSigner'];
/** Who signs the ITL: each TFTP node's CallManager key (8.x-11.5, or after `utils itl reset localkey`) or
 * ITLRecovery. */
export type ItlSigner = ClusterState['itlSigner'];
export type Signing = (typeof SIGNINGS)[number];
export type LscKind = ClusterState['lsc'];
export type PhoneInteraction = ClusterState['phoneInteraction'];
export type SsoCertificate = ClusterState['sso']['certificate'];
export type NodeRole = ClusterNode['roles'][number];
export type MaintenanceWindow = Static<typeof MaintenanceWindowSchema>;
export type DiscoveryBlock = Static<typeof DiscoverySchema>;
export type DiscoveryProbe = DiscoveryBlock['probes'][number];

/**
 * The form the file and the API accept: every item with a default (or a `defaultText`: the name is the id) may be
 * left out, at any depth. Derived from ClusterSchema, so the two cannot disagree. `requireId: false` gives the PUT
 * body, whose id may come from the URL.
 */
function inputForm(schema: TSchema, requireId: boolean): TSchema {
  const view = schema as TSchema & {
    properties?: Record<string, TSchema>;
    required?: string[];
    items?: TSchema;
    anyOf?: TSchema[];
  };
  const copy: Record<string, unknown> = { ...view };
  if (view.properties) {
    const properties = view.properties;
    const hasDefault = (key: string) =>
      'default' in (properties[key] ?? {}) || 'defaultText' in (properties[key] ?? {});
    const required = (view.required ?? []).filter((key) => !hasDefault(key) && (requireId || key !== 'id'));
    copy.properties = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, inputForm(sub, true)]));
    if (required.length > 0) copy.required = required;
    else delete copy.required;
  }
  if (view.items) copy.items = inputForm(view.items, true);
  if (view.anyOf) copy.anyOf = view.anyOf.map((branch) => inputForm(branch, true));
  return copy as TSchema;
}

/** One cluster as an inventory file lists it. */
const ClusterInputSchema = inputForm(ClusterSchema, true);
/** The body of PUT /api/v1/clusters/:id (the id may be left to the URL). */
export const ClusterBodySchema = inputForm(ClusterSchema, false);
/** A CLUSTERS_FILE. */
export const InventoryFileSchema = Type.Object(
  { clusters: Type.Array(ClusterInputSchema) },
  { additionalProperties: false },
);
