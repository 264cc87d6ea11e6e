// The undo of one step (review M9): what takes that anchor's change back, read from the changes the step makes.
import type { ClusterState } from '../../domain/cluster.js';
import type { PlanStep } from '../types.js';

const CERT_GUI = 'OS Administration > Security > Certificate Management';

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
  const recipe = anchor ? ' and repeat this step\'s CTL update, restarts and phone resets' : ' and repeat this step\'s restarts and partner updates';
  for (const unit of units) {
    const methods = new Set(own.filter((c) => c.unit === unit).map((c) => c.method));
    if (methods.has('csr-upload') || methods.has('multi-san-upload')) {
      // The CSR made a new key: the old certificate cannot be uploaded over it again.
      out.push(`${unit} (CA-signed): the old certificate cannot go back (new key): have the CA re-issue, or fall back to self-signed (\`set cert regen ${unit}\`)${recipe}.`);
    }
    if (methods.has('regen')) {
      out.push(anchor
        ? `${unit} (self-signed): a regenerated key cannot be brought back. If the gate fails, stop before the next step and follow "If something goes wrong" (phones that lost trust).`
        : `${unit} (self-signed): a regenerated key cannot be brought back. If the gate fails, fix forward (regenerate again${recipe}) before the next step.`);
    }
  }
  for (const c of changes.filter((x) => x.store === 'trust')) {
    const store = c.unit.replace(/-trust$/i, '');
    if (c.method === 'trust-upload') out.push(`${c.unit}: \`set cert delete ${store} <file name>\` removes what this step uploaded.`);
    else if (c.method === 'trust-delete') out.push(`${c.unit}: download the entry first (${CERT_GUI} > the entry > Download .PEM File) to upload it again.`);
  }
  const touchesSso = own.some((c) => /^tomcat|^ITLRecovery$/i.test(c.unit));
  if (touchesSso && cluster.sso.enabled !== false) {
    out.push(`SSO${cluster.sso.enabled === 'unknown' ? ' (if enabled)' : ''}: if the IdP refuses administrators, ${ssoRecoveryUrl(publisher)} (\`utils sso recovery-url enable\` first).`);
  }
  return out;
}
