// Partners that trust a unit's certificate (brief 4.2, section 3): what to do with them, before or after the change.
import type { Cond } from './conditions.js';
import type { RuleId } from './rule-catalogue.js';
import type { UnitKey } from './units.js';

/**
 * before-change: prepare before the certificate changes; before-restart: push the new certificate before restarts;
 * before-lsc: once the new CAPF is verified and before any LSC is re-issued from it; after: once verified.
 */
export type PartnerTiming = 'before-change' | 'before-restart' | 'before-lsc' | 'after';

export interface PartnerRule {
  key: string;
  units: UnitKey[];
  timing: PartnerTiming;
  /**
   * `{unit}` stands for the unit of the stage as displayed (CallManager-ECDSA steps say CallManager-ECDSA); `{give}`
   * for
   * what the partner must trust, by the unit's signing: the new certificate (self-signed), its CA chain (CA-signed or
   * multi-SAN), or either when the signing is unknown.
   */
  title: string;
  action: string;
  gui: string[];
  commands?: string[];
  /** 'imp-nodes' runs on the cluster's IM&P nodes; otherwise the partner system. */
  runsOn: string;
  when: Cond[];
  why: RuleId;
  /** Restart on IM&P nodes after the change (Cisco SIP Proxy). */
  restartOnImp?: 'sipProxy';
  /** The partner is given the unit's new certificate to trust (recorded as the step's trustPush effect). */
  trustPush?: string;
}

const CM: UnitKey[] = ['callmanager', 'callmanager-ecdsa'];
const TC: UnitKey[] = ['tomcat', 'tomcat-ecdsa'];

export const PARTNERS: PartnerRule[] = [
  // tomcat
  {
    key: 'sso-disable', units: TC, timing: 'before-change', runsOn: 'publisher', why: '4.2-sso',
    title: 'Disable SAML SSO',
    action:
      'SSO uses the tomcat certificate: disable SAML SSO for the window so administrators and users are not locked out while the certificate changes.',
    gui: ['Cisco Unified CM Administration > System > SAML Single Sign-On > Disable SAML SSO'],
    when: [{ ssoEnabled: true }, { ssoCertificate: ['per-node-tomcat', 'cluster-wide-tomcat'] }],
  },
  {
    key: 'expressway-tomcat', units: TC, timing: 'before-change', runsOn: 'Expressway-C', why: '4.2-partners',
    title: 'Expressway-C ready for the new tomcat',
    action:
      'If Expressway-C verifies Unified CM certificates (TLS verify), it must trust {give} once it changes: prepare that now.',
    gui: [
      'Expressway-C: Maintenance > Security > Trusted CA certificate',
      'Expressway-C: Configuration > Unified Communications > Unified CM servers',
    ],
    when: [{ peer: 'expressway' }],
  },
  {
    key: 'sso-reenable', units: TC, timing: 'after', runsOn: 'publisher', why: '4.2-sso',
    title: 'Re-export SP metadata, re-enable SAML SSO and test',
    action:
      'Export the new SP metadata, import it on the IdP (replace the old relying-party certificate), re-enable SAML SSO and run the SSO test.',
    gui: [
      'Cisco Unified CM Administration > System > SAML Single Sign-On > Export All Metadata',
      'Cisco Unified CM Administration > System > SAML Single Sign-On > Enable SAML SSO > Run SSO Test',
    ],
    when: [{ ssoEnabled: true }, { ssoCertificate: ['per-node-tomcat', 'cluster-wide-tomcat'] }],
  },
  {
    key: 'expressway-tomcat-refresh', units: TC, timing: 'after', runsOn: 'Expressway-C', why: '4.2-partners',
    title: 'Expressway-C: refresh the Unified CM servers',
    action: 'Make Expressway-C trust {give}, then refresh the Unified CM servers and check MRA logins.',
    gui: [
      'Expressway-C: Maintenance > Security > Trusted CA certificate',
      'Expressway-C: Configuration > Unified Communications > Unified CM servers > Refresh servers',
    ],
    when: [{ peer: 'expressway' }],
  },
  {
    key: 'uccx-tomcat', units: TC, timing: 'after', runsOn: 'UCCX / Finesse', why: '4.2-partners',
    title: 'UCCX / Finesse trust the new tomcat',
    action:
      'Upload the new CUCM tomcat certificate (or its CA) to the UCCX tomcat-trust store and check that Finesse agents log in.',
    gui: [
      'UCCX: Cisco Unified OS Administration > Security > Certificate Management > Upload Certificate (tomcat-trust)',
    ],
    when: [{ peer: 'uccx' }],
  },
  {
    key: 'imp-sync', units: TC, timing: 'after', runsOn: 'imp-nodes', why: '4.2-partners',
    title: 'IM&P intercluster sync still works',
    action: 'Check that IM&P still syncs with this cluster and between IM&P clusters after the tomcat change.',
    gui: [
      'Cisco Unified CM IM and Presence Administration > Diagnostics > System Troubleshooter',
      'Cisco Unified CM IM and Presence Administration > Presence > Inter-Clustering',
    ],
    when: [{ hasImp: true }],
  },
  // CallManager (either variant, and tomcat reused as CallManager)
  {
    key: 'sip-tls-peers', units: CM, timing: 'before-restart', runsOn: 'CUBE / SBC', why: '4.2-partners',
    title: 'CUBE / SBC SIP-TLS trunks trust the new {unit}',
    action: 'Before restarting, make the trustpoint the SIP-TLS trunk uses trust {give}.',
    gui: [], commands: ['crypto pki authenticate <trustpoint>'],
    when: [{ peer: 'sipTlsTrunks' }],
  },
  {
    key: 'expressway-callmanager', units: CM, timing: 'before-restart', runsOn: 'Expressway-C', why: '4.2-partners',
    title: 'Expressway-C trusts the new {unit}',
    action:
      "Before restarting, upload the new {unit} certificate (or its CA) to Expressway-C's trusted CA list if it verifies Unified CM (TLS verify).",
    gui: ['Expressway-C: Maintenance > Security > Trusted CA certificate'],
    when: [{ peer: 'expressway' }],
  },
  {
    key: 'cuc-callmanager', units: CM, timing: 'before-restart', runsOn: 'Unity Connection', why: '4.2-partners',
    title: 'Unity Connection trusts the new {unit}',
    action:
      'For a secure SIP/SCCP integration, upload the new {unit} certificate to Unity Connection before restarting.',
    gui: [
      'Unity Connection: Cisco Unified OS Administration > Security > Certificate Management > Upload Certificate (CallManager-trust)',
    ],
    when: [{ peer: 'unityConnection' }],
  },
  {
    key: 'ios-media-callmanager', units: CM, timing: 'before-restart', runsOn: 'IOS secure media', why: '4.2-partners',
    title: 'IOS secure media trusts the new {unit}',
    action:
      'Import the new {unit} certificate into the trustpoint of secure conference bridges / transcoders / MTPs before restarting.',
    gui: [],
    commands: ['crypto pki authenticate <trustpoint>'],
    when: [{ peer: 'iosSecureMedia' }],
  },
  {
    key: 'imp-callmanager', units: CM, timing: 'before-restart', runsOn: 'imp-nodes', why: '4.2-partners',
    title: 'IM&P trusts the new {unit}',
    action:
      'The new {unit} certificate must be in the IM&P cup-trust / CallManager-trust stores before the restart (it is distributed within the cluster; check with `show cert list trust` on the IM&P publisher).',
    gui: [],
    commands: ['show cert list trust'],
    when: [{ hasImp: true }],
  },
  {
    key: 'imp-sip-proxy',
    units: CM,
    timing: 'after',
    runsOn: 'imp-nodes',
    why: '4.2-partners',
    restartOnImp: 'sipProxy',
    title: 'Restart Cisco SIP Proxy on the IM&P nodes',
    action: 'So IM&P picks up the new {unit} certificate, restart Cisco SIP Proxy on each IM&P node, one at a time.',
    gui: [], when: [{ hasImp: true }],
  },
  {
    // EMCC/ILS clusters trust each other's tomcat, CallManager and CAPF through Bulk Certificate Management (review
    // M7).
    key: 'emcc',
    units: [...CM, ...TC, 'capf'],
    timing: 'after',
    runsOn: 'every EMCC / ILS cluster',
    why: '4.2-partners',
    title: 'Redo the EMCC / ILS bulk certificate exchange',
    action:
      "The other EMCC / ILS clusters still trust the old certificate: export this cluster's certificates (Bulk Certificate Management), consolidate them on the central SFTP server and import them on every EMCC / ILS cluster again.",
    gui: ['Cisco Unified OS Administration > Security > Bulk Certificate Management > Export / Consolidate / Import'],
    when: [{ peer: 'emcc' }],
  },
  // CAPF
  {
    key: 'capf-radius',
    units: ['capf'],
    timing: 'before-lsc',
    runsOn: 'RADIUS / ISE',
    why: '4.2-partners',
    trustPush: 'CAPF',
    title: 'RADIUS / ISE (802.1x) trusts the new CAPF',
    action:
      'Phones authenticate 802.1x with LSCs issued by CAPF: a phone with an LSC from the new CAPF fails 802.1x until ISE trusts the new CAPF. Add the new CAPF certificate to the RADIUS/ISE trusted certificates now, and keep the old one until every LSC is re-issued.',
    gui: ['ISE: Administration > System > Certificates > Trusted Certificates > Import'],
    when: [{ peer: 'radius8021x' }, { lsc: ['capf'] }],
  },
  {
    key: 'capf-asa', units: ['capf'], timing: 'before-lsc', runsOn: 'ASA', why: '4.2-partners', trustPush: 'CAPF',
    title: 'The ASA (phone VPN) trusts the new CAPF',
    action:
      'A remote VPN phone with an LSC from the new CAPF falls off the network until the ASA trusts the new CAPF. Add the new CAPF certificate to the ASA trustpoint that validates phone LSCs now, and keep the old one until every LSC is re-issued.',
    gui: [],
    commands: ['crypto ca authenticate <trustpoint>'],
    when: [{ peer: 'asaPhoneVpn' }, { lsc: ['capf'] }],
  },
  {
    key: 'capf-app-users',
    units: ['capf'],
    timing: 'before-lsc',
    runsOn: 'publisher',
    why: '4.2-partners',
    trustPush: 'CAPF',
    title: 'Secure CTI / JTAPI users get new CAPF profiles',
    action:
      'Re-issue the certificates of secure CTI/JTAPI application users and end users and reinstall them in the applications.',
    gui: ['Cisco Unified CM Administration > User Management > User Settings > Application User CAPF Profile'],
    when: [{ peer: 'secureCti' }],
  },
  // IM&P units (review M8): partners that must trust the new certificate; nothing on the phones.
  {
    key: 'imp-sip-peers',
    units: ['cup', 'cup-ecdsa'],
    timing: 'before-restart',
    runsOn: 'CUCM publisher / SIP federation partners',
    why: '4.2-imp',
    title: 'Peers that trust the new {unit} certificate',
    action:
      'If the SIP trunk from CUCM to IM&P uses TLS, upload {give} to CallManager-trust on the CUCM publisher; the IM&P Security configuration then restarts Cisco CallManager, which drops calls: do that restart in a phone maintenance window. SIP federation partners (e.g. Microsoft) must trust it as well.',
    gui: [
      'Cisco Unified OS Administration (CUCM) > Security > Certificate Management > Upload Certificate/Certificate chain (Certificate Purpose: CallManager-trust)',
    ],
    when: [],
  },
  {
    key: 'xmpp-federation',
    units: ['cup-xmpp-s2s', 'cup-xmpp-s2s-ecdsa'],
    timing: 'before-restart',
    runsOn: 'each federated XMPP domain',
    why: '4.2-imp',
    title: 'Federation partners trust the new {unit} certificate',
    action:
      "Every federated domain (another company's IM&P, a third-party XMPP server) must trust {give} before Cisco XCP Router restarts. Until it does, presence and IM with that domain fail.",
    gui: [],
    when: [],
  },
  {
    key: 'expressway-xmpp',
    units: ['cup-xmpp', 'cup-xmpp-ecdsa'],
    timing: 'after',
    runsOn: 'Expressway-C',
    why: '4.2-imp',
    title: 'Refresh the IM and Presence Service nodes on Expressway-C',
    action:
      'If Expressway-C verifies IM&P certificates (TLS verify), make it trust {give}, then refresh the IM&P servers and check that Jabber signs in over MRA.',
    gui: [
      'Expressway-C: Maintenance > Security > Trusted CA certificate',
      'Expressway-C: Configuration > Unified Communications > IM and Presence Service nodes > Refresh servers',
    ],
    when: [{ peer: 'expressway' }],
  },
  // ITLRecovery
  {
    key: 'sso-system-cert', units: ['itlrecovery'], timing: 'after', runsOn: 'publisher', why: '4.2-sso',
    title: 'Re-provision SSO (it uses the ITLRecovery system certificate)',
    action:
      'SSO signs with the ITLRecovery system certificate: export the new SP metadata, update the IdP, and run the SSO test.',
    gui: [
      'Cisco Unified CM Administration > System > SAML Single Sign-On > Export All Metadata',
      'Cisco Unified CM Administration > System > SAML Single Sign-On > Run SSO Test',
    ],
    when: [{ ssoEnabled: true }, { ssoCertificate: ['system-itlrecovery'] }],
  },
];
