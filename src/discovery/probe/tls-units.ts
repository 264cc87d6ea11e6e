// Which certificate a TLS port presents (issue 12): tomcat on 8443 (CUCM and IM&P alike), CallManager on 5061/2443
// where secure signalling listens, CAPF on 3804, TVS on 2445, IM&P's XMPP on 5222 (cup-xmpp) and 5269
// (cup-xmpp-s2s). A service holding RSA and ECDSA certificates presents the ECDSA one to an ECDSA-only offer: the key
// type read from the certificate names the unit, so a server that answers an RSA offer with EC is still right.
import type { DiscoveredUnit } from '../facts-schema.js';

export const TLS_SERVICES = ['tomcat', 'callmanager', 'capf', 'tvs', 'xmpp-client', 'xmpp-server'] as const;
export type TlsService = (typeof TLS_SERVICES)[number];

/** What the probe offers: any key, or only RSA / only ECDSA signatures (to get each of a dual-key service's two). */
export type TlsOffer = 'any' | 'rsa' | 'ecdsa';

/** Services whose units have an ECDSA variant the probe asks for separately. */
export const DUAL_KEY_SERVICES: ReadonlySet<TlsService> = new Set(['tomcat', 'callmanager']);

const UNITS: Readonly<Record<TlsService, { rsa: DiscoveredUnit; ec: DiscoveredUnit }>> = {
  tomcat: { rsa: 'tomcat', ec: 'tomcat-ECDSA' },
  callmanager: { rsa: 'CallManager', ec: 'CallManager-ECDSA' },
  // CAPF and TVS have no ECDSA unit.
  capf: { rsa: 'CAPF', ec: 'CAPF' },
  tvs: { rsa: 'TVS', ec: 'TVS' },
  'xmpp-client': { rsa: 'cup-xmpp', ec: 'cup-xmpp-ECDSA' },
  'xmpp-server': { rsa: 'cup-xmpp-s2s', ec: 'cup-xmpp-s2s-ECDSA' },
};

export function unitOfService(service: TlsService, keyType: 'RSA' | 'EC' | 'unknown'): DiscoveredUnit {
  return keyType === 'EC' ? UNITS[service].ec : UNITS[service].rsa;
}
