// A CTL compared with the ITL served beside it. Both list the TFTP nodes' CallManager certificates; when the CTL's
// serials are not the ITL's, the CTL was not rebuilt since those certificates changed: either the cluster went back
// to non-secure and the old CTL stayed on TFTP (issue 12's "stale CTL"), or a mixed cluster missed its
// `utils ctl update CTLFile` after a CallManager renewal (brief 4.1.4), which phones notice. Either way, say so.
import type { DiscoveredCertificate, DiscoveredFacts, FactSource, StaleCtlBasis, StateFact } from '../facts-schema.js';

/**
 * - `ctl-matches-itl`: every CallManager certificate of the CTL is in the ITL and the other way round;
 * - `ctl-stale`: they differ (`detail` lists the serials only one file has);
 * - `not-comparable`: one of the files has no CallManager certificate to compare.
 */
export type CtlAgeReason = 'ctl-matches-itl' | 'ctl-stale' | 'not-comparable';

const isCallManager = (c: DiscoveredCertificate) => c.unit === 'CallManager' || c.unit === 'CallManager-ECDSA';

export function compareCtlWithItl(
  itl: DiscoveredFacts,
  ctl: DiscoveredFacts,
): { reason: CtlAgeReason; detail: string } {
  return compareCallManagerSerials(
    itl.certificates.filter(isCallManager).map((c) => c.serial),
    ctl.certificates.filter(isCallManager).map((c) => c.serial),
  );
}

/** The same comparison on the serials alone (normalised, normalizeSerial): `show itl` / `show ctl` print no dates. */
export function compareCallManagerSerials(
  itl: readonly string[],
  ctl: readonly string[],
): { reason: CtlAgeReason; detail: string } {
  const itlSerials = new Set(itl);
  const ctlSerials = new Set(ctl);
  if (itlSerials.size === 0 || ctlSerials.size === 0) {
    return {
      reason: 'not-comparable',
      detail: `${itlSerials.size} CallManager certificates in the ITL, ${ctlSerials.size} in the CTL`,
    };
  }
  const onlyCtl = [...ctlSerials].filter((s) => !itlSerials.has(s));
  const onlyItl = [...itlSerials].filter((s) => !ctlSerials.has(s));
  if (onlyCtl.length === 0 && onlyItl.length === 0) {
    return { reason: 'ctl-matches-itl', detail: `${ctlSerials.size} CallManager certificates in both` };
  }
  return {
    reason: 'ctl-stale',
    detail:
      `only in the CTL: ${onlyCtl.join(', ') || 'none'}; only in the ITL: ${onlyItl.join(', ') || 'none'} ` +
      '(a non-secure cluster serving its old CTL, or a mixed cluster whose CTL was not updated after a CallManager change)',
  };
}

/** Why a stale CTL is said at all, the same words wherever it is found. */
const STALE_NOTE =
  "a CTL whose CallManager certificates are not the cluster's current ones: a cluster set back to non-secure that still " +
  'serves its old CTL, or a mixed cluster whose CTL was not updated after a CallManager change; its mode, signer and certificates are not taken';

/**
 * What is learned from a CTL judged stale: its mode, signer and certificates would be guesses and are dropped; what was
 * seen of it (its `ctlFile` fact: signer and time stamp) is kept as a `staleCtl` fact with why it is judged stale, so
 * the cluster's answer and its plan can say so, and `ctl-stale` is named in what was not read.
 */
export function staleCtlFacts(ctl: DiscoveredFacts, basis: StaleCtlBasis, detail: string): DiscoveredFacts {
  const file = ctl.state.find((f): f is Extract<StateFact, { kind: 'ctlFile' }> => f.kind === 'ctlFile');
  const source: FactSource = file?.source ??
    ctl.state[0]?.source ??
    ctl.certificates[0]?.source ?? { kind: 'ctl-file', detail: 'CTLFile.tlv' };
  const seen = file?.value ?? { signer: 'unnamed signer', signedAt: null };
  return {
    certificates: [],
    state: [{ kind: 'staleCtl', value: { ...seen, basis, detail: detail.slice(0, 2000) }, source, note: STALE_NOTE }],
    unread: [...ctl.unread, { reason: 'ctl-stale', source, detail }],
  };
}
