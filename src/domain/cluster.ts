// The cluster inventory model (brief section 3). Every item may be 'unknown'; the plan engine then plans the check
// and each branch. Shared by config/ (YAML and API validation), tickets/ (event -> cluster mapping) and plan/.

export type Unknown = 'unknown';
export type Tri = boolean | Unknown;

export type SecurityMode = 'non-secure' | 'mixed' | Unknown;
/** Who signs the CTL in mixed mode: tokenless (publisher CallManager key 10-11.x, ITLRecovery 12.0+) or eTokens. */
export type CtlSigner = 'tokenless' | 'etoken' | Unknown;
/** Who signs the ITL: each TFTP node's CallManager key (8.x-11.5, or after `utils itl reset localkey`) or ITLRecovery. */
export type ItlSigner = 'callmanager' | 'itlrecovery' | Unknown;
export type Signing = 'self-signed' | 'ca-signed' | 'multi-san' | Unknown;
export type LscKind = 'capf' | 'external-ca' | 'none' | Unknown;
export type PhoneInteraction = 'automatic' | 'manual' | Unknown;
export type SsoCertificate = 'per-node-tomcat' | 'cluster-wide-tomcat' | 'system-itlrecovery' | Unknown;

export type NodeRole = 'publisher' | 'subscriber' | 'cucm' | 'imp' | 'tftp';

export interface ClusterNode {
  /** Short host name as it appears in NodeID. */
  name: string;
  /** IP addresses and FQDNs the node sends from / is known by. */
  addresses: string[];
  roles: NodeRole[];
  /** IANA time zone (e.g. Europe/Berlin) used when an alarm's zone is missing or cut. */
  timeZone?: string;
}

export interface Peers {
  imp: Tri;
  unityConnection: Tri;
  expressway: Tri;
  sipTlsTrunks: Tri;
  iosSecureMedia: Tri;
  emcc: Tri;
  uccx: Tri;
  secureCti: Tri;
  radius8021x: Tri;
  asaPhoneVpn: Tri;
}

export interface ClusterState {
  id: string;
  name: string;
  /** e.g. "11.5(1)SU3", "12.5(1)SU6", "14SU2", "15"; or unknown. */
  version: string;
  securityMode: SecurityMode;
  ctlSigner: CtlSigner;
  itlSigner: ItlSigner;
  /** "Prepare Cluster for Rollback to pre 8.0"; must be false in normal operation. */
  rollbackToPre8: Tri;
  /** 14+: phones reset automatically when a TVS/CAPF/CallManager certificate changes. */
  phoneInteraction: PhoneInteraction;
  /** Ordered TFTP servers the phones use (node names); unknown when not given. */
  tftpServers: string[] | Unknown;
  /** Every CallManager Group has at least two servers. */
  callManagerGroupsRedundant: Tri;
  nodes: ClusterNode[];
  /** Signing per unit (lower-case unit name, e.g. tomcat, callmanager-ecdsa); missing units are unknown. */
  signing: Record<string, Signing>;
  tomcatReusedAsCallManager: Tri;
  lsc: LscKind;
  sso: { enabled: Tri; certificate: SsoCertificate };
  sipOAuth: Tri;
  peers: Peers;
  /** Mail recipients for this cluster's tickets. */
  recipients: string[];
  maintenanceWindow?: string;
}

export const UNKNOWN_PEERS: Peers = {
  imp: 'unknown', unityConnection: 'unknown', expressway: 'unknown', sipTlsTrunks: 'unknown',
  iosSecureMedia: 'unknown', emcc: 'unknown', uccx: 'unknown', secureCti: 'unknown',
  radius8021x: 'unknown', asaPhoneVpn: 'unknown',
};

/** A cluster about which nothing is known (events from an unmapped source). */
export function unknownCluster(id: string, name: string): ClusterState {
  return {
    id, name, version: 'unknown', securityMode: 'unknown', ctlSigner: 'unknown', itlSigner: 'unknown',
    rollbackToPre8: 'unknown', phoneInteraction: 'unknown', tftpServers: 'unknown',
    callManagerGroupsRedundant: 'unknown', nodes: [], signing: {}, tomcatReusedAsCallManager: 'unknown',
    lsc: 'unknown', sso: { enabled: 'unknown', certificate: 'unknown' }, sipOAuth: 'unknown',
    peers: { ...UNKNOWN_PEERS }, recipients: [],
  };
}
