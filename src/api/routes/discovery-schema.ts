// The discovery shapes the API answers with, described once (they validate, document in OpenAPI and type): what a
// piece of evidence taught (facts-schema.ts's own shapes), what the kept facts fill of the inventory and where they
// contradict it (merge-discovered.ts).
import { Type, type Static } from 'typebox';
import { ClusterSchema } from '../../domain/cluster-schema.js';
import {
  DiscoveredCertificateSchema, FactSourceSchema, SOURCE_KINDS, StaleCtlSchema, StateFactSchema, UnreadSchema,
} from '../../discovery/facts-schema.js';
import { KeptCertificateSchema, KeptStateFactSchema } from '../../discovery/kept-facts.js';
import { DiscoveryRunSchema } from '../../discovery/run-log.js';

const MERGE_FIELDS = ['securityMode', 'ctlSigner', 'itlSigner', 'version', 'tftpServers', 'nodes', 'signing'] as const;

export const FilledSchema = Type.Object(
  {
    field: Type.Enum([...MERGE_FIELDS]),
    value: Type.Unknown({
      description:
        "the value in the inventory's own terms (for signing: {unit, signing}; for tftpServers: node names in inventory order)",
    }),
    order: Type.Optional(
      Type.Literal('unknown', {
        description:
          'tftpServers only: the list is the set of TFTP servers the ITL lists; the order the phones use them in is not known',
      }),
    ),
    source: FactSourceSchema,
    note: Type.String(),
    at: Type.String({ description: 'when the filling fact was learned (ISO-8601 UTC)' }),
  },
  { description: 'An item the inventory leaves unknown, filled by a discovered fact' },
);

export const ConflictSchema = Type.Object({
  field: Type.Enum([...MERGE_FIELDS]),
  reason: Type.Enum(['differs-from-inventory', 'sources-disagree', 'node-not-in-inventory']),
  inventory: Type.Unknown({ description: 'what the inventory says (unknown when sources disagree)' }),
  discovered: Type.Unknown({ description: 'what the source says' }),
  source: FactSourceSchema,
  note: Type.String(),
  at: Type.String({ description: 'when the contradicting fact was learned (ISO-8601 UTC)' }),
}, { description: 'A discovered fact that contradicts the inventory or another source: shown, never applied' });

export const WarningSchema = Type.Object(
  {
    reason: Type.Enum(['signature-mismatch']),
    source: FactSourceSchema,
    note: Type.String(),
    at: Type.String({ description: 'when the file was read (ISO-8601 UTC)' }),
  },
  {
    description:
      'Conflict-like, never fatal: an ITL or CTL file whose signature does not hold; its facts are kept and shown all the same',
  },
);

/** One certificate's ticket outcome (tickets/apply-discovered.ts): `ticketId` null where the certificate keys no
 * ticket. */
export const TicketOutcomeSchema = Type.Object({
  node: Type.Union([Type.String(), Type.Null()]), unit: Type.Union([Type.String(), Type.Null()]),
  serial: Type.String(), notAfter: Type.String(), ticketId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String({ description: 'open | update | resolve-renewed | none' }), reason: Type.String(),
});

/** The answer to POST /clusters/:id/evidence. */
export const EvidenceAnswerSchema = Type.Object({
  cluster: Type.String(),
  learnedAt: Type.String({ description: 'ISO-8601 UTC' }),
  certificates: Type.Array(DiscoveredCertificateSchema, {
    description: 'each certificate read: function, unit, node, subject, serial, not-after',
  }),
  state: Type.Array(StateFactSchema, { description: 'each state fact read, with its source' }),
  unread: Type.Array(UnreadSchema, { description: 'what could not be read, with a named reason' }),
  filled: Type.Array(FilledSchema, {
    description: "what all facts kept for the cluster fill of the inventory's unknowns",
  }),
  conflicts: Type.Array(ConflictSchema, {
    description: 'where the facts kept for the cluster contradict the inventory or each other',
  }),
  warnings: Type.Array(WarningSchema, {
    description:
      'what is wrong with a source itself among the facts kept for the cluster (a file whose signature does not hold)',
  }),
  notKept: Type.Integer({
    minimum: 0,
    description:
      'certificates of no unit (eTokens, trust entries) read but not kept: the cluster holds the most kept per cluster (500)',
  }),
  tickets: Type.Array(TicketOutcomeSchema, {
    description:
      'what each certificate read did to its ticket (opened, updated, resolved as renewed, or nothing), and why',
  }),
});

/** The answer to POST /clusters/:id/discover: the evidence answer and the run with every probe's outcome. */
export const DiscoverAnswerSchema = Type.Object({ ...EvidenceAnswerSchema.properties, run: DiscoveryRunSchema });

/** The API's plain refusal (404 no such cluster, 415 a body of another type). */
export const ApiErrorSchema = Type.Object({ error: Type.String(), message: Type.String() });

/** Refused evidence: nothing in it could be read; `unread` names why. */
export const EvidenceRefusalSchema = Type.Object({
  error: Type.String(),
  message: Type.String(),
  unread: Type.Array(UnreadSchema),
});

export type EvidenceAnswer = Static<typeof EvidenceAnswerSchema>;
export type DiscoverAnswer = Static<typeof DiscoverAnswerSchema>;

export const StaleCtlFindingSchema = Type.Object(
  {
    ...StaleCtlSchema.properties,
    source: FactSourceSchema,
    note: Type.String(),
    at: Type.String({ description: 'when it was found (ISO-8601 UTC)' }),
  },
  {
    description:
      "A CTL still served although its CallManager certificates are not the cluster's: shown, and said in every plan of the cluster",
  },
);

/** GET /api/v1/clusters/:id: the inventory's cluster and what discovery keeps of it (discovery/store.ts). */
export const ClusterAnswerSchema = Type.Object({
  ...ClusterSchema.properties,
  origin: Type.Enum(['file', 'api', 'unassigned'], {
    description: 'where the cluster comes from: the clusters file, the API, or tickets of no known cluster',
  }),
  discovered: Type.Object({
    certificates: Type.Array(KeptCertificateSchema, { description: 'the certificates discovery keeps, newest first' }),
    state: Type.Array(KeptStateFactSchema, { description: 'the state facts discovery keeps, newest first' }),
    lastSuccess: Type.Array(Type.Object({ source: Type.Enum([...SOURCE_KINDS]), at: Type.String() }), {
      description: 'per source kind, when it last told anything',
    }),
    filled: Type.Array(FilledSchema),
    conflicts: Type.Array(ConflictSchema),
    warnings: Type.Array(WarningSchema),
    staleCtl: Type.Union([StaleCtlFindingSchema, Type.Null()]),
    lastRun: Type.Union([DiscoveryRunSchema, Type.Null()], { description: 'the last discovery run, or null' }),
  }),
});
