// The test matrix of issue 4: unit x security mode x CTL signer x version band x TFTP count x signing x tomcat reuse x LSC kind.
import { unknownCluster, type ClusterState, type CtlSigner, type LscKind, type SecurityMode, type Signing, type Tri } from '../../src/domain/cluster.js';
import type { PlanTarget } from '../../src/domain/plan-target.js';
import { target } from './fixtures.js';

export const UNITS: { title: string; make: (node: string | null) => PlanTarget }[] = [
  ...['tomcat', 'tomcat-ECDSA', 'CallManager', 'CallManager-ECDSA', 'CAPF', 'TVS', 'ipsec', 'ITLRecovery', 'cup', 'cup-xmpp-s2s-ECDSA'].map((u) => ({
    title: u, make: (node: string | null) => target(u, node ? [node] : []),
  })),
  { title: 'tomcat-trust own copy', make: () => target('tomcat-trust', ['CUCM02'], { certificate: 'CUCM01.der' }) },
  { title: 'CallManager-trust partner', make: () => target('CallManager-trust', ['CUCM01'], { certificate: 'cube-sbc-01.pem' }) },
  { title: 'CAPF-trust old CAPF', make: () => target('CAPF-trust', ['CUCM01'], { certificate: 'CAPF-8e1f2a3b.pem' }) },
  { title: 'phone-sast-trust entry', make: () => target('phone-sast-trust', ['CUCM01'], { certificate: 'SAST-ADMIN-01.pem' }) },
  { title: 'tomcat-trust preloaded expired', make: () => target('tomcat-trust', ['CUCM01'], { certificate: 'CiscoRootCA2048.pem', urgency: 'expired' }) },
];

export const MODES: SecurityMode[] = ['non-secure', 'mixed', 'unknown'];
export const SIGNERS: CtlSigner[] = ['tokenless', 'etoken', 'unknown'];
export const VERSIONS = ['9.1(2)SU2', '10.5(2)SU5', '11.5(1)SU3', '12.0(1)SU2', '12.5(1)SU6', '14', '14SU3', '15SU1', 'unknown'];
export const TFTP: ('unknown' | 1 | 2)[] = ['unknown', 1, 2];
export const SIGNINGS: Signing[] = ['self-signed', 'ca-signed', 'multi-san', 'unknown'];
export const REUSE: Tri[] = [true, false, 'unknown'];
export const LSCS: LscKind[] = ['capf', 'external-ca', 'none', 'unknown'];
export const NODES: (string | null)[] = [null, 'CUCM01', 'CUCM02'];

export interface Cell {
  unit: number;
  mode: SecurityMode;
  signer: CtlSigner;
  version: string;
  tftp: 'unknown' | 1 | 2;
  signing: Signing;
  reuse: Tri;
  lsc: LscKind;
  node: string | null;
  nodesKnown: boolean;
}

export function cellCluster(c: Cell): ClusterState {
  const base = unknownCluster('m', 'Matrix');
  const tftpNodes = c.tftp === 'unknown' ? [] : c.tftp === 1 ? ['CUCM01'] : ['CUCM01', 'CUCM02'];
  const signing: Record<string, Signing> = {};
  if (c.signing !== 'unknown') for (const u of ['tomcat', 'tomcat-ecdsa', 'callmanager', 'callmanager-ecdsa', 'capf', 'tvs', 'ipsec', 'itlrecovery', 'cup', 'cup-xmpp-s2s-ecdsa']) signing[u] = c.signing;
  return {
    ...base,
    version: c.version,
    securityMode: c.mode,
    ctlSigner: c.mode === 'non-secure' ? 'unknown' : c.signer,
    tomcatReusedAsCallManager: c.reuse,
    lsc: c.lsc,
    signing,
    tftpServers: c.tftp === 'unknown' ? 'unknown' : tftpNodes,
    nodes: c.nodesKnown ? [
      { name: 'CUCM01', addresses: ['192.0.2.1'], roles: ['publisher', ...(tftpNodes.includes('CUCM01') ? ['tftp' as const] : [])] },
      { name: 'CUCM02', addresses: ['192.0.2.2'], roles: ['subscriber', ...(tftpNodes.includes('CUCM02') ? ['tftp' as const] : [])] },
      { name: 'CUCM03', addresses: ['192.0.2.3'], roles: ['subscriber'] },
      { name: 'IMP01', addresses: ['192.0.2.4'], roles: ['imp'] },
    ] : [],
  };
}

export function describeCell(c: Cell): string {
  return `${UNITS[c.unit]!.title} | ${c.mode} | ${c.signer} | ${c.version} | tftp ${c.tftp} | ${c.signing} | reuse ${c.reuse} | lsc ${c.lsc} | node ${c.node} | nodes ${c.nodesKnown ? 'known' : 'unknown'}`;
}
