// How an administrator reads each cluster-state item (brief section 3): the check a plan asks for when it is unknown.
import { ownValue } from '../../domain/own-key.js';

export interface StateCheck {
  label: string;
  commands: string[];
  gui: string[];
  how: string;
}

/** The 14+ enterprise parameter, named exactly (review m8). */
export const PHONE_INTERACTION = 'Phone Interaction on Certificate Update';

export const STATE_CHECKS: Record<string, StateCheck> = {
  version: {
    label: 'CUCM version',
    commands: ['show version active'],
    gui: [],
    how: 'Read the active version on the publisher (e.g. 12.5.1.16900-48 = 12.5(1)SU6).',
  },
  securityMode: {
    label: 'cluster security mode',
    commands: ["run sql select paramname,paramvalue from processconfig where paramname='ClusterSecurityMode'"],
    gui: ['Cisco Unified CM Administration > System > Enterprise Parameters (Cluster Security Mode)'],
    how: '0 = non-secure, 1 = mixed mode (CTL file in use).',
  },
  ctlSigner: {
    label: 'CTL signer (tokenless or eTokens)',
    commands: ['show ctl'],
    gui: [],
    how: 'A record signed by a SAST token issued by "Cisco Manufacturing CA" = eTokens; signed by the publisher = tokenless.',
  },
  itlSigner: {
    label: 'ITL signer',
    commands: ['show itl'],
    gui: [],
    how: 'Shows whether the CallManager key of each TFTP node or the ITLRecovery certificate signs the ITL.',
  },
  rollbackToPre8: {
    label: '"Prepare Cluster for Rollback to pre 8.0" enterprise parameter',
    commands: [],
    // The label names the parameter: the path stops at its page (Security Parameters is a part of that page).
    gui: ['Cisco Unified CM Administration > System > Enterprise Parameters'],
    how: 'Must be False in normal operation.',
  },
  phoneInteraction: {
    label: `"${PHONE_INTERACTION}" (14+)`,
    commands: [],
    gui: ['Cisco Unified CM Administration > System > Enterprise Parameters'],
    how: 'Automatic (default): phones reset as soon as a TVS/CAPF/CallManager certificate changes; manual: they wait for you.',
  },
  tftpServers: {
    label: 'TFTP servers the phones use',
    commands: ['utils service list'],
    gui: ['DHCP option 150/66'],
    how: "List the TFTP servers in the order the phones use them (DHCP, or the phones' alternate TFTP setting); `utils service list` on each node shows where Cisco Tftp runs.",
  },
  callManagerGroupsRedundant: {
    label: 'CallManager Group redundancy',
    commands: [],
    gui: ['Cisco Unified CM Administration > System > Cisco Unified CM Group'],
    how: 'Every group used by a Device Pool needs at least two servers so phones fail over during restarts.',
  },
  nodes: {
    label: 'cluster nodes and roles',
    commands: ['show network cluster'],
    gui: ['Cisco Unified CM Administration > System > Server'],
    how: 'Names the publisher, the subscribers and the IM&P nodes.',
  },
  signing: {
    label: 'how the certificate is signed',
    commands: ['show cert list own'],
    gui: ['Cisco Unified OS Administration > Security > Certificate Management > Find'],
    how: 'The list shows Type (self-signed or CA-signed) and Distribution (the node, or Multi-server(SAN)) of each certificate.',
  },
  tomcatReusedAsCallManager: {
    label: 'tomcat certificate reused as CallManager (14+)',
    commands: ['show cert list own'],
    gui: ['Cisco Unified OS Administration > Security > Certificate Management'],
    how: 'When no separate CallManager certificate is listed, the tomcat certificate is reused for CallManager.',
  },
  lsc: {
    label: 'phone LSCs (CAPF-issued, external CA or none)',
    commands: [],
    gui: ['Cisco Unified CM Administration > Device > Phone > Find (LSC Status / Certificate Operation columns)'],
    how: 'Whether phones hold LSCs issued by CAPF, by an online/offline CA, or none.',
  },
  sso: {
    label: 'SAML SSO and the certificate it uses',
    commands: [],
    gui: ['Cisco Unified CM Administration > System > SAML Single Sign-On'],
    how: 'Enabled or not, and whether it uses the per-node tomcat, a cluster-wide tomcat or the ITLRecovery system certificate.',
  },
  sipOAuth: {
    label: 'SIP OAuth',
    commands: [],
    gui: ['Cisco Unified CM Administration > System > Enterprise Parameters > SSO and OAuth Configuration'],
    how: 'Whether SIP OAuth mode is enabled.',
  },
  peers: {
    label: 'partners',
    commands: [],
    gui: [],
    how: 'IM&P, Unity Connection, Expressway, CUBE, IOS media, EMCC/ILS, UCCX, CTI, ISE, ASA.',
  },
};

export function checkText(item: string): string {
  const c = ownValue(STATE_CHECKS, item);
  if (!c) return `check ${item}`;
  const parts = [...c.commands.map((x) => `\`${x}\``), ...c.gui];
  return `${c.label}: ${parts.join(' or ')}${parts.length ? ' — ' : ''}${c.how}`;
}
