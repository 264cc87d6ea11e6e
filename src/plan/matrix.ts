// The rules matrix: the dimensions of a cluster's state the plan rules branch on, and the cluster and targets of each
// cell. Shared by the checks (test/plan: invariants over every cell, properties over the rest) and by
// `npm run plan-stats` (the length of every cell's plan), so both read the same cells.
import {
  unknownCluster,
  type ClusterNode,
  type ClusterState,
  type CtlSigner,
  type ItlSigner,
  type LscKind,
  type Peers,
  type SecurityMode,
  type Signing,
  type Tri,
} from '../domain/cluster.js';
import type { PlanTarget } from '../domain/plan-target.js';
import { allOwnUnits } from './all-units.js';
import { UNIT_RULES } from './rules/units.js';
import { parseVersion, versionInRange } from './version.js';

export interface MatrixUnit {
  title: string;
  make: (node: string | null) => PlanTarget;
}

export function matrixTarget(unit: string, nodes: string[] = [], extra: Partial<PlanTarget> = {}): PlanTarget {
  return {
    unit, certificate: null, kind: /-trust$/i.test(unit) ? 'trust' : 'own', nodes,
    expiresAt: null, expiresAtPrecision: null, expiresWindow: null, urgency: 'unknown', ...extra,
  };
}

/** Every own unit of the rules, then trust-store entries of each kind the engine tells apart. */
export const UNITS: MatrixUnit[] = [
  ...Object.values(UNIT_RULES).map((u) => ({
    title: u.display,
    make: (node: string | null) => matrixTarget(u.display, node ? [node] : []),
  })),
  {
    title: 'tomcat-trust own copy',
    make: () => matrixTarget('tomcat-trust', ['CUCM02'], { certificate: 'CUCM01.der' }),
  },
  {
    title: 'CallManager-trust partner',
    make: () => matrixTarget('CallManager-trust', ['CUCM01'], { certificate: 'cube-sbc-01.pem' }),
  },
  {
    title: 'CAPF-trust old CAPF',
    make: () => matrixTarget('CAPF-trust', ['CUCM01'], { certificate: 'CAPF-8e1f2a3b.pem' }),
  },
  {
    title: 'phone-sast-trust entry',
    make: () => matrixTarget('phone-sast-trust', ['CUCM01'], { certificate: 'SAST-ADMIN-01.pem' }),
  },
  {
    title: 'tomcat-trust preloaded expired',
    make: () => matrixTarget('tomcat-trust', ['CUCM01'], { certificate: 'CiscoRootCA2048.pem', urgency: 'expired' }),
  },
];

/** 8.x to 15, one version per band the rules tell apart (and the SU bounds they name), plus unknown. */
export const VERSIONS = [
  '8.6(2)',
  '9.1(2)SU2',
  '10.0(1)',
  '10.5(2)SU5',
  '11.0(1)',
  '11.5(1)SU3',
  '12.0(1)SU2',
  '12.5(1)SU6',
  '14',
  '14SU3',
  '15SU1',
  'unknown',
];
export const MODES: SecurityMode[] = ['non-secure', 'mixed', 'unknown'];
export const SIGNERS: CtlSigner[] = ['tokenless', 'etoken', 'unknown'];
export const ITL_SIGNERS: ItlSigner[] = ['callmanager', 'itlrecovery', 'unknown'];
export const SIGNINGS: Signing[] = ['self-signed', 'ca-signed', 'multi-san', 'unknown'];
export const TFTP: ('unknown' | 1 | 2)[] = ['unknown', 1, 2];
export const REUSE: Tri[] = [true, false, 'unknown'];
export const LSCS: LscKind[] = ['capf', 'external-ca', 'none', 'unknown'];
export const NODES: (string | null)[] = [null, 'CUCM01', 'CUCM02'];

export interface Cell {
  unit: number;
  mode: SecurityMode;
  /** The CTL signer; a non-secure cluster has no CTL, so its cells read it as unknown. */
  signer: CtlSigner;
  version: string;
  /** The first this many CUCM nodes are TFTP servers (at most cucmNodes). */
  tftp: 'unknown' | number;
  signing: Signing;
  reuse: Tri;
  lsc: LscKind;
  node: string | null;
  nodesKnown: boolean;
  /** Default unknown. */
  itlSigner?: ItlSigner;
  /** CUCM nodes, the first the publisher (default 3); IM&P nodes (default 1). */
  cucmNodes?: number;
  impNodes?: number;
  /** Partner products (default: every one unknown). */
  peers?: Partial<Peers>;
}

const SIGNING_KEYS = Object.keys(UNIT_RULES);

export function cellCluster(c: Cell): ClusterState {
  const base = unknownCluster('m', 'Matrix');
  const cucm = Array.from({ length: c.cucmNodes ?? 3 }, (_, i) => `CUCM${String(i + 1).padStart(2, '0')}`);
  const imp = Array.from({ length: c.impNodes ?? 1 }, (_, i) => `IMP${String(i + 1).padStart(2, '0')}`);
  const tftpNodes = c.tftp === 'unknown' ? [] : cucm.slice(0, c.tftp);
  const signing: Record<string, Signing> = {};
  if (c.signing !== 'unknown') for (const u of SIGNING_KEYS) signing[u] = c.signing;
  const nodes: ClusterNode[] = [
    ...cucm.map((name, i) => ({
      name,
      addresses: [`192.0.2.${i + 1}`],
      roles: [
        i === 0 ? ('publisher' as const) : ('subscriber' as const),
        ...(tftpNodes.includes(name) ? ['tftp' as const] : []),
      ],
    })),
    ...imp.map((name, i) => ({ name, addresses: [`192.0.2.${100 + i}`], roles: ['imp' as const] })),
  ];
  return {
    ...base,
    version: c.version,
    securityMode: c.mode,
    ctlSigner: c.mode === 'non-secure' ? 'unknown' : c.signer,
    itlSigner: c.itlSigner ?? 'unknown',
    tomcatReusedAsCallManager: c.reuse,
    lsc: c.lsc,
    signing,
    tftpServers: c.tftp === 'unknown' ? 'unknown' : tftpNodes,
    peers: { ...base.peers, ...(c.peers ?? {}) },
    nodes: c.nodesKnown ? nodes : [],
  };
}

export function cellTargets(c: Cell): PlanTarget[] {
  return [UNITS[c.unit]!.make(c.node)];
}

export function describeCell(c: Cell): string {
  const shape =
    c.cucmNodes !== undefined || c.impNodes !== undefined ? ` | ${c.cucmNodes ?? 3} cucm + ${c.impNodes ?? 1} imp` : '';
  return `${UNITS[c.unit]!.title} | ${c.mode} | ctl ${c.signer} | itl ${c.itlSigner ?? 'unknown'} | ${c.version} | tftp ${c.tftp} | ${c.signing} | reuse ${c.reuse} | lsc ${c.lsc} | node ${c.node} | nodes ${c.nodesKnown ? 'known' : 'unknown'}${shape}`;
}

/** Security mode and CTL signer together: a non-secure cluster has no CTL, so it is one pair, not three. */
export const MODE_SIGNERS: { mode: SecurityMode; signer: CtlSigner }[] = MODES.flatMap(
  (mode): { mode: SecurityMode; signer: CtlSigner }[] =>
    mode === 'non-secure' ? [{ mode, signer: 'unknown' }] : SIGNERS.map((signer) => ({ mode, signer })),
);

/**
 * The rules matrix, cell by cell: every version x security mode and CTL signer x ITL signer x signing x unit. The
 * other dimensions (TFTP servers, tomcat reuse, LSC, node asked for, nodes known) rotate so each of their values
 * meets the product many times; the property checks vary them freely.
 */
export function* ruleCells(): Generator<Cell> {
  let k = 0;
  for (const version of VERSIONS)
    for (const { mode, signer } of MODE_SIGNERS)
      for (const itlSigner of ITL_SIGNERS)
        for (const signing of SIGNINGS) {
          for (let unit = 0; unit < UNITS.length; unit++) {
            k++;
            yield {
              unit,
              mode,
              signer,
              itlSigner,
              version,
              signing,
              tftp: TFTP[Math.floor(k / 36) % TFTP.length]!,
              reuse: REUSE[k % REUSE.length]!,
              lsc: LSCS[Math.floor(k / 3) % LSCS.length]!,
              node: NODES[Math.floor(k / 12) % NODES.length]!,
              nodesKnown: k % 7 !== 0,
            };
          }
        }
}

export const RULE_CELL_COUNT =
  VERSIONS.length * MODE_SIGNERS.length * ITL_SIGNERS.length * SIGNINGS.length * UNITS.length;

/** The ITL signer a healthy cluster of this version shows (CallManager before 12.0, ITLRecovery from 12.0). */
function itlSignerOf(version: string): ItlSigner {
  const v = parseVersion(version);
  if (!v.known) return 'unknown';
  return versionInRange(v, { from: '12.0' }) === 'yes' ? 'itlrecovery' : 'callmanager';
}

export interface ClusterShape {
  cell: Cell;
  /** Every own unit of the version (`--unit all`). */
  targets: PlanTarget[];
}

/**
 * Whole-cluster renewals (`--unit all`), one per cluster shape: every version x security mode and CTL signer x signing,
 * on a cluster of three CUCM nodes (two TFTP) and one IM&P node, ITL signer as the version has it.
 */
export function* wholeClusterShapes(): Generator<ClusterShape> {
  for (const version of VERSIONS)
    for (const { mode, signer } of MODE_SIGNERS)
      for (const signing of SIGNINGS) {
        const cell: Cell = {
          unit: 0,
          mode,
          signer,
          itlSigner: itlSignerOf(version),
          version,
          signing,
          tftp: 2,
          reuse: false,
          lsc: 'capf',
          node: null,
          nodesKnown: true,
        };
        yield { cell, targets: allOwnUnits(cellCluster(cell)).units.map((u) => matrixTarget(u)) };
      }
}
