// Decides the ITL route (brief 4.3): the standard route unless another is asked for and every condition holds.
import { evaluateAll, type StateView } from '../rules/conditions.js';
import { ITL_ROUTES } from '../rules/itl-routes.js';
import type { RouteDecision, RouteId } from '../types.js';
import type { Topology } from './topology.js';
import type { WorkItem } from './work-items.js';

const ITL_ANCHORS = new Set(['CallManager', 'CallManager-ECDSA', 'TVS', 'CAPF', 'ITLRecovery']);

function failures(
  route: RouteId,
  view: StateView,
  topo: Topology,
  items: WorkItem[],
): { reason: string; text: string }[] {
  const out: { reason: string; text: string }[] = [];
  for (const c of ITL_ROUTES[route].conditions) {
    let ok: 'yes' | 'no' | 'unknown';
    if (c.cond === 'two-tftp-servers') ok = topo.tftpCount === null ? 'unknown' : topo.tftpCount >= 2 ? 'yes' : 'no';
    else if (c.cond === 'phones-tftp-order') ok = topo.phoneTftpList === null ? 'unknown' : 'yes';
    else if (c.cond === 'callmanager-change')
      ok = items.some((w) => w.kind === 'own' && (w.unit.key === 'callmanager' || w.unit.key === 'callmanager-ecdsa'))
        ? 'yes'
        : 'no';
    else if (c.cond === 'single-node-callmanager') {
      // Every CallManager certificate this plan changes must be known to be per node (self-signed or CA-signed).
      const units = items
        .filter((w) => w.kind === 'own' && (w.unit.key === 'callmanager' || w.unit.key === 'callmanager-ecdsa'))
        .map((w) => (w.kind === 'own' ? w.unit.key : ''));
      const results = units.map((u) => view.signingOf(u));
      ok = results.some((r) => r === 'multi-san') ? 'no' : results.some((r) => r === 'unknown') ? 'unknown' : 'yes';
    } else if (c.cond === 'itl-anchor-change') {
      ok = items.some(
        (w) =>
          w.kind === 'own' && ((w.unit.anchor !== null && ITL_ANCHORS.has(w.unit.anchor)) || w.unit.key === 'tomcat'),
      )
        ? 'yes'
        : 'no';
    }
    else ok = evaluateAll(c.cond, view).value;
    if (ok === 'no') out.push({ reason: c.reason, text: `${ITL_ROUTES[route].title}: ${c.text}.` });
    if (ok === 'unknown') {
      out.push({
        reason: `${c.reason}-unknown`,
        text: `${ITL_ROUTES[route].title}: ${c.text}; the cluster state needed to confirm it is unknown.`,
      });
    }
  }
  return out;
}

export function decideRoute(requested: RouteId, view: StateView, topo: Topology, items: WorkItem[]): RouteDecision {
  const available: RouteId[] = failures('ordered-tftp', view, topo, items).length === 0 ? ['ordered-tftp'] : [];
  if (requested === 'standard') return { requested, used: 'standard', refused: [], available };
  const refused = failures(requested, view, topo, items);
  return { requested, used: refused.length ? 'standard' : requested, refused, available };
}
