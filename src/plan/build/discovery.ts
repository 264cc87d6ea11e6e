// Review M9: a plan for a cluster whose version, security mode, CTL signer or signing is unknown would hold every
// branch of every unknown. Instead it asks those few questions first (a checklist of `show` commands and GUI pages,
// and where to give the answers), and outlines the order of work; runnable steps come with the answers.
import { STATE_CHECKS } from '../rules/state-checks.js';
import type { StateView } from '../rules/conditions.js';
import type { Discovery, DiscoveryItem, PlanStage } from '../types.js';
import type { WorkItem } from './work-items.js';

const CHANGES: Record<DiscoveryItem['item'], string> = {
  version: 'scope (CAPF and ITLRecovery on the publisher only from 14 / 12.5), the ITL signer (CallManager keys up to 11.5, ITLRecovery from 12.0) and the services to restart.',
  securityMode: 'mixed mode adds a CTL update after every CallManager, CAPF and ITLRecovery change, before any restart.',
  ctlSigner: 'eTokens: the CTL Client with an original token (gone from 14); tokenless: `utils ctl update CTLFile`, and devices without Security by Default need their CTL deleted when the signer changes.',
  signing: 'self-signed: regenerate on each node; CA-signed: a CSR per node and the CA chain first; multi-SAN: one CSR on the publisher.',
};

function item(key: DiscoveryItem['item'], answer: string, label?: string): DiscoveryItem {
  const check = STATE_CHECKS[key]!;
  return { item: key, label: label ?? check.label, commands: check.commands, gui: check.gui, how: check.how, answer, changes: CHANGES[key] };
}

/** The questions that decide the plan's shape; null when every one is answered. */
export function discoveryFor(view: StateView, items: readonly WorkItem[], stages: readonly PlanStage[], fallbackToSelfSigned: boolean): Discovery | null {
  const c = view.cluster;
  const out: DiscoveryItem[] = [];
  if (!view.version.known) out.push(item('version', '`version: 12.5(1)SU6`'));
  if (c.securityMode === 'unknown') out.push(item('securityMode', '`securityMode: mixed` or `non-secure`'));
  if (c.securityMode !== 'non-secure' && c.ctlSigner === 'unknown') out.push(item('ctlSigner', '`ctlSigner: tokenless` or `etoken`'));
  const unsigned = fallbackToSelfSigned ? [] : items.flatMap((w) => (w.kind === 'own' && w.unit.signings.length > 1 && view.signingOf(w.unit.key) === 'unknown' ? [w.unit] : []));
  if (unsigned.length) {
    const units = unsigned.map((u) => u.display).join(', ');
    out.push(item('signing', `\`signing: { ${unsigned.map((u) => `${u.key}: self-signed`).join(', ')} }\` (or ca-signed, multi-san)`, `how ${units} ${unsigned.length > 1 ? 'are' : 'is'} signed`));
  }
  if (!out.length) return null;
  const outline = stages.map((s) => `Step ${s.index} (${s.date}): ${s.title}${s.anchor ? ' (trust anchor: its own window, never with another)' : ''}`);
  return { items: out, outline };
}
