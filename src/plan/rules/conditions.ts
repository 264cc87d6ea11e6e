// Conditions the rule tables attach to steps, evaluated against the cluster state with three-valued logic.
import type { ClusterState, LscKind, Peers, Signing, SsoCertificate } from '../../domain/cluster.js';
import { describeRange, versionInRange, type CucmVersion, type TriResult } from '../version.js';

export type Cond =
  | { version: { from?: string; to?: string } }
  | { securityMode: 'mixed' | 'non-secure' }
  | { ctlSigner: 'tokenless' | 'etoken' }
  | { signing: { unit: string; in: Exclude<Signing, 'unknown'>[] } }
  | { tomcatReused: boolean }
  | { lsc: Exclude<LscKind, 'unknown'>[] }
  | { ssoEnabled: boolean }
  | { ssoCertificate: Exclude<SsoCertificate, 'unknown'>[] }
  | { sipOAuth: boolean }
  | { peer: keyof Peers }
  | { phoneInteraction: 'automatic' | 'manual' }
  | { rollbackToPre8: boolean }
  | { cmGroupsRedundant: boolean }
  | { hasImp: true }
  | { anyOf: Cond[] }
  | { not: Cond };

/** What the evaluator needs: the cluster plus its parsed version and signing lookup. */
/** On 14+ a cluster may use its tomcat certificate as the CallManager certificate too (one certificate, two units). */
export const TOMCAT_REUSED_AS_CALLMANAGER: readonly Cond[] = [{ tomcatReused: true }, { version: { from: '14' } }];

export interface StateView {
  cluster: ClusterState;
  version: CucmVersion;
  signingOf(unitKey: string): Signing;
}

export interface CondResult {
  value: TriResult;
  /** State items whose unknown value made the result unknown. */
  unknownItems: string[];
  /** Human text of the condition ("the cluster is in mixed mode"). */
  text: string;
}

const PEER_LABEL: Record<keyof Peers, string> = {
  imp: 'IM&P',
  unityConnection: 'Unity Connection',
  expressway: 'Expressway',
  sipTlsTrunks: 'SIP-TLS trunks / CUBE / SBC',
  iosSecureMedia: 'IOS secure media resources',
  emcc: 'EMCC / ILS clusters',
  uccx: 'UCCX / Finesse',
  secureCti: 'secure CTI/JTAPI users',
  radius8021x: 'RADIUS / ISE (802.1x)',
  asaPhoneVpn: 'ASA phone VPN',
};

function tri(value: boolean | 'unknown', item: string, text: string): CondResult {
  if (value === 'unknown') return { value: 'unknown', unknownItems: [item], text };
  return { value: value ? 'yes' : 'no', unknownItems: [], text };
}

function oneOf<T extends string>(actual: T | 'unknown', wanted: readonly T[], item: string, text: string): CondResult {
  if (actual === 'unknown') return { value: 'unknown', unknownItems: [item], text };
  return { value: wanted.includes(actual) ? 'yes' : 'no', unknownItems: [], text };
}

export function evaluate(cond: Cond, s: StateView): CondResult {
  const c = s.cluster;
  if ('version' in cond) {
    return {
      value: versionInRange(s.version, cond.version),
      unknownItems: s.version.known ? [] : ['version'],
      text: describeRange(cond.version),
    };
  }
  if ('securityMode' in cond) {
    return oneOf(
      c.securityMode,
      [cond.securityMode],
      'securityMode',
      `the cluster is ${cond.securityMode === 'mixed' ? 'in mixed mode' : 'non-secure'}`,
    );
  }
  if ('ctlSigner' in cond) {
    return oneOf(
      c.ctlSigner,
      [cond.ctlSigner],
      'ctlSigner',
      cond.ctlSigner === 'etoken' ? 'the CTL is signed with hardware eTokens' : 'the CTL is tokenless',
    );
  }
  if ('signing' in cond) {
    return oneOf(
      s.signingOf(cond.signing.unit),
      cond.signing.in,
      'signing',
      `the ${cond.signing.unit} certificate is ${cond.signing.in.join(' or ')}`,
    );
  }
  if ('tomcatReused' in cond) {
    const v = c.tomcatReusedAsCallManager;
    return tri(
      v === 'unknown' ? v : v === cond.tomcatReused,
      'tomcatReusedAsCallManager',
      cond.tomcatReused
        ? 'the tomcat certificate is reused as CallManager'
        : 'the tomcat certificate is not reused as CallManager',
    );
  }
  if ('lsc' in cond) {
    return oneOf(
      c.lsc,
      cond.lsc,
      'lsc',
      `phones hold ${cond.lsc.map((k) => (k === 'capf' ? 'CAPF-issued' : k)).join(' or ')} LSCs`,
    );
  }
  if ('ssoEnabled' in cond) {
    const v = c.sso.enabled;
    return tri(
      v === 'unknown' ? v : v === cond.ssoEnabled,
      'sso',
      cond.ssoEnabled ? 'SAML SSO is enabled' : 'SAML SSO is disabled',
    );
  }
  if ('ssoCertificate' in cond) {
    return oneOf(
      c.sso.certificate,
      cond.ssoCertificate,
      'sso',
      `SSO uses the ${cond.ssoCertificate.join(' or ')} certificate`,
    );
  }
  if ('sipOAuth' in cond) {
    const v = c.sipOAuth;
    return tri(
      v === 'unknown' ? v : v === cond.sipOAuth,
      'sipOAuth',
      cond.sipOAuth ? 'SIP OAuth is enabled' : 'SIP OAuth is disabled',
    );
  }
  if ('peer' in cond) return tri(c.peers[cond.peer], 'peers', `${PEER_LABEL[cond.peer]} is in use`);
  if ('phoneInteraction' in cond) {
    return oneOf(
      c.phoneInteraction,
      [cond.phoneInteraction],
      'phoneInteraction',
      `phone interaction on certificate update is ${cond.phoneInteraction}`,
    );
  }
  if ('rollbackToPre8' in cond) {
    const v = c.rollbackToPre8;
    return tri(
      v === 'unknown' ? v : v === cond.rollbackToPre8,
      'rollbackToPre8',
      `"Prepare Cluster for Rollback to pre 8.0" is ${cond.rollbackToPre8 ? 'True' : 'False'}`,
    );
  }
  if ('cmGroupsRedundant' in cond) {
    const v = c.callManagerGroupsRedundant;
    return tri(
      v === 'unknown' ? v : v === cond.cmGroupsRedundant,
      'callManagerGroupsRedundant',
      cond.cmGroupsRedundant
        ? 'every CallManager Group has two or more servers'
        : 'some CallManager Group has a single server',
    );
  }
  if ('hasImp' in cond) {
    const fromNodes = c.nodes.some((n) => n.roles.includes('imp'));
    if (fromNodes || c.peers.imp === true) {
      return { value: 'yes', unknownItems: [], text: 'the cluster has IM&P nodes' };
    }
    if (c.peers.imp === false || (c.nodes.length > 0 && c.peers.imp !== 'unknown')) {
      return { value: 'no', unknownItems: [], text: 'the cluster has IM&P nodes' };
    }
    return {
      value: 'unknown',
      unknownItems: c.nodes.length ? ['peers'] : ['nodes'],
      text: 'the cluster has IM&P nodes',
    };
  }
  if ('anyOf' in cond) {
    const parts = cond.anyOf.map((x) => evaluate(x, s));
    const value: TriResult = parts.some((p) => p.value === 'yes')
      ? 'yes'
      : parts.every((p) => p.value === 'no')
        ? 'no'
        : 'unknown';
    return {
      value,
      unknownItems: value === 'unknown' ? unique(parts.flatMap((p) => p.unknownItems)) : [],
      text: parts.map((p) => p.text).join(' or '),
    };
  }
  const inner = evaluate(cond.not, s);
  const value: TriResult = inner.value === 'yes' ? 'no' : inner.value === 'no' ? 'yes' : 'unknown';
  return { value, unknownItems: inner.unknownItems, text: `not (${inner.text})` };
}

/** Conjunction of conditions: 'no' wins, then 'unknown'. */
export function evaluateAll(conds: readonly Cond[], s: StateView): CondResult {
  const parts = conds.map((x) => evaluate(x, s));
  if (parts.some((p) => p.value === 'no')) {
    return { value: 'no', unknownItems: [], text: parts.map((p) => p.text).join(' and ') };
  }
  const unknown = parts.filter((p) => p.value === 'unknown');
  if (unknown.length > 0) {
    return {
      value: 'unknown',
      unknownItems: unique(unknown.flatMap((p) => p.unknownItems)),
      text: unknown.map((p) => p.text).join(' and '),
    };
  }
  return { value: 'yes', unknownItems: [], text: parts.map((p) => p.text).join(' and ') };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
