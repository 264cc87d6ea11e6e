// Review M9: a plan for a cluster whose version, security mode, CTL signer or signing (or, for tomcat on 14+, its
// reuse as CallManager) is unknown would hold every
// branch of every unknown. Instead it asks those few questions first (a checklist of `show` commands and GUI pages,
// and where to give the answers), and outlines the order of work; runnable steps come with the answers.
import { STATE_CHECKS } from '../rules/state-checks.js';
import type { StateView } from '../rules/conditions.js';
import type { Discovery, DiscoveryItem, PlanStage } from '../types.js';
import { versionInRange } from '../version.js';
import type { WorkItem } from './work-items.js';

const CHANGES: Record<DiscoveryItem['item'], string> = {
  version: 'scope (CAPF, ITLRecovery on the publisher only from 14 / 12.5), the ITL signer, the restarts.',
  securityMode: 'mixed mode adds a CTL update after each CallManager, CAPF and ITLRecovery change.',
  ctlSigner: 'eTokens need the CTL Client and a token (gone from 14); tokenless: `utils ctl update CTLFile`.',
  signing: 'self-signed: regenerate per node; CA-signed: CSR per node, chain first; multi-SAN: one CSR.',
  tomcatReusedAsCallManager: 'reused: the tomcat change follows every CallManager rule (CTL, restarts, phones).',
  nodes: 'where CAPF, ITLRecovery and the CTL are changed (the publisher), and which nodes serve TFTP.',
};

function item(key: DiscoveryItem['item'], answer: string, label?: string): DiscoveryItem {
  const check = STATE_CHECKS[key]!;
  return {
    item: key,
    label: label ?? check.label,
    commands: check.commands,
    gui: check.gui,
    how: check.how,
    answer,
    changes: CHANGES[key],
  };
}

/** The questions that decide the plan's shape; null when every one is answered. */
export function discoveryFor(
  view: StateView,
  topologyKnown: boolean,
  items: readonly WorkItem[],
  stages: readonly PlanStage[],
  fallbackToSelfSigned: boolean,
): Discovery | null {
  const c = view.cluster;
  const out: DiscoveryItem[] = [];
  if (!topologyKnown) {
    out.push(
      item('nodes', '`nodes: [{ name: cucm01, roles: [publisher, tftp] }, ...]`', 'the publisher and the TFTP nodes'),
    );
  }
  if (!view.version.known) out.push(item('version', '`version: 12.5(1)SU6`'));
  if (c.securityMode === 'unknown') out.push(item('securityMode', '`securityMode: mixed` or `non-secure`'));
  if (c.securityMode !== 'non-secure' && c.ctlSigner === 'unknown') {
    out.push(item('ctlSigner', '`ctlSigner: tokenless` or `etoken`'));
  }
  const unsigned = fallbackToSelfSigned
    ? []
    : items.flatMap((w) =>
        w.kind === 'own' && w.unit.signings.length > 1 && view.signingOf(w.unit.key) === 'unknown' ? [w.unit] : [],
      );
  if (unsigned.length) {
    const units = unsigned.map((u) => u.display).join(', ');
    out.push(
      item(
        'signing',
        `\`signing: { ${unsigned.map((u) => `${u.key}: self-signed`).join(', ')} }\` (or ca-signed, multi-san)`,
        `how ${units} ${unsigned.length > 1 ? 'are' : 'is'} signed`,
      ),
    );
  }
  const reuseAsked =
    items.some((w) => w.kind === 'own' && w.unit.key === 'tomcat') &&
    c.tomcatReusedAsCallManager === 'unknown' &&
    versionInRange(view.version, { from: '14' }) !== 'no';
  if (reuseAsked) out.push(item('tomcatReusedAsCallManager', '`tomcatReusedAsCallManager: true` or `false`'));
  if (!out.length) return null;
  const outline = stages.map(
    (s) =>
      `Step ${s.index} (${s.date}): ${s.title}${s.anchor ? ' (trust anchor: its own window, never with another)' : ''}`,
  );
  return { items: out, outline };
}
