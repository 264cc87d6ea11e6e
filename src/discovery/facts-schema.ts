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
    detail: Type.String({
      ...TEXT,
      description: 'e.g. "ITLFile.tlv record 3", "show cert list own", "https://cucm1:8443/cucm-uds/servers".',
    }),
  },
  { additionalProperties: false },
);

export const DiscoveredCertificateSchema = Type.Object(
  {
    node: Type.Union([Type.String(TEXT), Type.Null()], {
      description: 'Host name (or address) of the node holding it; null when the source does not say.',
    }),
    unit: Type.Union([Type.Enum([...DISCOVERED_UNITS]), Type.Null()], {
      description:
        'certwatch unit name; null for a certificate that is no unit of the cluster (an eToken SAST, a trust entry).',
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

const fact = <V extends ReturnType<typeof Type.Literal>, T extends Parameters<typeof Type.Object>[0][string]>(
  kind: V,
  value: T,
) =>
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
export const UNVERIFIABLE_SIGNATURE_REASONS = [
  'no-signature',
  'signer-not-in-file',
  'bad-signer-certificate',
  'unknown-digest',
  'unsupported-key',
] as const;
export const SignatureCheckSchema = Type.Union([
  Type.Object({ outcome: Type.Literal('verified') }, { additionalProperties: false }),
  Type.Object({ outcome: Type.Literal('mismatch') }, { additionalProperties: false }),
  Type.Object(
    { outcome: Type.Literal('unverifiable'), reason: Type.Enum([...UNVERIFIABLE_SIGNATURE_REASONS]) },
    { additionalProperties: false },
  ),
]);

/**
 * A CTL file as read: who signed it and its own time stamp (the TLV TIMESTAMP item; `show ctl`: "last modified on").
 * Kept to say which CTL is served, and what a stale one is (StaleCtlSchema).
 */
const CtlFileSchema = Type.Object(
  {
    signer: Type.String({ ...TEXT, description: 'The SIGNERNAME of the file (a subject name), or "unnamed signer".' }),
    signedAt: Type.Union([isoUtc('The time stamp the file carries.'), Type.Null()]),
  },
  { additionalProperties: false },
);

/**
 * Why a CTL is judged stale (tlv/stale-ctl.ts, posted-ctl.ts): `serials-differ-from-itl`: its CallManager
 * certificates are not those of the ITL served beside it; `older-than-kept`: it carries an older CallManager
 * certificate than the one the node is known to hold now.
 */
const STALE_CTL_BASES = ['serials-differ-from-itl', 'older-than-kept'] as const;

export const StaleCtlSchema = Type.Object(
  {
    ...CtlFileSchema.properties,
    basis: Type.Enum([...STALE_CTL_BASES]),
    detail: Type.String({ ...TEXT, description: 'The certificates only one side has.' }),
  },
  { additionalProperties: false },
);

/**
 * One state fact; `value` uses the inventory's own values (domain/cluster-schema.ts), except the facts about a file
 * read (`signature`, `ctlFile`, `staleCtl`): shown (a signature mismatch as a warning, a stale CTL as a plan notice)
 * and never merged with the inventory. `tftpServers` is a set: the servers the ITL lists (its CCM+TFTP and TFTP
 * records), never the order the phones use them in (DHCP option 150), which nothing discovery reads can tell.
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
  fact(Type.Literal('ctlFile'), CtlFileSchema),
  fact(Type.Literal('staleCtl'), StaleCtlSchema),
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
/** The state facts about a file read, not about the cluster's inventory: shown, never merged. */
export type FileFact = Extract<StateFact, { kind: 'signature' | 'ctlFile' | 'staleCtl' }>;
const FILE_FACT_KINDS: readonly FileFact['kind'][] = ['signature', 'ctlFile', 'staleCtl'];
export const isFileFact = (fact: StateFact): fact is FileFact =>
  (FILE_FACT_KINDS as readonly string[]).includes(fact.kind);
/** The state facts that speak of the cluster's inventory (every kind but those about a file). */
export type InventoryFact = Exclude<StateFact, FileFact>;
export type StaleCtl = Static<typeof StaleCtlSchema>;
export type StaleCtlBasis = StaleCtl['basis'];
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
