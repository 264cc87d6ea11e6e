// buildPlan: targets + cluster state -> the ordered, conditional renewal plan (pure; `now` is a parameter).
import type { ClusterState, Signing } from '../domain/cluster.js';
import type { PlanTarget } from '../domain/plan-target.js';
import { PlanBuilder } from './build/builder.js';
import { cleanUpSteps, nonSbdPreCheck, preCheckSteps, protectItlSteps, recoverySteps } from './build/global-steps.js';
import { FN70613_ANCHORS, fn70613PreCheck, fn70613Workaround } from './build/fn70613.js';
import { DEFAULT_STEP_GAP_DAYS, orderByDeadline } from './build/deadline-order.js';
import { discoveryFor } from './build/discovery.js';
import { scheduleStages } from './build/schedule.js';
import { undoFor } from './build/undo.js';
import { clusterTimeZone } from '../domain/cluster-time-zone.js';
import { zonedDateTime } from '../render/zoned-date.js';
import { decideRoute } from './build/route.js';
import { deadlineOf, impactOf, isExpired, urgencyOf } from './build/summary.js';
import { buildTopology, PLACEHOLDER } from './build/topology.js';
import { buildTrustStage } from './build/trust-stage.js';
import { buildOwnStages } from './build/unit-stage.js';
import { buildWorkItems, workOrderKey, type WorkItem } from './build/work-items.js';
import { evaluateAll, TOMCAT_REUSED_AS_CALLMANAGER, type StateView } from './rules/conditions.js';
import { consistencyWarnings, type ConsistencyWarning } from './rules/consistency.js';
import { DEFAULT_UNIT_ORDER } from './rules/order.js';
import { ruleTitle } from './rules/rule-catalogue.js';
import { STATE_CHECKS } from './rules/state-checks.js';
import { UNIT_RULES, unitKeyOf } from './rules/units.js';
import type { PhaseKind, Plan, PlanPhase, PlanStage, PlanStep, RouteId, StageDraft } from './types.js';
import { parseVersion, versionBand } from './version.js';

export interface PlanOptions {
  /** The admin opted to regenerate even CA-signed / multi-SAN certificates (they become self-signed). */
  fallbackToSelfSigned?: boolean;
  /** Requested ITL route; the engine refuses routes whose conditions fail and says why. */
  route?: RouteId;
  /** Override of the default order (tomcat/ipsec, CAPF, CallManager, ITLRecovery, TVS last); lower-case unit names. */
  unitOrder?: string[];
  /** Days between two trust-anchor steps (PLAN_STEP_GAP_DAYS; default 7, one maintenance window a week). */
  stepGapDays?: number;
  /** Where discovered facts contradict the inventory, and a stale CTL discovery found (discovery/plan-input.ts): listed
   * with the inconsistencies. */
  discoveryConflicts?: ConsistencyWarning[];
  /**
   * Whose the cluster's `tftpServers` list is: the inventory's (default) is the order the phones use (DHCP option 150);
   * discovery's is only the set of TFTP servers the ITL lists, so nothing in the plan may rest on its order.
   */
  tftpServersFrom?: 'inventory' | 'discovery';
}

export interface PlanInput {
  cluster: ClusterState;
  targets: PlanTarget[];
  now: Date;
  options?: PlanOptions;
}

const PHASE_TITLES: Record<PhaseKind, string> = {
  'pre-checks': 'Pre-checks (before the window; every one must pass)',
  'protect-itl': 'Protect the ITL',
  change: 'change the certificate',
  'update-ctl': 'update the CTL',
  restart: 'restart services',
  phones: 'phones',
  verify: 'verify (gate)',
  partners: 'partners',
  'clean-up': 'Clean up',
  'if-something-goes-wrong': 'If something goes wrong',
};

function stateView(cluster: ClusterState): StateView {
  const version = parseVersion(cluster.version);
  // A Map: unit names come from the inventory and must never meet Object.prototype's own names.
  const signing = new Map<string, Signing>();
  for (const [k, v] of Object.entries(cluster.signing ?? {})) signing.set(k.toLowerCase(), v);
  const view: StateView = {
    cluster, version,
    signingOf(unitKey: string): Signing {
      const key = unitKey.toLowerCase();
      const declared =
        key === 'callmanager' && evaluateAll(TOMCAT_REUSED_AS_CALLMANAGER, view).value === 'yes'
          ? signing.get('tomcat')
          : signing.get(key);
      if (!declared) return 'unknown';
      // A signing the unit cannot have (a multi-SAN CAPF) is an inventory error: plan every branch instead.
      const unit = unitKeyOf(key);
      const rule = unit ? UNIT_RULES[unit] : undefined;
      if (rule && declared !== 'unknown' && !rule.signings.includes(declared)) return 'unknown';
      return declared;
    },
  };
  return view;
}

function phaseTitle(kind: PhaseKind, stage: StageDraft | undefined, steps: PlanStep[], stageCount: number): string {
  if (!stage) return PHASE_TITLES[kind];
  let t = PHASE_TITLES[kind];
  if (
    kind === 'update-ctl' &&
    steps.every((s) => s.effects.resetLocalkey === 'itl' || (!s.effects.ctlUpdate && !s.effects.resetLocalkey))
  )
    t = 'sign the ITL';
  else if (kind === 'update-ctl' && steps.some((s) => s.effects.resetLocalkey)) t = 'sign the ITL / CTL';
  else if (kind === 'clean-up') t = 'clean up';
  else if (kind === 'protect-itl') t = 'protect the ITL';
  return `Step ${stage.index} of ${stageCount} — ${stage.title}: ${t}`;
}

function groupPhases(steps: PlanStep[], stages: readonly StageDraft[]): PlanPhase[] {
  const phases: PlanPhase[] = [];
  for (const step of steps) {
    const last = phases[phases.length - 1];
    if (last && last.kind === step.phase && last.stage === step.stage) last.steps.push(step);
    else {
      phases.push({
        id: `p${phases.length + 1}-${step.phase}${step.stage ? `-s${step.stage}` : ''}`,
        kind: step.phase,
        title: '',
        stage: step.stage,
        steps: [step],
      });
    }
  }
  for (const p of phases) p.title = phaseTitle(p.kind, stages.find((s) => s.index === p.stage), p.steps, stages.length);
  return phases;
}

export function buildPlan(input: PlanInput): Plan {
  const { cluster, targets, now } = input;
  const options = input.options ?? {};
  const view = stateView(cluster);
  const topo = buildTopology(cluster, options.tftpServersFrom ?? 'inventory');
  const tomcatIsCm = evaluateAll(TOMCAT_REUSED_AS_CALLMANAGER, view).value === 'yes';
  const order = options.unitOrder?.length ? options.unitOrder.map((u) => u.toLowerCase()) : [...DEFAULT_UNIT_ORDER];
  const items: WorkItem[] = buildWorkItems(targets, topo, cluster.nodes.map((n) => n.name), tomcatIsCm)
    .map((w, i) => ({ w, i }))
    .sort((a, b) => workOrderKey(a.w, order, tomcatIsCm) - workOrderKey(b.w, order, tomcatIsCm) || a.i - b.i)
    .map((x) => x.w);
  // The default order holds unless a certificate would expire before its turn (review M3); an explicit order is kept.
  const gapDays = options.stepGapDays ?? DEFAULT_STEP_GAP_DAYS;
  const zone = clusterTimeZone(cluster);
  const isAnchor = (w: WorkItem): boolean =>
    w.kind === 'own' && (w.unit.anchor !== null || (w.unit.key === 'tomcat' && tomcatIsCm));
  const byDeadline = options.unitOrder?.length
    ? items.map((item) => ({ item, movedForDeadline: null }))
    : orderByDeadline(items, now, isAnchor, gapDays, zone);
  items.splice(0, items.length, ...byDeadline.map((o) => o.item));
  const moved = new Map(byDeadline.filter((o) => o.movedForDeadline).map((o) => [o.item, o.movedForDeadline!]));
  const route = decideRoute(options.route ?? 'standard', view, topo, items);
  const deadline = deadlineOf(targets, now, zone);
  const b = new PlanBuilder(view, topo, { fallbackToSelfSigned: options.fallbackToSelfSigned === true });
  // Signings a unit cannot have, one notice per value (a multi-SAN CAPF and ipsec are one inventory mistake), for the
  // units this plan changes: a tomcat plan is no place for CAPF's inventory entry.
  const planned = new Set(items.flatMap((w) => (w.kind === 'own' ? [w.unit.key] : [])));
  const impossible = new Map<string, string[]>();
  for (const [k, v] of Object.entries(cluster.signing ?? {})) {
    const unit = unitKeyOf(k);
    const rule = unit && planned.has(unit) ? UNIT_RULES[unit] : undefined;
    if (rule && v !== 'unknown' && !rule.signings.includes(v) && rule.signings.length > 1) {
      impossible.set(v, [...(impossible.get(v) ?? []), rule.display]);
    }
  }
  for (const [v, units] of impossible) {
    const many = units.length > 1;
    b.notices.push(
      `The inventory says ${units.join(' and ')} ${many ? 'are' : 'is'} ${v}, which ${many ? 'they' : 'it'} cannot be: treated as unknown (check \`show cert list own\`).`,
    );
  }

  const drafts: StageDraft[] = [];
  const workOf = new Map<number, WorkItem>();
  let index = 1;
  for (const w of items) {
    const first = index;
    if (w.kind === 'own') {
      const made = buildOwnStages(b, w, index, {
        expired: isExpired(w.targets, now),
        orderedTftp: route.used === 'ordered-tftp',
      });
      const why = moved.get(w);
      if (why) for (const st of made) st.movedForDeadline = why;
      drafts.push(...made);
      index += made.length;
    } else if (w.kind === 'trust') {
      drafts.push(buildTrustStage(b, w, index, isExpired(w.targets, now)));
      index++;
    } else {
      b.stage = index;
      b.add('change', {
        key: `unknown-${w.unit}`, title: `Identify the certificate store "${w.unit}"`,
        action: `certwatch has no rules for the unit "${w.unit}". Identify it with \`show cert list own\` and \`show cert list trust\` on the reporting node(s) and plan it by hand; do not change it together with any other certificate.`,
        commands: ['show cert list own', 'show cert list trust'],
        nodes: w.targets.flatMap((t) => t.nodes.map(topo.canonical)),
        why: ['4.1.1-one-anchor'],
      });
      b.notices.push(`Unit "${w.unit}" is not known to the engine: the plan only says how to identify it.`);
      drafts.push({ index, title: `unknown unit ${w.unit}`, unit: w.unit, anchor: null, nodes: [] });
      index++;
    }
    for (let i = first; i < index; i++) workOf.set(i, w);
  }
  // The last stage's changes must be reached through a gate, then the shared phases follow.
  const stageSteps = b.stepsIn('stages');
  const slots = scheduleStages(
    drafts.map((d) => ({ anchor: d.anchor !== null, targets: workOf.get(d.index)?.targets ?? [] })),
    now,
    gapDays,
    zone,
    cluster.maintenanceWindows ?? [],
  );
  const stages: PlanStage[] = drafts.map((d, i) => ({
    ...d,
    ...slots[i]!,
    undo: undoFor(stageSteps.filter((s) => s.stage === d.index), cluster, topo.publisher),
  }));
  const own = items.filter((w) => w.kind === 'own');
  const anchorChange = stageSteps.some((s) => s.anchors.length > 0);
  const ctlNeeded = stageSteps.some((s) => s.effects.ctlUpdate);
  protectItlSteps(b, route, { ctl: ctlNeeded, anchorChange });
  const fn70613 = stageSteps.some(
    (s) => s.effects.change?.store === 'own' && s.anchors.some((a) => FN70613_ANCHORS.has(a)),
  );
  if (fn70613) fn70613Workaround(b);
  cleanUpSteps(b, route, {
    itlRecoveryChanged: stageSteps.some((s) => s.anchors.includes('ITLRecovery')),
    publisherCapf: stageSteps.some((s) => s.effects.lscReissue),
  });
  recoverySteps(b);
  const unknown = new Set(b.unknownItems);
  if (!view.version.known) unknown.add('version');
  if (!topo.known) unknown.add('nodes');
  if (!topo.tftpKnown) unknown.add('tftpServers');
  unknown.delete('trustClass');
  preCheckSteps(b, Object.keys(STATE_CHECKS).filter((k) => unknown.has(k)));
  if (fn70613) fn70613PreCheck(b);
  if (stageSteps.some((s) => s.effects.manualCtlDelete)) nonSbdPreCheck(b);
  // The cluster's own pre-checks first, then identifying each reported trust entry, then what the plan could not know.
  const preRank = (s: PlanStep): number => (s.why.includes('state-check') ? 2 : s.why.includes('4.4-classify') ? 1 : 0);
  const pre = b
    .stepsIn('pre-checks')
    .map((s, i) => ({ s, i }))
    .sort((x, y) => preRank(x.s) - preRank(y.s) || x.i - y.i)
    .map((x) => x.s);
  const steps = [
    ...pre,
    ...b.stepsIn('protect'),
    ...b.stepsIn('stages'),
    ...b.stepsIn('clean-up'),
    ...b.stepsIn('recovery'),
  ];
  steps.forEach((s, i) => {
    s.number = i + 1;
  });
  if (stages.length > 1) {
    b.applyRule(
      '4.2-order',
      `${stages.length} certificates, one step each, in this order: ${stages.map((s) => s.title).join(', ')}`,
    );
    // The order itself is the plan's schedule ("one trust anchor per step, never two together"): no notice repeats it.
  }
  for (const why of new Set(moved.values())) b.notices.push(`Order changed for a deadline: ${why}`);
  const late = stages.filter((s) => s.late).sort((x, y) => Date.parse(x.deadline!) - Date.parse(y.deadline!))[0];
  if (late) {
    const w = workOf.get(late.index);
    const breaks = w?.kind === 'own' ? ` Until it is replaced: ${UNIT_RULES[w.unit.key].impact}` : '';
    b.notices.push(
      `No order meets every deadline: ${late.title} expires ${zonedDateTime(late.deadline!, zone)}, before its step on ${late.date}, which must follow the gate of the step before it.${breaks}`,
    );
  }
  for (const s of stages)
    if (s.pulledEarlier) b.notices.push(`Step ${s.index} (${s.title}) on ${s.date}: ${s.pulledEarlier}.`);
  if (options.unitOrder?.length) b.notices.push(`Unit order overridden: ${order.join(', ')}.`);
  const inconsistencies = [...consistencyWarnings(cluster, view.version, route), ...(options.discoveryConflicts ?? [])];
  for (const w of inconsistencies) b.notices.push(w.text);
  if (own.some((w) => w.unit.key === 'capf') && stageSteps.some((s) => s.effects.lscReissue)) {
    b.notices.push('CAPF: the LSC re-issue must be finished before the old CAPF certificate expires.');
  }

  const names = stages.map((s) => s.title);
  const context = {
    version: view.version.text,
    versionBand: versionBand(view.version),
    securityMode: cluster.securityMode,
    ctlSigner: cluster.ctlSigner,
    itlSigner: cluster.itlSigner,
    tftpServers: topo.tftpListed ?? ('unknown' as const),
    tftpOrder: topo.tftpOrder,
    lsc: cluster.lsc,
    tomcatReusedAsCallManager: String(cluster.tomcatReusedAsCallManager),
    // Units with a single signing branch (ITLRecovery) are read as that branch whatever the inventory says.
    signing: Object.fromEntries(
      Object.values(UNIT_RULES).map((u) => [u.key, u.signings.length === 1 ? u.signings[0]! : view.signingOf(u.key)]),
    ),
    fallbackToSelfSigned: options.fallbackToSelfSigned === true,
    publisher: topo.publisher,
    unitOrder: order,
    unitOrderOverridden: !!options.unitOrder?.length,
    timeZone: zone,
    stepGapDays: gapDays,
  };
  return {
    title: `Renewal plan: ${names.join(', ') || 'nothing to renew'} — ${cluster.name || cluster.id}`,
    cluster: { id: cluster.id, name: cluster.name },
    generatedAt: now.toISOString(),
    targets,
    urgency: urgencyOf(targets, now),
    context,
    route,
    stages,
    phases: groupPhases(steps, stages),
    impact: impactOf(items, tomcatIsCm, now),
    deadline,
    rulesApplied: [...b.applied.values()],
    rulesSkipped: [...b.skipped.values()],
    notices: b.notices,
    inconsistencies,
    discovery: discoveryFor(
      view,
      topo.known && topo.publisher !== PLACEHOLDER.publisher,
      items,
      stages,
      options.fallbackToSelfSigned === true,
    ),
  };
}

export { ruleTitle };
