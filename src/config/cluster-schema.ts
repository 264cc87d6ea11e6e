// The cluster inventory's vocabulary: allowed values of every ClusterState item, its TypeBox schemas and field docs.
import { Type, type Static } from 'typebox';
import {
  UNKNOWN_PEERS, type ClusterState, type CtlSigner, type ItlSigner, type LscKind, type NodeRole, type Peers,
  type PhoneInteraction, type SecurityMode, type Signing, type SsoCertificate,
} from '../domain/cluster.js';

export const SECURITY_MODES = ['non-secure', 'mixed', 'unknown'] as const;
export const CTL_SIGNERS = ['tokenless', 'etoken', 'unknown'] as const;
export const ITL_SIGNERS = ['callmanager', 'itlrecovery', 'unknown'] as const;
export const SIGNINGS = ['self-signed', 'ca-signed', 'multi-san', 'unknown'] as const;
export const LSC_KINDS = ['capf', 'external-ca', 'none', 'unknown'] as const;
export const PHONE_INTERACTIONS = ['automatic', 'manual', 'unknown'] as const;
export const SSO_CERTIFICATES = ['per-node-tomcat', 'cluster-wide-tomcat', 'system-itlrecovery', 'unknown'] as const;
export const NODE_ROLES = ['publisher', 'subscriber', 'cucm', 'imp', 'tftp'] as const;
/** Own-certificate units that can be signed one way or another (keys of `signing`), lower-case. */
export const SIGNING_UNITS = ['tomcat', 'tomcat-ecdsa', 'callmanager', 'callmanager-ecdsa', 'ipsec', 'capf', 'tvs', 'itlrecovery'] as const;
export const PEER_NAMES = Object.keys(UNKNOWN_PEERS) as (keyof Peers)[];

// Compile-time proof that these lists are exactly the domain's unions: adding a value on one side only fails tsc.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameLists: [
  Same<(typeof SECURITY_MODES)[number], SecurityMode>, Same<(typeof CTL_SIGNERS)[number], CtlSigner>,
  Same<(typeof ITL_SIGNERS)[number], ItlSigner>, Same<(typeof SIGNINGS)[number], Signing>,
  Same<(typeof LSC_KINDS)[number], LscKind>, Same<(typeof PHONE_INTERACTIONS)[number], PhoneInteraction>,
  Same<(typeof SSO_CERTIFICATES)[number], SsoCertificate>, Same<(typeof NODE_ROLES)[number], NodeRole>,
] = [true, true, true, true, true, true, true, true];
void sameLists;

/** Cluster ids appear in URLs, Redis keys and BullMQ job ids (which must not contain `:`). */
export const CLUSTER_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

const Tri = Type.Union([Type.Boolean(), Type.Literal('unknown')]);
const enumOf = <T extends string>(values: readonly T[]) => Type.Enum([...values]);

const NodeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Short host name as in NodeID' }),
    addresses: Type.Array(Type.String(), { description: 'IP addresses and FQDNs the node sends from' }),
    roles: Type.Array(enumOf(NODE_ROLES)),
    timeZone: Type.Optional(Type.String({ description: 'IANA time zone, e.g. Europe/Berlin' })),
  },
  { additionalProperties: false },
);

const PeersSchema = Type.Object(
  Object.fromEntries(PEER_NAMES.map((name) => [name, Tri])) as Record<keyof Peers, typeof Tri>,
  { additionalProperties: false },
);

/** A complete cluster as the service stores and returns it (GET responses, the PUT's result). */
export const ClusterStateSchema = Type.Object(
  {
    id: Type.String({ pattern: CLUSTER_ID_PATTERN }),
    name: Type.String({ minLength: 1 }),
    version: Type.String({ description: 'e.g. 11.5(1)SU3, 12.5(1)SU6, 14SU2, 15, or unknown' }),
    securityMode: enumOf(SECURITY_MODES),
    ctlSigner: enumOf(CTL_SIGNERS),
    itlSigner: enumOf(ITL_SIGNERS),
    rollbackToPre8: Tri,
    phoneInteraction: enumOf(PHONE_INTERACTIONS),
    tftpServers: Type.Union([Type.Array(Type.String()), Type.Literal('unknown')]),
    callManagerGroupsRedundant: Tri,
    nodes: Type.Array(NodeSchema),
    signing: Type.Record(Type.String(), enumOf(SIGNINGS)),
    tomcatReusedAsCallManager: Tri,
    lsc: enumOf(LSC_KINDS),
    sso: Type.Object({ enabled: Tri, certificate: enumOf(SSO_CERTIFICATES) }, { additionalProperties: false }),
    sipOAuth: Tri,
    peers: PeersSchema,
    recipients: Type.Array(Type.String()),
    maintenanceWindow: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

// The schema's static type must be the domain type, or the OpenAPI docs would describe something else.
const sameShape: Same<Static<typeof ClusterStateSchema>, ClusterState> = true;
void sameShape;

/**
 * What the PUT route and the YAML file accept: everything but `id` optional (missing items are unknown).
 * Documentation and a coarse first pass only: validateCluster() gives the full checks and messages. It uses no custom
 * `format`, so fastify's Ajv can compile it.
 */
export const ClusterInputSchema = Type.Object(
  {
    id: Type.String({ pattern: CLUSTER_ID_PATTERN }),
    name: Type.Optional(Type.String({ minLength: 1 })),
    version: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    securityMode: Type.Optional(enumOf(SECURITY_MODES)),
    ctlSigner: Type.Optional(enumOf(CTL_SIGNERS)),
    itlSigner: Type.Optional(enumOf(ITL_SIGNERS)),
    rollbackToPre8: Type.Optional(Tri),
    phoneInteraction: Type.Optional(enumOf(PHONE_INTERACTIONS)),
    tftpServers: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Literal('unknown')])),
    callManagerGroupsRedundant: Type.Optional(Tri),
    nodes: Type.Optional(Type.Array(Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        addresses: Type.Optional(Type.Array(Type.String())),
        roles: Type.Optional(Type.Array(enumOf(NODE_ROLES))),
        timeZone: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ))),
    signing: Type.Optional(Type.Record(Type.String(), enumOf(SIGNINGS))),
    tomcatReusedAsCallManager: Type.Optional(Tri),
    lsc: Type.Optional(enumOf(LSC_KINDS)),
    sso: Type.Optional(Type.Object(
      { enabled: Type.Optional(Tri), certificate: Type.Optional(enumOf(SSO_CERTIFICATES)) },
      { additionalProperties: false },
    )),
    sipOAuth: Type.Optional(Tri),
    peers: Type.Optional(Type.Object(
      Object.fromEntries(PEER_NAMES.map((name) => [name, Type.Optional(Tri)])) as Record<keyof Peers, ReturnType<typeof Type.Optional<typeof Tri>>>,
      { additionalProperties: false },
    )),
    recipients: Type.Optional(Type.Array(Type.String())),
    maintenanceWindow: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** One row of the inventory reference in docs/configuration.md (domain brief section 3, "how the admin reads it"). */
export interface ClusterFieldDoc {
  field: string;
  values: string;
  default: string;
  howToRead: string;
}

const list = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');
const tri = '`true`, `false`, `unknown`';

export const CLUSTER_FIELD_DOCS: readonly ClusterFieldDoc[] = [
  { field: 'id', values: 'letters, digits, `.`, `_`, `-` (max 64, no `:`); required, unique', default: '(required)', howToRead: 'your choice; used in URLs and ticket ids' },
  { field: 'name', values: 'text', default: 'the id', howToRead: 'your choice; shown in mail subjects' },
  { field: 'version', values: 'e.g. `11.5(1)SU3`, `12.5(1)SU6`, `14SU2`, `15`, or `unknown` (quote it in YAML)', default: '`unknown`', howToRead: '`show version active`' },
  { field: 'securityMode', values: list(SECURITY_MODES), default: '`unknown`', howToRead: "Enterprise Parameters > Cluster Security Mode (0 = non-secure, 1 = mixed); `run sql select paramname,paramvalue from processconfig where paramname='ClusterSecurityMode'`" },
  { field: 'ctlSigner', values: list(CTL_SIGNERS), default: '`unknown`', howToRead: '`show ctl`: a record signed by a SAST token issued by "Cisco Manufacturing CA" = etoken; signed by the publisher = tokenless (mixed mode only)' },
  { field: 'itlSigner', values: list(ITL_SIGNERS), default: '`unknown`', howToRead: '`show itl` (CallManager key of each TFTP node on 8.x-11.5, ITLRecovery from 12.0, CallManager after `utils itl reset localkey` until TFTP restarts)' },
  { field: 'rollbackToPre8', values: tri, default: '`unknown`', howToRead: 'Enterprise Parameters > "Prepare Cluster for Rollback to pre 8.0" (must be False normally)' },
  { field: 'phoneInteraction', values: list(PHONE_INTERACTIONS), default: '`unknown`', howToRead: 'Enterprise Parameters (14+): phone interaction on certificate update' },
  { field: 'tftpServers', values: 'ordered list of node names (or their addresses), or `unknown`', default: '`unknown`', howToRead: 'DHCP option 150/66 of the phone scopes, or the phones\' alternate TFTP' },
  { field: 'callManagerGroupsRedundant', values: tri, default: '`unknown`', howToRead: 'Device Pool > CallManager Group: every group has at least two servers' },
  { field: 'nodes[].name', values: 'short host name; required, unique across all clusters', default: '(required)', howToRead: '`show network cluster` (the name CUCM sends as NodeID)' },
  { field: 'nodes[].addresses', values: 'list of IP addresses / FQDNs, unique across all clusters', default: '`[]`', howToRead: '`show network cluster`' },
  { field: 'nodes[].roles', values: list(NODE_ROLES), default: '`[]`', howToRead: '`show network cluster`; Serviceability > Service Activation (TFTP)' },
  { field: 'nodes[].timeZone', values: 'IANA zone, e.g. `Europe/Berlin`', default: '(none: UTC, marked inferred)', howToRead: '`show timezone config`' },
  { field: 'signing.<unit>', values: `units ${list(SIGNING_UNITS)} (lower-case) -> ${list(SIGNINGS)}`, default: 'every unit `unknown`', howToRead: 'OS Administration > Security > Certificate Management (issuer; multi-server SAN)' },
  { field: 'tomcatReusedAsCallManager', values: tri, default: '`unknown`', howToRead: '`show cert list own` (14+: no separate CallManager certificate shown)' },
  { field: 'lsc', values: list(LSC_KINDS), default: '`unknown`', howToRead: "the phones' certificate status (LSC issuer)" },
  { field: 'sso.enabled', values: tri, default: '`unknown`', howToRead: 'SAML Single Sign-On page' },
  { field: 'sso.certificate', values: list(SSO_CERTIFICATES), default: '`unknown`', howToRead: 'SAML Single Sign-On page (per-node or cluster-wide tomcat, or the ITLRecovery "system" certificate on 12.0+)' },
  { field: 'sipOAuth', values: tri, default: '`unknown`', howToRead: 'Enterprise Parameters (SIP OAuth mode)' },
  { field: 'peers.<peer>', values: `peers ${list(PEER_NAMES)} -> ${tri}`, default: 'every peer `unknown`', howToRead: "the admin's knowledge (IM&P, Unity Connection, Expressway MRA, SIP-TLS trunks / CUBE / SBC, IOS secure media, EMCC/ILS, UCCX/Finesse, secure CTI/JTAPI, 802.1x RADIUS, ASA phone VPN)" },
  { field: 'recipients', values: 'list of e-mail addresses', default: '`[]` (then `MAIL_TO`)', howToRead: 'who renews this cluster' },
  { field: 'maintenanceWindow', values: 'text', default: '(none)', howToRead: 'your change process; quoted in plan mails' },
];

/** The inventory reference table for docs/configuration.md (tested against that file). */
export function clusterFieldsMarkdown(): string {
  const cell = (value: string) => value.replace(/\|/g, '\\|');
  const lines = ['| Field | Values | Default | How to read it on CUCM |', '|---|---|---|---|'];
  for (const doc of CLUSTER_FIELD_DOCS) {
    lines.push(`| \`${doc.field}\` | ${cell(doc.values)} | ${cell(doc.default)} | ${cell(doc.howToRead)} |`);
  }
  return lines.join('\n') + '\n';
}
