// Turns plan targets into ordered work items: one per certificate type (one trust anchor), trust entries classified.
import type { PlanTarget } from '../../domain/plan-target.js';
import { orderIndex } from '../rules/order.js';
import { classifyTrustEntry, type TrustClassification } from '../rules/trust-classes.js';
import { trustStoreRule, type TrustStoreRule } from '../rules/trust-stores.js';
import { UNIT_RULES, unitKeyOf, type UnitKey, type UnitRule } from '../rules/units.js';
import type { Topology } from './topology.js';

export interface OwnWork {
  kind: 'own';
  unit: UnitRule;
  /** Nodes whose certificate the targets name (canonical spelling); empty = every node in scope. */
  nodes: string[];
  targets: PlanTarget[];
  /** Trust entries that are copies of this unit's certificates (renewed here, replaced when distributed). */
  copies: { store: string; certificate: string; reportedBy: string[] }[];
  /** A CallManager target merged into a tomcat stage (tomcat reused as CallManager). */
  mergedCallManager: boolean;
}

export interface TrustWork {
  kind: 'trust';
  store: TrustStoreRule;
  certificate: string | null;
  classification: TrustClassification | null;
  reportedBy: string[];
  targets: PlanTarget[];
}

export interface UnknownWork {
  kind: 'unknown-unit';
  unit: string;
  targets: PlanTarget[];
}

export type WorkItem = OwnWork | TrustWork | UnknownWork;

/** Sort key of a work item in the unit order; a tomcat known to be reused as CallManager takes CallManager's slot. */
export function workOrderKey(w: WorkItem, order: readonly string[], tomcatIsCallManager: boolean): number {
  if (w.kind === 'own') {
    const key = w.unit.key === 'tomcat' && tomcatIsCallManager ? 'callmanager' : w.unit.key;
    return orderIndex(order, key, false);
  }
  if (w.kind === 'trust') return orderIndex(order, w.store.store, true);
  return order.length + 1;
}

export function buildWorkItems(
  targets: PlanTarget[],
  topo: Topology,
  nodeNames: string[],
  tomcatIsCallManager: boolean,
): WorkItem[] {
  const own = new Map<UnitKey, OwnWork>();
  const items: WorkItem[] = [];
  const ownFor = (key: UnitKey): OwnWork => {
    const effective: UnitKey = key === 'callmanager' && tomcatIsCallManager ? 'tomcat' : key;
    let w = own.get(effective);
    if (!w) {
      w = { kind: 'own', unit: UNIT_RULES[effective], nodes: [], targets: [], copies: [], mergedCallManager: false };
      own.set(effective, w);
      items.push(w);
    }
    if (effective !== key) w.mergedCallManager = true;
    return w;
  };
  for (const t of targets) {
    const isTrust = t.kind === 'trust' || /-trust$/i.test(t.unit);
    if (!isTrust) {
      const key = unitKeyOf(t.unit);
      if (!key) {
        items.push({ kind: 'unknown-unit', unit: t.unit, targets: [t] });
        continue;
      }
      const w = ownFor(key);
      w.targets.push(t);
      w.nodes.push(...t.nodes.map(topo.canonical));
      continue;
    }
    const store = trustStoreRule(t.unit);
    const cls = classifyTrustEntry(t.certificate, nodeNames);
    if (cls?.cls === 'own-node-copy' && cls.node) {
      const source: UnitKey | null =
        cls.variant === 'itlrecovery' ? 'itlrecovery' : cls.variant === 'ec' ? store.sourceUnitEc : store.sourceUnit;
      if (source) {
        const w = ownFor(source);
        w.targets.push(t);
        w.nodes.push(cls.node);
        w.copies.push({
          store: store.store,
          certificate: t.certificate ?? '',
          reportedBy: t.nodes.map(topo.canonical),
        });
        continue;
      }
    }
    const existing = items.find(
      (x): x is TrustWork => x.kind === 'trust' && x.store.store === store.store && x.certificate === t.certificate,
    );
    if (existing) {
      existing.targets.push(t);
      existing.reportedBy.push(...t.nodes.map(topo.canonical));
    } else {
      items.push({
        kind: 'trust',
        store,
        certificate: t.certificate,
        classification: cls,
        reportedBy: t.nodes.map(topo.canonical),
        targets: [t],
      });
    }
  }
  for (const w of items) {
    if (w.kind === 'own') w.nodes = topo.order(w.nodes);
    if (w.kind === 'trust') w.reportedBy = topo.order(w.reportedBy);
  }
  return items;
}
