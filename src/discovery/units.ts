// Names the sources use for a certificate, mapped to certwatch's unit names (facts-schema.ts DISCOVERED_UNITS).
import { ownValue } from '../domain/own-key.js';
import { DISCOVERED_UNITS, type DiscoveredUnit } from './facts-schema.js';

const BY_LOWER: Readonly<Record<string, DiscoveredUnit>> = Object.fromEntries(
  DISCOVERED_UNITS.map((unit) => [unit.toLowerCase(), unit]),
);

/** `show cert list own` / `show cert own` print units in CUCM's spelling; any case is accepted. */
export function unitFromName(name: string): DiscoveredUnit | null {
  return ownValue(BY_LOWER, name.trim().toLowerCase()) ?? null;
}

/** CUCM's own certificate file of a unit (`show cert own CallManager/CallManager.pem`). */
export function certificateFileOf(unit: DiscoveredUnit): string {
  return `${unit}.pem`;
}

/**
 * The unit of an ITL/CTL record. CCM and TFTP records carry the node's CallManager certificate (its ECDSA variant when
 * the key is EC); SAST records carry the ITLRecovery certificate (CN `ITLRECOVERY_<node>`), an eToken (issued by
 * Cisco Manufacturing CA: no unit of the cluster) or, on 10.x-11.x tokenless CTLs and pre-12 ITLs, the signing
 * CallManager certificate (recognised later by its serial matching a CCM record).
 */
export function unitFromTlvFunction(
  fn: string,
  keyType: 'RSA' | 'EC' | 'unknown',
  subjectCn: string | null,
): DiscoveredUnit | null {
  switch (fn) {
    case 'CCM':
    case 'CCM+TFTP':
    case 'TFTP':
      return keyType === 'EC' ? 'CallManager-ECDSA' : 'CallManager';
    case 'TVS':
      return 'TVS';
    case 'CAPF':
      return 'CAPF';
    case 'SAST':
      return subjectCn !== null && /^ITLRECOVERY/i.test(subjectCn) ? 'ITLRecovery' : null;
    default:
      return null;
  }
}

/**
 * The node a certificate names in its subject CN: the host (or FQDN) for CallManager, tomcat, TVS, ipsec and the IM&P
 * units, `<host>-EC` for the ECDSA units (the suffix is dropped; a CN without it is kept whole); `ITLRECOVERY_<node>`
 * for ITLRecovery; none for CAPF (`CAPF-<hex>`) and for certificates of no unit.
 */
export function nodeFromSubjectCn(unit: DiscoveredUnit | null, cn: string | null): string | null {
  if (cn === null || unit === null || unit === 'CAPF') return null;
  if (unit === 'ITLRecovery') return cn.replace(/^ITLRECOVERY_/i, '') || null;
  if (unit.endsWith('-ECDSA')) return cn.replace(/-EC$/i, '') || null;
  return cn;
}
