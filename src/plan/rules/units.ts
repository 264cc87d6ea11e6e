// Per-unit rules (brief 3 and 4.2) as one table: scope per version, change commands, restarts, notes, impact.
import { ownValue } from '../../domain/own-key.js';
import type { TrustAnchor } from '../types.js';
import type { Cond } from './conditions.js';
import type { RuleId } from './rule-catalogue.js';
import type { ServiceKey } from './services.js';

export type UnitKey =
  | 'tomcat' | 'tomcat-ecdsa' | 'callmanager' | 'callmanager-ecdsa' | 'capf' | 'tvs' | 'ipsec' | 'itlrecovery'
  | 'cup' | 'cup-ecdsa' | 'cup-xmpp' | 'cup-xmpp-ecdsa' | 'cup-xmpp-s2s' | 'cup-xmpp-s2s-ecdsa';

/** Which nodes hold the certificate for a version range. */
export interface ScopeRule {
  versions: { from?: string; to?: string };
  scope: 'per-node' | 'publisher' | 'none';
  note: string;
}

/**
 * Where a service restarts: on the nodes whose certificate changed, the publisher, every CUCM node, every TFTP node,
 * every IM&P node, or every node of the cluster. Restarts always go publisher first, one node at a time.
 */
export type NodeSet = 'changed' | 'publisher' | 'all-cucm' | 'tftp' | 'imp' | 'all';

export interface RestartRule {
  service: ServiceKey;
  on: NodeSet;
  when?: Cond[];
  note?: string;
  why: RuleId;
}

export interface UnitNote {
  text: string;
  why: RuleId;
  when?: Cond[];
  /** Shown on the change steps (default) or on the restart steps. */
  at?: 'change' | 'restart';
}

export interface UnitRule {
  key: UnitKey;
  /** Spelling used in commands and on screen. */
  display: string;
  /** Certificate file for `show cert own <display>/<file>`. */
  file: string;
  anchor: TrustAnchor | null;
  /** Mixed mode needs a CTL update after this change (brief 4.1.4). */
  ctlRelevant: boolean;
  /** Nodes that hold the unit: CUCM nodes only, CUCM and IM&P nodes, or IM&P nodes only (cup, cup-xmpp, ...). */
  hosts: 'cucm' | 'cucm-and-imp' | 'imp';
  /**
   * Trust store its CA chain goes to: the ECDSA units share the RSA unit's store, cup-xmpp-s2s uses cup-xmpp-trust;
   * null for a unit that is only ever self-signed (ITLRecovery).
   */
  trustStore: string | null;
  scope: ScopeRule[];
  /** Signing branches that exist for this unit (ITLRecovery is only ever self-signed). */
  signings: ('self-signed' | 'ca-signed' | 'multi-san')[];
  /** From which version multi-SAN exists for this unit (CA-signed; self-signed multi-SAN from 14). */
  multiSanFrom?: string;
  restarts: RestartRule[];
  /** Reset phones in batches after the restarts. */
  resetsPhones: boolean;
  notes: UnitNote[];
  /** The main rule of the unit (4.2 row). */
  rule: RuleId;
  /** What happens if nobody acts. */
  impact: string;
  /** What the gate checks besides the new expiry, where registered phones say nothing (IM&P units). */
  verify?: string[];
}

const PER_NODE_ALL: ScopeRule[] = [{ versions: {}, scope: 'per-node', note: 'one certificate per node' }];

/** Security Guide (review m3): after a tomcat or CallManager certificate change, Cisco TFTP is deactivated and
 * reactivated. */
const TFTP_HTTPS_NOTE = 'if phones fail HTTPS config download: deactivate, reactivate (Service Activation)';

const TOMCAT_RESTARTS: RestartRule[] = [
  { service: 'tomcat', on: 'changed', why: '4.2-tomcat' },
  // SSOSP, UDS and AXL Tomcat exist from 14 only (release notes 14.0(1)); before 14 Cisco Tomcat serves them.
  {
    service: 'ssospTomcat',
    on: 'changed',
    why: '4.2-sso',
    when: [{ anyOf: [{ ssoEnabled: true }, { sipOAuth: true }] }, { version: { from: '14' } }],
  },
  { service: 'udsTomcat', on: 'changed', why: '4.2-tomcat', when: [{ version: { from: '14' } }] },
  { service: 'axlTomcat', on: 'changed', why: '4.2-tomcat', when: [{ version: { from: '14' } }] },
  { service: 'tftp', on: 'tftp', why: '4.2-tomcat', note: TFTP_HTTPS_NOTE },
  // DRF uses the tomcat certificates on 14+ (Upgrade Guide 12.5(1) "Certificate Names and Descriptions"; 225476).
  { service: 'drfMaster', on: 'publisher', why: '4.2-tomcat', when: [{ version: { from: '14' } }] },
  { service: 'drfLocal', on: 'all', why: '4.2-tomcat', when: [{ version: { from: '14' } }] },
];

const CALLMANAGER_RESTARTS: RestartRule[] = [
  { service: 'callManager', on: 'changed', why: '4.2-callmanager' },
  { service: 'ctiManager', on: 'changed', why: '4.2-callmanager' },
  { service: 'haproxy', on: 'changed', why: '4.2-callmanager', when: [{ version: { from: '14' } }] },
  { service: 'tvs', on: 'all-cucm', why: '4.2-callmanager' },
  { service: 'tftp', on: 'tftp', why: '4.2-callmanager', note: TFTP_HTTPS_NOTE },
];

/**
 * IM&P units (review M8): on the IM&P nodes only, never a trust anchor of the phones (no ITL/CTL change, no phone
 * resets). cup is the SIP certificate (Cisco SIP Proxy), cup-xmpp the XMPP client/server certificate and cup-xmpp-s2s
 * the XMPP federation certificate (both Cisco XCP Router, restarted on every IM&P node). Multi-server SAN: one CSR on
 * the IM&P publisher covering the IM&P nodes.
 */
const IMP_SCOPE: ScopeRule[] = [{ versions: {}, scope: 'per-node', note: 'one certificate per IM&P node' }];

const CUP_RESTARTS: RestartRule[] = [
  { service: 'sipProxy', on: 'changed', why: '4.2-imp' },
  // Cisco's IM&P documents differ per release on whether XCP Router also restarts after a cup change: planned here,
  // with the one "confirm for your release" note below.
  { service: 'xcpRouter', on: 'changed', why: '4.2-imp' },
];

const XCP_RESTARTS: RestartRule[] = [
  { service: 'xcpRouter', on: 'imp', why: '4.2-imp', note: 'IM&P restarts the other XCP services with it' },
];

/** Something that uses tomcat works again: the gate of a tomcat step tries it (not only the registration count). */
const TOMCAT_VERIFY = [
  'Registered-device counts per node are back to the baseline.',
  'Admin pages open with no certificate error; a phone opens the directory; Jabber signs in.',
];

function impUnit(
  key: UnitKey,
  display: string,
  trustStore: string,
  restarts: RestartRule[],
  notes: UnitNote[],
  impact: string,
  verify: string[],
): UnitRule {
  return {
    key, display, file: `${display}.pem`, anchor: null, ctlRelevant: false, hosts: 'imp', trustStore,
    scope: IMP_SCOPE, signings: ['self-signed', 'ca-signed', 'multi-san'], multiSanFrom: '10.5',
    restarts, resetsPhones: false, rule: '4.2-imp', notes, impact, verify,
  };
}

const CUP_NOTES: UnitNote[] = [
  {
    text: "Some IM&P releases' documents list only Cisco SIP Proxy after a cup change, others Cisco XCP Router too: both are planned; confirm for your release.",
    why: '4.2-imp',
    at: 'restart',
  },
  { text: 'Not a phone trust anchor: no ITL or CTL change and no phone reset.', why: '4.2-imp' },
];
const XMPP_NOTES = (unit: string): UnitNote[] => [
  { text: 'Not a phone trust anchor: no ITL or CTL change and no phone reset.', why: '4.2-imp' },
  {
    text: `Jabber users see a certificate warning once for a self-signed ${unit} certificate.`,
    why: '4.2-imp',
    when: [{ signing: { unit: unit.toLowerCase(), in: ['self-signed'] } }],
  },
];
const CUP_VERIFY = [
  'Cisco SIP Proxy [STARTED] on every changed IM&P node; the SIP trunk from CUCM to IM&P is in service and phone presence (BLF) updates.',
];
const XMPP_VERIFY = [
  'Cisco XCP Router [STARTED] on every IM&P node; Jabber users sign in and exchange IM and presence.',
];
const S2S_VERIFY = [
  'Cisco XCP Router [STARTED] on every IM&P node; presence and IM with a contact of each federated domain work.',
];

const IMP_RULES = {
  cup: impUnit(
    'cup',
    'cup',
    'cup-trust',
    CUP_RESTARTS,
    CUP_NOTES,
    'cup: the IM&P SIP certificate; once it expires, TLS SIP to IM&P (the CUCM SIP trunk when it uses TLS, SIP federation) fails.',
    CUP_VERIFY,
  ),
  'cup-ecdsa': impUnit(
    'cup-ecdsa',
    'cup-ECDSA',
    'cup-trust',
    CUP_RESTARTS,
    CUP_NOTES,
    'cup-ECDSA: SIP peers of IM&P that negotiate ECDSA fail TLS once it expires.',
    CUP_VERIFY,
  ),
  'cup-xmpp': impUnit(
    'cup-xmpp',
    'cup-xmpp',
    'cup-xmpp-trust',
    XCP_RESTARTS,
    XMPP_NOTES('cup-xmpp'),
    'cup-xmpp: the IM&P XMPP certificate; once it expires, Jabber clients fail TLS to IM&P (IM and presence) and Expressway MRA with TLS verify loses IM&P.',
    XMPP_VERIFY,
  ),
  'cup-xmpp-ecdsa': impUnit(
    'cup-xmpp-ecdsa',
    'cup-xmpp-ECDSA',
    'cup-xmpp-trust',
    XCP_RESTARTS,
    XMPP_NOTES('cup-xmpp-ECDSA'),
    'cup-xmpp-ECDSA: XMPP clients that negotiate ECDSA fail TLS to IM&P once it expires.',
    XMPP_VERIFY,
  ),
  'cup-xmpp-s2s': impUnit(
    'cup-xmpp-s2s',
    'cup-xmpp-s2s',
    'cup-xmpp-trust',
    XCP_RESTARTS,
    XMPP_NOTES('cup-xmpp-s2s'),
    'cup-xmpp-s2s: the XMPP federation certificate; once it expires, federation with other XMPP domains fails.',
    S2S_VERIFY,
  ),
  'cup-xmpp-s2s-ecdsa': impUnit(
    'cup-xmpp-s2s-ecdsa',
    'cup-xmpp-s2s-ECDSA',
    'cup-xmpp-trust',
    XCP_RESTARTS,
    XMPP_NOTES('cup-xmpp-s2s-ECDSA'),
    'cup-xmpp-s2s-ECDSA: XMPP federation partners that negotiate ECDSA fail TLS once it expires.',
    S2S_VERIFY,
  ),
} as const satisfies Record<string, UnitRule>;

export const UNIT_RULES: Record<UnitKey, UnitRule> = {
  tomcat: {
    key: 'tomcat',
    display: 'tomcat',
    file: 'tomcat.pem',
    anchor: null,
    ctlRelevant: false,
    hosts: 'cucm-and-imp',
    trustStore: 'tomcat-trust',
    scope: PER_NODE_ALL,
    signings: ['self-signed', 'ca-signed', 'multi-san'],
    multiSanFrom: '10.5',
    restarts: TOMCAT_RESTARTS,
    resetsPhones: false,
    rule: '4.2-tomcat',
    notes: [
      {
        text: 'Jabber users see a certificate warning once for a self-signed tomcat certificate.',
        why: '4.2-tomcat',
        when: [{ signing: { unit: 'tomcat', in: ['self-signed'] } }],
      },
    ],
    impact: 'tomcat: admin pages, HTTPS phone services, Jabber/UDS, SSO and MRA fail TLS once it expires.',
    verify: TOMCAT_VERIFY,
  },
  'tomcat-ecdsa': {
    key: 'tomcat-ecdsa',
    display: 'tomcat-ECDSA',
    file: 'tomcat-ECDSA.pem',
    anchor: null,
    ctlRelevant: false,
    hosts: 'cucm-and-imp',
    trustStore: 'tomcat-trust',
    scope: PER_NODE_ALL,
    signings: ['self-signed', 'ca-signed', 'multi-san'],
    multiSanFrom: '10.5',
    restarts: TOMCAT_RESTARTS,
    resetsPhones: false, rule: '4.2-tomcat',
    notes: [],
    impact: 'tomcat-ECDSA: ECDSA clients (browsers, Jabber, Expressway) fail TLS to the web services.',
    verify: TOMCAT_VERIFY,
  },
  callmanager: {
    key: 'callmanager',
    display: 'CallManager',
    file: 'CallManager.pem',
    anchor: 'CallManager',
    ctlRelevant: true,
    hosts: 'cucm',
    trustStore: 'CallManager-trust',
    scope: PER_NODE_ALL,
    signings: ['self-signed', 'ca-signed', 'multi-san'],
    multiSanFrom: '10.5',
    restarts: CALLMANAGER_RESTARTS,
    resetsPhones: true,
    rule: '4.2-callmanager',
    notes: [
      {
        text: 'From 14SU1 restarting Cisco HAProxy alone is enough for the RSA CallManager certificate; restarting Cisco CallManager as well (as planned) is the conservative choice.',
        why: '4.2-callmanager',
        when: [{ version: { from: '14SU1' } }],
        at: 'restart',
      },
      { text: 'Leave TVS untouched in this window: phones validate the new ITL through TVS.', why: '4.3-standard' },
    ],
    impact: 'CallManager: SIP-TLS peers and secure phones fail; phones may stop trusting their configuration.',
  },
  'callmanager-ecdsa': {
    key: 'callmanager-ecdsa',
    display: 'CallManager-ECDSA',
    file: 'CallManager-ECDSA.pem',
    anchor: 'CallManager-ECDSA',
    ctlRelevant: true,
    hosts: 'cucm',
    trustStore: 'CallManager-trust',
    scope: PER_NODE_ALL,
    signings: ['self-signed', 'ca-signed', 'multi-san'],
    multiSanFrom: '10.5',
    restarts: CALLMANAGER_RESTARTS,
    resetsPhones: true,
    rule: '4.2-callmanager',
    notes: [
      {
        text: 'For the ECDSA certificate restart Cisco CallManager together with Cisco HAProxy (HAProxy alone is not enough).',
        why: '4.2-callmanager',
        when: [{ version: { from: '14SU1' } }],
        at: 'restart',
      },
      { text: 'Leave TVS untouched in this window: phones validate the new ITL through TVS.', why: '4.3-standard' },
    ],
    impact: 'CallManager-ECDSA: SIP-TLS peers and phones that negotiate ECDSA fail TLS to the node.',
  },
  capf: {
    key: 'capf',
    display: 'CAPF',
    file: 'CAPF.pem',
    anchor: 'CAPF',
    ctlRelevant: true,
    hosts: 'cucm',
    trustStore: 'CAPF-trust',
    scope: [
      {
        versions: { to: '12.5' },
        scope: 'per-node',
        note: "per node before 14, but only the publisher's CAPF is used",
      },
      { versions: { from: '14' }, scope: 'publisher', note: 'publisher only from 14' },
    ],
    signings: ['self-signed', 'ca-signed'],
    restarts: [
      { service: 'capf', on: 'publisher', why: '4.2-capf' },
      { service: 'tvs', on: 'all-cucm', why: '4.2-capf' },
      { service: 'tftp', on: 'tftp', why: '4.2-capf' },
      { service: 'haproxy', on: 'all-cucm', why: '4.2-capf', when: [{ sipOAuth: true }, { version: { from: '14' } }] },
    ],
    resetsPhones: true, rule: '4.2-capf',
    notes: [
      {
        text: 'Keep the old CAPF in CAPF-trust and CallManager-trust until every LSC it issued is re-issued.',
        why: '4.2-capf-lsc',
      },
    ],
    impact: 'CAPF: phones with its LSCs (secure profiles, 802.1x, VPN) are blocked; no new LSC.',
  },
  tvs: {
    key: 'tvs',
    display: 'TVS',
    file: 'TVS.pem',
    anchor: 'TVS',
    ctlRelevant: false,
    hosts: 'cucm',
    trustStore: 'TVS-trust',
    scope: PER_NODE_ALL,
    signings: ['self-signed', 'ca-signed', 'multi-san'],
    multiSanFrom: '14',
    restarts: [
      { service: 'tvs', on: 'changed', why: '4.2-tvs' },
      { service: 'tftp', on: 'tftp', why: '4.2-tvs' },
    ],
    resetsPhones: true, rule: '4.2-tvs',
    notes: [{ text: 'The CTL holds no TVS certificate: no CTL update is needed for TVS.', why: '4.2-tvs' }],
    impact: 'TVS: phones cannot verify certificates outside their ITL; the next CallManager renewal breaks.',
  },
  ipsec: {
    key: 'ipsec',
    display: 'ipsec',
    file: 'ipsec.pem',
    anchor: null,
    ctlRelevant: false,
    hosts: 'cucm-and-imp',
    trustStore: 'ipsec-trust',
    scope: PER_NODE_ALL,
    signings: ['self-signed', 'ca-signed'],
    restarts: [
      { service: 'drfMaster', on: 'publisher', why: '4.2-ipsec' },
      { service: 'drfLocal', on: 'all', why: '4.2-ipsec' },
      { service: 'tomcat', on: 'changed', why: '4.2-ipsec' },
    ],
    resetsPhones: false, rule: '4.2-ipsec',
    notes: [
      { text: 'No DRS backup or restore may be running while ipsec changes.', why: '4.2-ipsec' },
      { text: 'IPsec tunnels to gateways that trust this certificate need the new one.', why: '4.2-partners' },
    ],
    impact: 'ipsec: DRS backups and restores between nodes fail; IPsec tunnels to gateways drop.',
  },
  itlrecovery: {
    key: 'itlrecovery',
    display: 'ITLRecovery',
    file: 'ITLRecovery.pem',
    anchor: 'ITLRecovery',
    ctlRelevant: false,
    hosts: 'cucm',
    trustStore: null,
    scope: [
      { versions: { to: '9.1' }, scope: 'none', note: 'no ITLRecovery certificate before 10.0' },
      { versions: { from: '10.0', to: '12.0' }, scope: 'per-node', note: 'per node on 10.0-12.0' },
      { versions: { from: '12.5' }, scope: 'publisher', note: 'one cluster certificate on the publisher from 12.5' },
    ],
    signings: ['self-signed'],
    restarts: [], resetsPhones: true, rule: '4.2-itlrecovery',
    notes: [
      {
        text: 'ITLRecovery is valid 20 years after a fresh install or regeneration: regenerate it only when it really expires.',
        why: '4.2-itlrecovery',
      },
      {
        text: 'Regeneration fails if ITLRecovery is 1024-bit while the other certificates are 2048-bit: check the key size in `show cert own ITLRecovery/ITLRecovery.pem` first.',
        why: '4.2-itlrecovery',
      },
    ],
    impact: 'ITLRecovery: the ITL (12.0+) signer and the way back for phones that lost trust is gone.',
  },
  ...IMP_RULES,
};

/** Unit names as the alarm spells them, lower-cased: every key of the table. */
const UNIT_ALIASES: Record<string, UnitKey> = Object.fromEntries(Object.keys(UNIT_RULES).map((k) => [k, k as UnitKey]));

export function unitKeyOf(unit: string): UnitKey | null {
  return ownValue(UNIT_ALIASES, unit.trim().toLowerCase()) ?? null;
}

/** True for the IM&P-only units (cup, cup-xmpp, cup-xmpp-s2s and their ECDSA variants). */
export function isImpUnit(unit: string): boolean {
  const key = unitKeyOf(unit);
  return key !== null && UNIT_RULES[key].hosts === 'imp';
}
