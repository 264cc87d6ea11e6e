// Change recipes for an own certificate, one per signing (brief 4.1.2): regenerate (self-signed), CSR + chain + upload
// per node (CA-signed), one CSR + chain + upload on the publisher (multi-server SAN).
// Names: {unit} the unit as displayed, {file} its file (CallManager.pem), {certPage} CERT_PAGE of the unit's nodes,
// {node} one node, {nodes} the nodes, {trust} the CA chain's store, {trustUnit} that store as `set cert import trust`
// takes it, {sanPublisher} where a multi-server CSR is made (SAN_PUBLISHER), {sanMembers} SAN_MEMBERS, {validity}
// VALIDITY.
import type { StepText } from './step-text.js';

/** The new certificate's validity that a change's check expects (from 14 TLS certificates are no longer 5 years: review
 * m5). */
export const VALIDITY = {
  itlRecovery: 'Not After about 20 years ahead',
  below14: 'Not After about 5 years ahead, or your CA\'s validity',
  from14: 'Not After later than before',
} as const;

/** Each changed node's check: `{validity}` from VALIDITY. */
export const NEW_VALIDITY_CHECK = '`show cert own {unit}/{file}` on {node}: {validity}.';

/** The alarm's unit has no certificate on this version: `{notes}` says why. */
const NONE_ACTION = '{notes} Check with `show cert list own` which certificate the alarm refers to.';

export const NO_CERTIFICATE: StepText = {
  title: 'No {unit} certificate to change on this version',
  action: NONE_ACTION, commands: ['show cert list own'], why: ['4.2-scope'],
};

export const NO_ITLRECOVERY: StepText = { ...NO_CERTIFICATE, title: 'No ITLRecovery certificate on this version' };

/** Self-signed; `why` follows the unit's main rule. */
export const REGENERATE: StepText = {
  title: 'Regenerate {unit} on {node}',
  commands: ['set cert regen {unit}'], gui: ['{certPage} > Find > {unit} ({node}) > Regenerate'],
  why: ['4.1.2-signing', '4.1.1-one-anchor'],
};

export const FALLBACK_WARNING =
  'You chose to fall back to self-signed: if this {unit} certificate is CA-signed or multi-server SAN, regenerating replaces it with a self-signed one, and MRA, SSO, Finesse and TLS peers that trust only your CA break until they trust the new certificate.';

export const CSR: StepText = {
  title: 'A CSR for {unit} on {nodes}, signed by your CA',
  action: 'Before the window; same key type and length, the node\'s FQDN as subject/SAN.',
  commands: ['set csr gen {unit}'],
  gui: ['{certPage} > Generate CSR (Purpose {unit}, Distribution: the node), then Download CSR'],
  why: ['4.1.2-signing', '4.1.2-no-regen-ca'],
  warnings: ['Never `set cert regen {unit}` a CA-signed certificate: it becomes self-signed.'],
  expect: ['The CA returned each node\'s signed certificate and its chain.'],
};

/** The CA chain of per-node CA-signed certificates (uploaded on the publisher, distributed to every node). */
export const CA_CHAIN: StepText = {
  title: 'Upload the CA chain to {trust}, root first (skip those already there)',
  commands: ['set cert import trust {trustUnit}'],
  gui: ['{certPage} > Upload Certificate/Certificate chain (Certificate Purpose: {trust})'],
  why: ['4.1.2-signing'],
  expect: ['`show cert list trust` lists them in {trust} on every node.'],
};

/** A CA-signed certificate on one node; `why` follows the unit's rule. */
export const CA_SIGNED_UPLOAD: StepText = {
  title: 'Upload the CA-signed {unit} certificate on {node}',
  commands: ['set cert import own {unit}'],
  gui: ['{certPage} > Upload Certificate/Certificate chain (Purpose {unit}) on {node}'],
  why: ['4.1.2-signing', '4.1.1-one-anchor'],
};

/** Where a multi-server CSR is generated and uploaded, by the unit's hosts. */
export const SAN_PUBLISHER = { imp: 'the IM&P publisher', cucm: 'the publisher' } as const;

/** The nodes a multi-server certificate lists as SANs, by the unit's hosts. */
export const SAN_MEMBERS = { imp: 'IM&P node', 'cucm-and-imp': 'node (IM&P included)', cucm: 'node' } as const;

export const MULTI_SAN_CSR: StepText = {
  title: 'One multi-server (SAN) CSR for {unit} on {sanPublisher}, signed by your CA',
  action: 'Before the window (nothing changes yet): every {sanMembers} listed as a SAN.',
  gui: ['{certPage} > Generate CSR (Purpose {unit}, Distribution Multi-server(SAN)), then Download CSR'],
  why: CSR.why,
  expect: ['The CA returned one signed certificate listing every node as a SAN.'],
};

/** Self-signed multi-server exists from 14 only: the builder leaves this out on a cluster known to be older. */
export const SELF_SIGNED_MULTI_SAN_HINT =
  'Or self-signed (14+): Generate Self-signed on that page, Distribution Multi-server(SAN).';

export const MULTI_SAN_CHAIN: StepText = { ...CA_CHAIN, expect: ['`show cert list trust` lists them in {trust}.'] };

/** Uploaded once; its checks are NEW_VALIDITY_CHECK on every node. `why` follows the unit's rule. */
export const MULTI_SAN_UPLOAD: StepText = {
  title: 'Upload the multi-server {unit} certificate once, on {sanPublisher}',
  action: 'CUCM copies it to {nodes}; each of them restarts below.',
  gui: ['{certPage} > Upload Certificate/Certificate chain (Purpose {unit})'],
  why: CA_SIGNED_UPLOAD.why,
};
