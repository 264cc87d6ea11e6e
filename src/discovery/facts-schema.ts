// What discovery learns, described once: every reader (ITL/CTL files, pasted `show` outputs, UDS answers, later the
// TLS probes) returns these facts; the schema validates, documents and types them. Dates are ISO-8601 UTC strings.
import { Type, type Static } from 'typebox';

/** Where a fact was read: the kind of source and a detail a person can follow (file name, command, URL). */
export const SOURCE_KINDS = ['itl-file', 'ctl-file', 'show-output', 'uds', 'tls-probe'] as const;

/**
 * Own-certificate units as CUCM spells them (alarms, `show cert list own`, ticket keys compare them lower-cased).
 * The ECDSA variants are units of their own (brief 3).
 */
export const DISCOVERED_UNITS = [
  'tomcat', 'tomcat-ECDSA', 'CallManager', 'CallManager-ECDSA', 'CAPF', 'TVS', 'ipsec', 'ITLRecovery',
  'cup', 'cup-ECDSA', 'cup-xmpp', 'cup-xmpp-ECDSA', 'cup-xmpp-s2s', 'cup-xmpp-s2s-ECDSA',
] as const;

const ISO_UTC = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';
const isoUtc = (description: string) => Type.String({ pattern: ISO_UTC, description });
const TEXT = { maxLength: 2000 };

export const FactSourceSchema = Type.Object(
  {
    kind: Type.Enum([...SOURCE_KINDS]),
    detail: Type.String({ ...TEXT, description: 'e.g. "ITLFile.tlv record 3", "show cert list own", "https://cucm1:8443/cucm-uds/servers".' }),
  },
  { additionalProperties: false },
);

export const DiscoveredCertificateSchema = Type.Object(
  {
    node: Type.Union([Type.String(TEXT), Type.Null()], { description: 'Host name (or address) of the node holding it; null when the source does not say.' }),
    unit: Type.Union([Type.Enum([...DISCOVERED_UNITS]), Type.Null()], {
      description: 'certwatch unit name; null for a certificate that is no unit of the cluster (an eToken SAST, a trust entry).',
    }),
    /** What the source calls it: the TLV function (CCM+TFTP, TVS, CAPF, SAST, ...) or the `show` unit as printed. */
    function: Type.String(TEXT),
    /** File name as `show cert own <unit>/<file>` takes it (CallManager.pem); null when the source does not name it. */
    certificate: Type.Union([Type.String(TEXT), Type.Null()]),
    subject: Type.String(TEXT),
    issuer: Type.String(TEXT),
    /** Lower-case hex without separators or leading zero bytes' padding, as Node's X509Certificate prints it. */
    serial: Type.String({ pattern: '^[0-9a-f]{1,128}$' }),
    notBefore: Type.Union([isoUtc('Start of validity.'), Type.Null()]),
    notAfter: isoUtc('Exact end of validity.'),
    keyType: Type.Enum(['RSA', 'EC', 'unknown']),
    source: FactSourceSchema,
  },
  { additionalProperties: false },
);

const fact = <V extends ReturnType<typeof Type.Literal>, T extends Parameters<typeof Type.Object>[0][string]>(kind: V, value: T) =>
  Type.Object(
    {
      kind,
      value,
      source: FactSourceSchema,
      /** Why the value follows from the source, and what could make it wrong (a stale CTL, a reset ITL key). */
      note: Type.String(TEXT),
    },
    { additionalProperties: false },
  );

const DiscoveredNodeSchema = Type.Object(
  {
    name: Type.String(TEXT),
    addresses: Type.Array(Type.String(TEXT), { maxItems: 16 }),
    roles: Type.Array(Type.Enum(['publisher', 'subscriber', 'cucm', 'imp', 'tftp'])),
  },
  { additionalProperties: false },
);

/**
 * Whether an ITL/CTL file's signature holds (tlv/verify-signature.ts). `unverifiable` names why it could not be
 * checked: no SIGNATURE item, the signer's certificate not in the file (or unreadable), a digest or key type the
 * check does not know. Verified proves the file is whole and signed by the key it carries, nothing more.
 */
export const UNVERIFIABLE_SIGNATURE_REASONS = ['no-signature', 'signer-not-in-file', 'bad-signer-certificate', 'unknown-digest', 'unsupported-key'] as const;
export const SignatureCheckSchema = Type.Union([
  Type.Object({ outcome: Type.Literal('verified') }, { additionalProperties: false }),
  Type.Object({ outcome: Type.Literal('mismatch') }, { additionalProperties: false }),
  Type.Object({ outcome: Type.Literal('unverifiable'), reason: Type.Enum([...UNVERIFIABLE_SIGNATURE_REASONS]) }, { additionalProperties: false }),
]);

/**
 * One state fact; `value` uses the inventory's own values (domain/cluster-schema.ts), except `signature`: a fact
 * about the file read, shown (a mismatch as a warning) and never merged with the inventory.
 */
export const StateFactSchema = Type.Union([
  fact(Type.Literal('securityMode'), Type.Enum(['non-secure', 'mixed'])),
  fact(Type.Literal('ctlSigner'), Type.Enum(['tokenless', 'etoken'])),
  fact(Type.Literal('itlSigner'), Type.Enum(['callmanager', 'itlrecovery'])),
  fact(Type.Literal('version'), Type.String({ minLength: 1, maxLength: 40 })),
  fact(Type.Literal('tftpServers'), Type.Array(Type.String(TEXT), { maxItems: 64 })),
  fact(Type.Literal('nodes'), Type.Array(DiscoveredNodeSchema, { maxItems: 64 })),
  // `show cert list own` says per unit whether the certificate is self-signed or signed by a CA (not multi-SAN).
  fact(Type.Literal('signing'), Type.Object(
    { unit: Type.Enum(DISCOVERED_UNITS.map((u) => u.toLowerCase())), signing: Type.Enum(['self-signed', 'ca-signed']) },
    { additionalProperties: false },
  )),
  fact(Type.Literal('signature'), SignatureCheckSchema),
]);

/** What a reader could not read, named (`truncated`, `unknown-command`, ...), with where and a short detail. */
export const UnreadSchema = Type.Object(
  { reason: Type.String({ maxLength: 64 }), source: FactSourceSchema, detail: Type.String(TEXT) },
  { additionalProperties: false },
);

export const DiscoveredFactsSchema = Type.Object(
  {
    certificates: Type.Array(DiscoveredCertificateSchema),
    state: Type.Array(StateFactSchema),
    unread: Type.Array(UnreadSchema),
  },
  { additionalProperties: false },
);

export type FactSource = Static<typeof FactSourceSchema>;
export type SourceKind = FactSource['kind'];
export type DiscoveredUnit = (typeof DISCOVERED_UNITS)[number];
export type DiscoveredCertificate = Static<typeof DiscoveredCertificateSchema>;
export type DiscoveredNode = Static<typeof DiscoveredNodeSchema>;
export type StateFact = Static<typeof StateFactSchema>;
export type StateFactKind = StateFact['kind'];
export type SignatureCheck = Static<typeof SignatureCheckSchema>;
/** The state facts that speak of the cluster's inventory (every kind but a file's signature). */
export type InventoryFact = Exclude<StateFact, { kind: 'signature' }>;
export type Unread = Static<typeof UnreadSchema>;
export type DiscoveredFacts = Static<typeof DiscoveredFactsSchema>;

/** Facts with nothing in them, to start from and to concatenate into. */
export function noFacts(): DiscoveredFacts {
  return { certificates: [], state: [], unread: [] };
}

/** All facts of several readers in one (order kept: the caller reads sources in the order it trusts them). */
export function concatFacts(parts: readonly DiscoveredFacts[]): DiscoveredFacts {
  return {
    certificates: parts.flatMap((p) => p.certificates),
    state: parts.flatMap((p) => p.state),
    unread: parts.flatMap((p) => p.unread),
  };
}
