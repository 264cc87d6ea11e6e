// Trust stores (brief 4.4): which own unit a store's node copies come from, and what to restart after a change.
import { ownValue } from '../../domain/own-key.js';
import type { Cond } from './conditions.js';
import type { ServiceKey } from './services.js';
import type { UnitKey } from './units.js';
import type { NodeSet } from './units.js';

export interface TrustStoreRule {
  /** Lower-case store name. */
  store: string;
  /** Own unit whose node certificates are copied into this store (null when none). */
  sourceUnit: UnitKey | null;
  /** ECDSA variant of the source, for copies named <node>-EC.pem. */
  sourceUnitEc: UnitKey | null;
  /** Services to restart after the store changed (brief 4.4). */
  restarts: { service: ServiceKey; on: NodeSet }[];
  /** What else the store needs after a change, in words. */
  after: string | null;
  /** Deleting from this store can reset phones (CSCut58407 as cited by the TechNote). */
  deletionResetsPhones: boolean;
  /** Mixed mode: a change here needs a CTL update (phone-sast-trust). */
  ctlRelevant: boolean;
  when?: Cond[];
}

export const TRUST_STORES: Record<string, TrustStoreRule> = {
  'tomcat-trust': {
    store: 'tomcat-trust', sourceUnit: 'tomcat', sourceUnitEc: 'tomcat-ecdsa',
    restarts: [{ service: 'tomcat', on: 'all' }], after: null, deletionResetsPhones: false, ctlRelevant: false,
  },
  'callmanager-trust': {
    store: 'CallManager-trust', sourceUnit: 'callmanager', sourceUnitEc: 'callmanager-ecdsa',
    restarts: [{ service: 'callManager', on: 'all-cucm' }, { service: 'tftp', on: 'tftp' }], after: null,
    deletionResetsPhones: true, ctlRelevant: false,
  },
  'capf-trust': {
    store: 'CAPF-trust', sourceUnit: 'capf', sourceUnitEc: null,
    restarts: [{ service: 'capf', on: 'publisher' }], after: null, deletionResetsPhones: true, ctlRelevant: false,
  },
  'tvs-trust': {
    store: 'TVS-trust', sourceUnit: 'tvs', sourceUnitEc: null,
    restarts: [{ service: 'tvs', on: 'all-cucm' }], after: null, deletionResetsPhones: true, ctlRelevant: false,
  },
  'ipsec-trust': {
    store: 'ipsec-trust', sourceUnit: 'ipsec', sourceUnitEc: null,
    restarts: [{ service: 'drfMaster', on: 'publisher' }, { service: 'drfLocal', on: 'all' }], after: null,
    deletionResetsPhones: false, ctlRelevant: false,
  },
  'phone-sast-trust': {
    store: 'Phone-SAST-trust',
    sourceUnit: null,
    sourceUnitEc: null,
    restarts: [{ service: 'tftp', on: 'tftp' }],
    after: 'Mixed mode: the CTL must be updated for a Phone-SAST-trust change.',
    deletionResetsPhones: false,
    ctlRelevant: true,
  },
  'phone-vpn-trust': {
    store: 'Phone-VPN-trust',
    sourceUnit: null,
    sourceUnitEc: null,
    restarts: [],
    after: 'Update the phone VPN configuration (Advanced Features > VPN > VPN Gateway) that uses it.',
    deletionResetsPhones: false,
    ctlRelevant: false,
  },
  'phone-trust': {
    store: 'Phone-trust',
    sourceUnit: null,
    sourceUnitEc: null,
    restarts: [],
    after: 'Matters for Visual Voicemail with Unity Connection (unconfirmed): test Visual Voicemail afterwards.',
    deletionResetsPhones: false,
    ctlRelevant: false,
  },
  'phone-ctl-trust': {
    store: 'Phone-CTL-trust',
    sourceUnit: null,
    sourceUnitEc: null,
    restarts: [],
    after: 'Matters for Visual Voicemail with Unity Connection (unconfirmed): test Visual Voicemail afterwards.',
    deletionResetsPhones: false,
    ctlRelevant: false,
  },
};

export function trustStoreRule(unit: string): TrustStoreRule {
  const key = unit.trim().toLowerCase();
  return (
    ownValue(TRUST_STORES, key) ?? {
      store: unit,
      sourceUnit: null,
      sourceUnitEc: null,
      restarts: [],
      after: null,
      deletionResetsPhones: false,
      ctlRelevant: false,
    }
  );
}
