// Inventory consistency (review m11 and issue 8): items of the cluster state that contradict each other or the
// version, and a requested route the engine refused. Each warning carries a named reason; the plan lists
// them (plan.inconsistencies) and says their texts as notices.
import type { ClusterState } from '../../domain/cluster.js';
import type { RouteDecision } from '../types.js';
import { versionInRange, type CucmVersion } from '../version.js';

export type ConsistencyReason =
  | 'itl-signer-itlrecovery-before-12'
  | 'itl-signer-callmanager-from-12'
  | 'etoken-ctl-from-14'
  | 'lsc-capf-non-secure'
  | 'discovery-conflict'
  | 'discovery-stale-ctl'
  | `route-refused-${string}`;

export interface ConsistencyWarning {
  reason: ConsistencyReason;
  text: string;
}

/**
 * Named reasons:
 * - itl-signer-itlrecovery-before-12: the inventory says ITLRecovery signs the ITL on a version before 12.0 (8.x-11.5:
 *   the CallManager key of each TFTP node signs it);
 * - itl-signer-callmanager-from-12: a CallManager signer on 12.0+ (only between `utils itl reset localkey` and the next
 *   TFTP restart; the pre-checks ask for that restart);
 * - etoken-ctl-from-14: an eToken CTL on 14+, where the CTL Client no longer exists (the plan moves it to tokenless);
 * - lsc-capf-non-secure: CAPF-issued LSCs on a non-secure cluster (only 802.1x or phone VPN can use them there);
 * - discovery-conflict: a discovered fact contradicts the inventory or another source (discovery/plan-input.ts; given
 *   to the plan as PlanOptions.discoveryConflicts, never applied);
 * - discovery-stale-ctl: discovery found a CTL whose CallManager certificates are not the cluster's current ones (a
 *   non-secure cluster still serving its old CTL, or a mixed one that missed its CTL update; given the same way);
 * - route-refused-<reason>: a requested ITL route (ordered TFTP, rollback) the engine refused, with the route's reason.
 */
export function consistencyWarnings(
  cluster: ClusterState,
  version: CucmVersion,
  route?: RouteDecision,
): ConsistencyWarning[] {
  const out: ConsistencyWarning[] = [];
  const from12 = versionInRange(version, { from: '12.0' });
  if (cluster.itlSigner === 'itlrecovery' && from12 === 'no') {
    out.push({
      reason: 'itl-signer-itlrecovery-before-12',
      text: `The inventory says ITLRecovery signs the ITL, but on ${version.text} the CallManager key of each TFTP node signs it (ITLRecovery signs it from 12.0): check \`show itl\` and the version (\`show version active\`) and correct the inventory; the plan follows the version.`,
    });
  }
  if (cluster.itlSigner === 'callmanager' && from12 === 'yes') {
    out.push({
      reason: 'itl-signer-callmanager-from-12',
      text: `The inventory says a CallManager key signs the ITL; on ${version.text} ITLRecovery does (a pre-check).`,
    });
  }
  if (
    cluster.securityMode !== 'non-secure' &&
    cluster.ctlSigner === 'etoken' &&
    versionInRange(version, { from: '14' }) === 'yes'
  ) {
    out.push({
      reason: 'etoken-ctl-from-14',
      text: `An eToken CTL in the inventory: ${version.text} has no CTL Client, so the plan makes it tokenless first.`,
    });
  }
  if (cluster.lsc === 'capf' && cluster.securityMode === 'non-secure') {
    out.push({
      reason: 'lsc-capf-non-secure',
      text: 'The inventory says phones hold CAPF-issued LSCs, but the cluster is non-secure: authenticated or encrypted phone profiles need mixed mode, so only 802.1x or phone VPN can use those LSCs. Check both items; the CAPF steps plan the LSC re-issue as the inventory says.',
    });
  }
  // The route decision holds the refusal's reason and text once; it is surfaced here, not written again.
  for (const r of route?.refused ?? []) {
    out.push({ reason: `route-refused-${r.reason}`, text: `Requested route refused: ${r.text}` });
  }
  return out;
}
