// The undo of one step (review M9): what takes that anchor's change back, read from the changes the step makes.
import type { ClusterState } from '../../domain/cluster.js';
import { fill } from '../rules/steps/fill.js';
import { REDO, SSO_IF, UNDO } from '../rules/steps/undo.js';
import type { PlanStep } from '../types.js';

/** The SSO recovery URL (SAML SSO Deployment Guide): administrators log in there when the IdP refuses them. */
export function ssoRecoveryUrl(publisher: string): string {
  return `https://${publisher}:8443/ssosp/local/login`;
}

export function undoFor(steps: PlanStep[], cluster: ClusterState, publisher: string): string[] {
  const changes = steps.map((s) => s.effects.change).filter((c) => c !== undefined);
  const own = changes.filter((c) => c.store === 'own');
  const out: string[] = [];
  const units = [...new Set(own.map((c) => c.unit))];
  const anchor = steps.some((s) => s.anchors.length > 0);
  const redo = anchor ? REDO.anchor : REDO.other;
  for (const unit of units) {
    const methods = new Set(own.filter((c) => c.unit === unit).map((c) => c.method));
    if (methods.has('multi-san-upload')) out.push(fill(UNDO.multiSan, { unit, redo }));
    else if (methods.has('csr-upload')) out.push(fill(UNDO.caSigned, { unit, redo }));
    if (methods.has('regen')) out.push(fill(anchor ? UNDO.regenAnchor : UNDO.regenOther, { unit, redo }));
  }
  for (const c of changes.filter((x) => x.store === 'trust')) {
    const vars = { store: c.unit, storeUnit: c.unit.replace(/-trust$/i, '') };
    if (c.method === 'trust-upload') out.push(fill(UNDO.trustUpload, vars));
    else if (c.method === 'trust-delete') out.push(fill(UNDO.trustDelete, vars));
  }
  const touchesSso = own.some((c) => /^tomcat|^ITLRecovery$/i.test(c.unit));
  if (touchesSso && cluster.sso.enabled !== false) {
    out.push(
      fill(UNDO.sso, {
        sso: cluster.sso.enabled === 'unknown' ? SSO_IF.unknown : SSO_IF.enabled,
        url: ssoRecoveryUrl(publisher),
      }),
    );
  }
  return out;
}
