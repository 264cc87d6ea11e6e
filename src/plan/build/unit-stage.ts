// One stage for one own certificate type (one trust anchor): change on each node, CTL, restarts, phones, gate,
// partners.
import { TOMCAT_REUSED_AS_CALLMANAGER, type Cond } from '../rules/conditions.js';
import { PARTNERS, type PartnerTiming } from '../rules/partners.js';
import { SERVICES } from '../rules/services.js';
import { UNIT_RULES, type UnitKey, type UnitRule } from '../rules/units.js';
import type { RuleId } from '../rules/rule-catalogue.js';
import type { StageDraft, PlanStep, TrustAnchor } from '../types.js';
import { versionInRange } from '../version.js';
import {
  CA_CHAIN,
  CA_SIGNED_UPLOAD,
  CSR,
  FALLBACK_WARNING,
  MULTI_SAN_CHAIN,
  MULTI_SAN_CSR,
  MULTI_SAN_UPLOAD,
  NEW_VALIDITY_CHECK,
  NO_CERTIFICATE,
  NO_ITLRECOVERY,
  REGENERATE,
  SAN_MEMBERS,
  SAN_PUBLISHER,
  SELF_SIGNED_MULTI_SAN_HINT,
  VALIDITY,
} from '../rules/steps/change.js';
import { LSC_ONLY_ON_PUBLISHER, LSC_REISSUE, UNUSED_CAPF_REASON } from '../rules/steps/capf-lsc.js';
import { TOKENLESS_SIGNER_CHANGED } from '../rules/steps/ctl.js';
import { fill, fillAll } from '../rules/steps/fill.js';
import {
  ITL_CTL_GATE_CHECK,
  ITL_GATE_CHECK,
  ITL_SIGNER,
  UNIT_GATE_CHECK,
  UNIT_GATE_COMMAND,
  UNIT_GATE_TITLE,
  UNNAMED_REPORTER,
} from '../rules/steps/gates.js';
import {
  AFTER_CALLMANAGER,
  CTL_LOCALKEY,
  ITL_LOCALKEY,
  ONE_ROUND_CHECK,
  ONE_ROUND_ITL_SIGNER,
  SHOW_OWN_ITLRECOVERY,
  TWO_PHASE_CHECK,
} from '../rules/steps/itl-recovery.js';
import {
  EXPIRED_WARNING,
  IF_IT_APPLIES,
  PARTNER_GIVE,
  SCOPE_NOTE,
  STAGE_TITLE,
  STAGE_WARNING,
} from '../rules/steps/own-stage.js';
import { PHONE_RESET_TITLE } from '../rules/steps/phones.js';
import { ORDERED_TFTP_START, ORDERED_TFTP_STOP } from '../rules/steps/restarts.js';
import { CERT_PAGE, COUNTS_BACK, QUALIFIER, qualified, SERVICE_COMMAND } from '../rules/steps/shared.js';
import { stepText } from '../rules/steps/step-text.js';
import type { PlanBuilder } from './builder.js';
import {
  ctlUpdateSteps,
  gateStep,
  phoneInteractionSteps,
  nonSbdCtlDeleteStep,
  phoneResetStep,
  restartSteps,
  type RestartItem,
} from './common-steps.js';
import { PLACEHOLDER } from './topology.js';
import type { OwnWork } from './work-items.js';

export interface StageOptions {
  expired: boolean;
  orderedTftp: boolean;
}

interface NodeChange {
  node: string;
  when: Cond[];
}

function certPage(unit: UnitRule): string {
  return unit.hosts === 'imp' ? CERT_PAGE.imp : CERT_PAGE.cucm;
}

/** Nodes whose certificate this stage changes, with the version condition that puts each one there (brief 3 scope
 * table). */
function nodeChanges(b: PlanBuilder, work: OwnWork): { changes: NodeChange[]; stageConds: Cond[]; notes: string[] } {
  const unit = work.unit;
  const v = b.view.version;
  const scopes = unit.scope.map((s) => ({ s, v: versionInRange(v, s.versions) })).filter((x) => x.v !== 'no');
  const notes: string[] = [];
  const stageConds: Cond[] = [];
  const none = scopes.find((x) => x.s.scope === 'none');
  if (none) {
    if (none.v === 'yes') return { changes: [], stageConds, notes: [none.s.note] };
    stageConds.push({ not: { version: none.s.versions } });
  }
  const perNode = scopes.find((x) => x.s.scope === 'per-node');
  const pubOnly = scopes.find((x) => x.s.scope === 'publisher');
  const impNodes = b.topo.imp.length ? b.topo.imp : b.topo.known && unit.hosts !== 'imp' ? [] : [PLACEHOLDER.imp];
  const inScope =
    unit.hosts === 'imp' ? impNodes : [...b.topo.cucm, ...(unit.hosts === 'cucm-and-imp' ? impNodes : [])];
  const wanted = work.nodes.length ? work.nodes : perNode ? inScope : [b.topo.publisher];
  const changes: NodeChange[] = [];
  for (const node of wanted) {
    if (unit.hosts === 'imp' && b.topo.cucm.includes(node)) {
      notes.push(fill(SCOPE_NOTE.impUnitOnCucm, { node, unit: unit.display }));
      for (const n of impNodes) if (!changes.some((c) => c.node === n)) changes.push({ node: n, when: [] });
      continue;
    }
    const pub = b.topo.isPublisher(node);
    // An IM&P unit's own alarm says the cluster has IM&P nodes; for the other units it is a condition.
    let when: Cond[] = node === PLACEHOLDER.imp && unit.hosts !== 'imp' ? [{ hasImp: true }] : [];
    if (pub !== 'yes' && pubOnly && !perNode) {
      notes.push(fill(SCOPE_NOTE.publisherOnly, { node, unit: unit.display }));
      if (!changes.some((c) => c.node === b.topo.publisher)) changes.push({ node: b.topo.publisher, when: [] });
      continue;
    }
    if (pub !== 'yes' && pubOnly && perNode && perNode.v === 'unknown') {
      when = [...when, { version: perNode.s.versions }];
    }
    if (!changes.some((c) => c.node === node)) changes.push({ node, when });
  }
  if (perNode?.v === 'yes' && unit.key === 'capf') notes.push(SCOPE_NOTE.capfPerNodeBefore14);
  return { changes, stageConds, notes };
}

function allScopeNodes(b: PlanBuilder, unit: UnitRule): string[] {
  if (unit.hosts === 'imp') return b.topo.imp.length ? b.topo.imp : [PLACEHOLDER.imp];
  return [...b.topo.cucm, ...(unit.hosts === 'cucm-and-imp' ? b.topo.imp : [])];
}

/** Where a multi-server CSR is generated and uploaded: the publisher, or the IM&P publisher for an IM&P unit. */
function sanPublisher(b: PlanBuilder, unit: UnitRule): string {
  return unit.hosts === 'imp' ? b.topo.impPublisher : b.topo.publisher;
}

function partnerSteps(
  b: PlanBuilder,
  key: string,
  units: UnitKey[],
  timing: PartnerTiming,
  reuseConds: Cond[],
): PlanStep[] {
  const out: PlanStep[] = [];
  for (const p of PARTNERS.filter((x) => x.timing === timing && x.units.some((u) => units.includes(u)))) {
    const viaReuse = !p.units.some((u) => units[0] === u);
    const unitKey = units.find((u) => p.units.includes(u)) ?? p.units[0]!;
    const shown = UNIT_RULES[unitKey].display;
    // What the partner trusts follows the signing when it is known (no self-signed/CA-signed hedge then).
    const signing = b.view.signingOf(unitKey);
    const give = fill(PARTNER_GIVE[signing], { unit: shown });
    const named = (text: string): string => fill(text, { unit: shown, give });
    const nodes =
      p.runsOn === 'imp-nodes'
        ? b.topo.imp.length
          ? b.topo.imp
          : [PLACEHOLDER.imp]
        : p.runsOn === 'publisher'
          ? [b.topo.publisher]
          : [p.runsOn];
    const services = p.restartOnImp ? [{ action: 'restart' as const, service: SERVICES[p.restartOnImp], nodes }] : [];
    const step = b.add('partners', {
      key: `${key}-${p.key}`, title: named(p.title), action: named(p.action), gui: fillAll(p.gui),
      commands: [...(p.commands ?? []), ...services.map(({ service }) => fill(SERVICE_COMMAND.restart, { service }))],
      nodes, why: [p.why], when: [...(viaReuse ? reuseConds : []), ...p.when],
      effects: { services, ...(p.trustPush ? { trustPush: p.trustPush } : {}) },
      expect: [],
    });
    if (step) out.push(step);
  }
  return out;
}

/**
 * The unit's main rule. ITLRecovery has two recipes: below 12.0, or with an eToken CTL before 14, 214231's (the
 * two-phase local-key recipe is 12.0+ only, and citing it there contradicts the steps: review m2's kind of mix-up).
 */
function mainRule(b: PlanBuilder, unit: UnitRule): RuleId {
  if (unit.key !== 'itlrecovery') return unit.rule;
  const below12 = b.holds([{ version: { to: '11.5' } }]) === 'yes';
  const etokenCtl =
    b.holds([{ version: { to: '12.5' } }, { securityMode: 'mixed' }, { ctlSigner: 'etoken' }]) === 'yes';
  return below12 || etokenCtl ? '4.2-itlrecovery-214231' : unit.rule;
}

/** The change itself: one branch per signing (brief 4.1.2), each node its own step. */
function changeSteps(
  b: PlanBuilder,
  key: string,
  work: OwnWork,
  changes: NodeChange[],
  anchor: TrustAnchor | null,
  ctlRelevant: boolean,
  warnings: string[],
  reuseCondsForCtl: boolean,
): PlanStep[] {
  const unit = work.unit;
  const out: PlanStep[] = [];
  const push = (s: PlanStep | null): void => {
    if (s) out.push(s);
  };
  const anchors = anchor ? [anchor] : [];
  const fallback = b.options.fallbackToSelfSigned;
  const signing = b.view.signingOf(unit.key);
  const only = unit.signings.length === 1;
  // From 14 the validity of TLS certificates is no longer 5 years (review m5): expect a later Not After, not a span.
  const below14 = b.holds([{ version: { to: '12.5' } }]);
  const validity =
    unit.key === 'itlrecovery' ? VALIDITY.itlRecovery : below14 === 'yes' ? VALIDITY.below14 : VALIDITY.from14;
  const expectFor = (node: string): string =>
    fill(NEW_VALIDITY_CHECK, { unit: unit.display, file: unit.file, node, validity });
  const ctl = ctlRelevant && !reuseCondsForCtl;
  // Self-signed: regenerate (or fallback chosen by the admin).
  const regenWhen: Cond[] = fallback || only ? [] : [{ signing: { unit: unit.key, in: ['self-signed'] } }];
  const fallbackWarning =
    fallback && signing !== 'self-signed' && !only ? [fill(FALLBACK_WARNING, { unit: unit.display })] : [];
  // The CA chain's store and the unit name `set cert import trust` takes for it (tomcat-ECDSA's chain: tomcat-trust).
  const trust = unit.trustStore ?? `${unit.display}-trust`;
  const sanPub = sanPublisher(b, unit);
  const vars = {
    unit: unit.display, certPage: certPage(unit), trust, trustUnit: trust.replace(/-trust$/i, ''),
    sanPublisher: unit.hosts === 'imp' ? SAN_PUBLISHER.imp : SAN_PUBLISHER.cucm,
  };
  for (const c of changes) {
    push(
      b.add('change', {
        key: `${key}-regen-${c.node}`,
        ...stepText(REGENERATE, { ...vars, node: c.node }),
        nodes: [c.node],
        warnings: [...warnings, ...fallbackWarning],
        why: [mainRule(b, unit), ...REGENERATE.why!],
        anchors,
        expect: [expectFor(c.node)],
        effects: {
          change: {
            unit: unit.display,
            store: 'own',
            method: 'regen',
            nodes: [c.node],
            signing: 'self-signed',
            ctlRelevant: ctl,
          },
        },
        when: [...regenWhen, ...c.when],
      }),
    );
  }
  if (fallback) return out;
  // CA-signed per node: CSR, signed by the CA, chain into <unit>-trust, signed certificate uploaded.
  if (unit.signings.includes('ca-signed')) {
    const caWhen: Cond[] = [{ signing: { unit: unit.key, in: ['ca-signed'] } }];
    const nodes = changes.map((c) => c.node);
    push(
      b.add('change', {
        key: `${key}-csr`,
        ...stepText(CSR, { ...vars, nodes: nodes.join(', ') }),
        nodes,
        when: caWhen,
      }),
    );
    push(
      b.add('change', {
        key: `${key}-chain`,
        ...stepText(CA_CHAIN, vars),
        nodes: [unit.hosts === 'imp' ? sanPub : b.topo.publisher],
        when: caWhen,
        effects: {
          change: {
            unit: `${trust}`,
            store: 'trust',
            method: 'trust-upload',
            nodes: allScopeNodes(b, unit),
            signing: 'unknown',
            ctlRelevant: false,
          },
        },
      }),
    );
    for (const c of changes) {
      push(
        b.add('change', {
          key: `${key}-upload-${c.node}`,
          ...stepText(CA_SIGNED_UPLOAD, { ...vars, node: c.node }),
          nodes: [c.node],
          warnings: [...warnings],
          why: [unit.rule, ...CA_SIGNED_UPLOAD.why!],
          anchors,
          expect: [expectFor(c.node)],
          effects: {
            change: {
              unit: unit.display,
              store: 'own',
              method: 'csr-upload',
              nodes: [c.node],
              signing: 'ca-signed',
              ctlRelevant: ctl,
            },
          },
          when: [...caWhen, ...c.when],
        }),
      );
    }
  }
  // Multi-server SAN: one CSR on the publisher (the IM&P publisher for IM&P units), uploaded once, covering every node.
  if (unit.signings.includes('multi-san')) {
    // When signing is unknown, offer the multi-SAN branch only where it exists; a declared multi-SAN is trusted as is.
    const msWhen: Cond[] = [
      { signing: { unit: unit.key, in: ['multi-san'] } },
      ...(signing === 'unknown' && unit.multiSanFrom ? [{ version: { from: unit.multiSanFrom } }] : []),
    ];
    const every = allScopeNodes(b, unit);
    push(
      b.add('change', {
        key: `${key}-ms-csr`,
        ...stepText(MULTI_SAN_CSR, { ...vars, sanMembers: SAN_MEMBERS[unit.hosts] }),
        nodes: [sanPub],
        when: msWhen,
        // Self-signed multi-SAN exists from 14 only: no such hint on a cluster known to be older.
        warnings: b.holds([{ version: { from: '14' } }]) === 'no' ? [] : [fill(SELF_SIGNED_MULTI_SAN_HINT, vars)],
      }),
    );
    push(
      b.add('change', {
        key: `${key}-ms-chain`,
        ...stepText(MULTI_SAN_CHAIN, vars),
        nodes: [sanPub],
        when: msWhen,
        effects: {
          change: {
            unit: `${trust}`,
            store: 'trust',
            method: 'trust-upload',
            nodes: every,
            signing: 'unknown',
            ctlRelevant: false,
          },
        },
      }),
    );
    push(
      b.add('change', {
        key: `${key}-ms-upload`,
        ...stepText(MULTI_SAN_UPLOAD, { ...vars, nodes: every.join(', ') }),
        nodes: [sanPub],
        warnings: [...warnings],
        why: [unit.rule, ...MULTI_SAN_UPLOAD.why!],
        anchors,
        expect: every.map(expectFor),
        effects: {
          change: {
            unit: unit.display,
            store: 'own',
            method: 'multi-san-upload',
            nodes: every,
            signing: 'multi-san',
            ctlRelevant: ctl,
          },
        },
        when: msWhen,
      }),
    );
  }
  return out;
}

function unitNotes(b: PlanBuilder, unit: UnitRule, at: 'change' | 'restart'): string[] {
  return unit.notes.filter((n) => (n.at ?? 'change') === at).map((n) => {
    const h = b.holds(n.when);
    if (h === 'no') return null;
    return h === 'unknown' && n.when ? fill(IF_IT_APPLIES, { note: n.text }) : n.text;
  }).filter((x): x is string => x !== null);
}

export function expiredWarnings(unit: UnitKey, expired: boolean): string[] {
  if (!expired) return [];
  return unit === 'capf' ? [EXPIRED_WARNING.any, EXPIRED_WARNING.capf] : [EXPIRED_WARNING.any];
}

/** Build the stage(s) for one own unit: one stage, or one per TFTP node on the ordered-TFTP route. */
export function buildOwnStages(b: PlanBuilder, work: OwnWork, index: number, opts: StageOptions): StageDraft[] {
  const unit = work.unit;
  if (unit.key === 'itlrecovery') return [buildItlRecoveryStage(b, work, index, opts)];
  if (opts.orderedTftp && (unit.key === 'callmanager' || unit.key === 'callmanager-ecdsa')) {
    return buildOrderedTftpStages(b, work, index, opts);
  }
  return [buildOwnStage(b, work, index, opts)];
}

function buildOwnStage(b: PlanBuilder, work: OwnWork, index: number, opts: StageOptions): StageDraft {
  const unit = work.unit;
  const key = unit.key;
  const reuse = unit.key === 'tomcat' ? b.holds(TOMCAT_REUSED_AS_CALLMANAGER) : 'no';
  const reuseConds: Cond[] = reuse === 'unknown' ? [...TOMCAT_REUSED_AS_CALLMANAGER] : [];
  const { changes, stageConds, notes } = nodeChanges(b, work);
  // Before 14 only the publisher's CAPF is used (brief 4.2): a subscriber's is regenerated with no CTL update, no CAPF
  // restart, no phone reset and no LSC or partner work (review m1). From 14 a subscriber's alarm is moved to the
  // publisher.
  const unusedCapf =
    unit.key === 'capf' && changes.length > 0 && changes.every((c) => b.topo.isPublisher(c.node) === 'no');
  const anchor: TrustAnchor | null = unusedCapf ? null : (unit.anchor ?? (reuse !== 'no' ? 'CallManager' : null));
  const title =
    reuse === 'yes' ? STAGE_TITLE.tomcatReused : reuse === 'unknown' ? STAGE_TITLE.tomcatMaybeReused : unit.display;
  const stage: StageDraft = { index, title, unit: unit.display, anchor, nodes: changes.map((c) => c.node) };
  b.stage = index;
  if (changes.length === 0) {
    b.add('change', {
      key: `${key}-none`,
      ...stepText(NO_CERTIFICATE, { unit: unit.display, notes: notes.join(' ') }),
      nodes: [b.topo.publisher],
    });
    return stage;
  }
  b.within(stageConds, () => {
    const cmUnits: UnitKey[] = reuse !== 'no' ? [unit.key, 'callmanager'] : [unit.key];
    // Known reuse needs no warning: the stage is titled "tomcat (reused as CallManager)" and lists the CallManager
    // steps.
    const reuseWarn = reuse === 'unknown' ? [STAGE_WARNING.tomcatMaybeReused] : [];
    // On 14+ the step's first action sets "Phone Interaction on Certificate Update" to manual: no warning repeats why.
    const unusedWarn = unusedCapf ? [STAGE_WARNING.unusedCapf] : [];
    const warnings = [
      ...reuseWarn,
      ...notes,
      ...unusedWarn,
      ...unitNotes(b, unit, 'change'),
      ...expiredWarnings(unit.key, opts.expired),
    ];
    if (work.mergedCallManager) warnings.push(STAGE_WARNING.mergedCallManager);
    if (anchor) b.within(reuse === 'unknown' ? reuseConds : [], () => phoneInteractionSteps(b, key, 'start'));
    partnerSteps(b, key, cmUnits, 'before-change', reuseConds);
    const ctlRelevant = !unusedCapf && (unit.ctlRelevant || reuse !== 'no');
    changeSteps(b, key, work, changes, anchor, ctlRelevant, warnings, false);
    // Mixed mode: the CTL update after the last node's change, before any restart or reset (brief 4.1.4).
    if (ctlRelevant) {
      // Tokenless wording only where the CTL may be tokenless (review m2: not in eToken plans).
      const w =
        anchor === 'CallManager' &&
        changes.some((c) => b.topo.isPublisher(c.node) !== 'no') &&
        b.holds([{ version: { from: '10.0', to: '11.5' } }, { ctlSigner: 'tokenless' }]) !== 'no'
          ? [TOKENLESS_SIGNER_CHANGED]
          : [];
      b.within(reuseConds, () => ctlUpdateSteps(b, key, [reuse !== 'no' ? '4.1.3-tomcat-reuse' : unit.rule], w));
    }
    b.within(reuseConds, () => partnerSteps(b, key, reuse !== 'no' ? ['callmanager'] : cmUnits, 'before-restart', []));
    // Restarts, node by node, publisher first.
    const multiSan = b.holds([{ signing: { unit: unit.key, in: ['multi-san'] } }]);
    const changed =
      multiSan === 'yes'
        ? b.topo.order([...allScopeNodes(b, unit), ...changes.map((c) => c.node)])
        : changes.map((c) => c.node);
    // A multi-SAN certificate is every node's: the step names them all, not only the node that reported it.
    stage.nodes = changed;
    const items: RestartItem[] = unusedCapf ? [] : unit.restarts.map((r) => ({ ...r }));
    if (reuse !== 'no') {
      for (const r of UNIT_RULES.callmanager.restarts) {
        items.push({ ...r, when: [...reuseConds, ...(r.when ?? [])], why: '4.1.3-tomcat-reuse' });
      }
    }
    const restarts = restartSteps(b, key, items, changed);
    if (multiSan === 'unknown') {
      const extra = allScopeNodes(b, unit).filter((n) => !changed.includes(n));
      const msItems = items
        .filter((r) => r.on === 'changed')
        .map((r) => ({ ...r, when: [{ signing: { unit: unit.key, in: ['multi-san' as const] } }, ...(r.when ?? [])] }));
      restarts.push(...restartSteps(b, `${key}-ms`, msItems, extra));
    }
    // Per-node notes on every node's restart step: each node is worked on its own (review M5).
    const restartNotes = unitNotes(b, unit, 'restart');
    for (const r of restarts) r.warnings.push(...restartNotes);
    // Phones: every phone must hold the new ITL before the next step (brief 4.1.1).
    if (!unusedCapf && (unit.resetsPhones || reuse !== 'no')) {
      b.within(unit.resetsPhones ? [] : reuseConds, () => phoneResetStep(b, key, [unit.rule, '4.1.1-one-anchor']));
    }
    // 10.x-11.x tokenless: the publisher's CallManager key signs the CTL, so a publisher change changes the CTL signer.
    const publisherChanges = multiSan !== 'no' || changes.some((c) => b.topo.isPublisher(c.node) !== 'no');
    if (anchor === 'CallManager' && unit.key === 'callmanager' && publisherChanges) {
      nonSbdCtlDeleteStep(b, key, [{ ctlSigner: 'tokenless' }, { version: { from: '10.0', to: '11.5' } }]);
    }
    // The gate closes the step: partners are updated before it; only the LSC re-issue (days) runs on after it.
    if (!unusedCapf) partnerSteps(b, key, cmUnits, 'after', reuseConds);
    verifyGate(b, key, unit, changed, anchor !== null, ctlRelevant, work);
    if (anchor) b.within(reuse === 'unknown' ? reuseConds : [], () => phoneInteractionSteps(b, key, 'end'));
    capfLsc(b, key, work, changes, opts);
  });
  return stage;
}

/** Who must sign the ITL after this step (ITL_SIGNER). */
function itlSigner(b: PlanBuilder, unit: UnitRule): string {
  if (unit.key !== 'callmanager') return ITL_SIGNER.otherUnit;
  const below12 = b.holds([{ version: { to: '11.5' } }]);
  return below12 === 'yes'
    ? ITL_SIGNER.callManagerBelow12
    : below12 === 'no'
      ? ITL_SIGNER.callManagerFrom12
      : ITL_SIGNER.callManagerUnknown;
}

/**
 * What `show itl` (and `show ctl` in mixed mode) must show after this step: one check when the cluster is known to be
 * mixed, the CTL check apart (qualified "mixed mode only") when the mode is unknown.
 */
function trustFileChecks(b: PlanBuilder, unit: UnitRule, itl: boolean, ctl: boolean): string[] {
  const mixed = b.holds([{ securityMode: 'mixed' }]);
  const signer = itlSigner(b, unit);
  const ctlApart =
    ctl && mixed !== 'no' ? [qualified(mixed === 'unknown' ? QUALIFIER.mixedOnly : '', UNIT_GATE_CHECK.ctl)] : [];
  if (!itl) return ctlApart;
  if (ctl && mixed === 'yes') return [fill(ITL_CTL_GATE_CHECK, { signer })];
  return [fill(ITL_GATE_CHECK, { signer }), ...ctlApart];
}

function verifyGate(
  b: PlanBuilder,
  key: string,
  unit: UnitRule,
  nodes: string[],
  itl: boolean,
  ctl: boolean,
  work: OwnWork,
): void {
  const mixed = b.holds([{ securityMode: 'mixed' }]);
  const vars = { unit: unit.display, file: unit.file, nodes: nodes.join(', ') };
  const commands = [
    fill(UNIT_GATE_COMMAND, vars),
    ...(itl ? ['show itl'] : []),
    ...(ctl && mixed !== 'no' ? ['show ctl'] : []),
  ];
  const expect = [
    fill(UNIT_GATE_CHECK.newExpiry, vars),
    ...trustFileChecks(b, unit, itl, ctl),
    // IM&P units touch no phone: their own checks replace the registration count (review M8).
    ...(unit.verify ?? [UNIT_GATE_CHECK.registered]),
    ...(b.holds([{ version: { from: '14' } }]) !== 'no' && itl ? [UNIT_GATE_CHECK.itlFileStatus] : []),
    ...work.copies.map((c) =>
      fill(UNIT_GATE_CHECK.copy, {
        certificate: c.certificate,
        store: c.store,
        reporters: c.reportedBy.join(', ') || UNNAMED_REPORTER,
      }),
    ),
  ];
  gateStep(b, key, fill(UNIT_GATE_TITLE, vars), {
    commands, nodes: b.topo.order([...nodes, ...(itl ? b.topo.tftp : [])]), expect,
    gui: [],
    why: work.copies.length ? ['4.4-own-copy'] : [], phoneItl: itl,
  });
}

/** Publisher CAPF: re-issue CAPF-issued LSCs before the old CAPF expires; never for a subscriber CAPF before 14. */
function capfLsc(b: PlanBuilder, key: string, work: OwnWork, changes: NodeChange[], opts: StageOptions): void {
  if (work.unit.key !== 'capf') return;
  const pub = changes.map((c) => b.topo.isPublisher(c.node));
  if (pub.every((p) => p === 'no')) {
    b.applyRule('4.2-capf-lsc', UNUSED_CAPF_REASON);
    return;
  }
  const pubNode = changes.find((c) => b.topo.isPublisher(c.node) !== 'no')?.node ?? b.topo.publisher;
  const condition = pub.some((p) => p === 'yes')
    ? undefined
    : { items: ['nodes'], text: fill(LSC_ONLY_ON_PUBLISHER, { node: pubNode }) };
  // The partners that validate LSCs (ISE, ASA) or hold CAPF-issued certificates trust the new CAPF first (review B3).
  b.within([], () => partnerSteps(b, key, ['capf'], 'before-lsc', []), condition);
  const when: Cond[] = [{ lsc: ['capf'] }];
  const lsc = stepText(LSC_REISSUE);
  b.add('phones', {
    key: `${key}-lsc`, ...lsc, nodes: [pubNode],
    warnings: [...lsc.warnings, ...expiredWarnings('capf', opts.expired)],
    when, condition,
    effects: { lscReissue: true },
  });
}

/**
 * ITLRecovery, keyed by version and CTL signer (214231 "ITLRecovery Certificate"; review B2, M1, m10):
 * - below 12.0 neither the ITL nor the CTL is signed by ITLRecovery, and with eTokens (to 12.5) the CTL is signed by
 * the
 *   tokens: regenerate, update the CTL in mixed mode, restart TVS (publisher first) then TFTP, reset phones;
 * - 12.0+ non-secure or tokenless: ITLRecovery signs the ITL (and the CTL): the two-phase local-key recipe, with the
 *   TVS and TFTP restarts before the second phone reset.
 */
function buildItlRecoveryStage(b: PlanBuilder, work: OwnWork, index: number, opts: StageOptions): StageDraft {
  const unit = work.unit;
  const key = unit.key;
  const { changes, stageConds, notes } = nodeChanges(b, work);
  const stage: StageDraft = {
    index,
    title: unit.display,
    unit: unit.display,
    anchor: 'ITLRecovery',
    nodes: changes.map((c) => c.node),
  };
  b.stage = index;
  if (changes.length === 0) {
    b.add('change', {
      key: `${key}-none`,
      ...stepText(NO_ITLRECOVERY, { notes: notes.join(' ') }),
      nodes: [b.topo.publisher],
    });
    return stage;
  }
  b.within(stageConds, () => {
    const warnings = [
      AFTER_CALLMANAGER,
      ...notes, ...unitNotes(b, unit, 'change'), ...expiredWarnings(key, opts.expired),
    ];
    phoneInteractionSteps(b, key, 'start');
    changeSteps(b, key, work, changes, 'ITLRecovery', false, warnings, false);
    const changed = changes.map((c) => c.node);
    const tvsThenTftp = (k: string, why: string): void => {
      restartSteps(b, `${k}-tvs`, [{ service: 'tvs', on: 'all-cucm', why }], changed);
      restartSteps(b, `${k}-tftp`, [{ service: 'tftp', on: 'tftp', why }], changed);
    };
    const mixedMode = b.holds([{ securityMode: 'mixed' }]);
    const mixed = mixedMode !== 'no';
    const gateTitle = fill(UNIT_GATE_TITLE, { unit: unit.display });
    const gateCommands = [SHOW_OWN_ITLRECOVERY, 'show itl', ...(mixed ? ['show ctl'] : [])];
    // Below 12.0, or an eToken CTL before 14: the CTL is updated (not re-signed) and the ITL keeps its signer.
    const oneRound = (k: string, conds: Cond[], signer: string): void => b.within(conds, () => {
      ctlUpdateSteps(b, k, ['4.2-itlrecovery-214231']);
      tvsThenTftp(k, '4.2-itlrecovery-214231');
      phoneResetStep(b, k, ['4.2-itlrecovery-214231']);
      partnerSteps(b, k, ['itlrecovery'], 'after', []);
      gateStep(b, k, gateTitle, {
        commands: [...gateCommands],
        nodes: b.topo.order([...changed, ...b.topo.tftp]), why: ['4.2-itlrecovery-214231'], phoneItl: true,
        expect: [
          ONE_ROUND_CHECK.newExpiry,
          fill(ONE_ROUND_CHECK.itl, { signer }),
          ...(mixed ? [qualified(b.holds([{ securityMode: 'mixed' }]) === 'unknown' ? QUALIFIER.mixedOnly : '', ONE_ROUND_CHECK.ctl)] : []),
          COUNTS_BACK,
        ],
      });
    });
    oneRound(`${key}-pre12`, [{ version: { to: '11.5' } }], ONE_ROUND_ITL_SIGNER.below12);
    oneRound(
      `${key}-etoken`,
      [{ version: { from: '12.0', to: '12.5' } }, { securityMode: 'mixed' }, { ctlSigner: 'etoken' }],
      ONE_ROUND_ITL_SIGNER.etoken,
    );
    // 12.0+: ITLRecovery signs the ITL (and the tokenless CTL): phones must first accept a locally signed file.
    b.within(
      [
        { version: { from: '12.0' } },
        { anyOf: [{ securityMode: 'non-secure' }, { ctlSigner: 'tokenless' }, { version: { from: '14' } }] },
      ],
      () => {
        const pub = [b.topo.publisher];
        b.add('update-ctl', {
          key: `${key}-itl-localkey`,
          ...stepText(ITL_LOCALKEY),
          nodes: pub,
          effects: { resetLocalkey: 'itl' },
          when: [{ securityMode: 'non-secure' }],
        });
        b.add('update-ctl', {
          key: `${key}-ctl-localkey`,
          ...stepText(CTL_LOCALKEY),
          nodes: pub,
          effects: { resetLocalkey: 'ctl' },
          when: [{ securityMode: 'mixed' }],
        });
        phoneResetStep(b, `${key}-1`, ['4.2-itlrecovery'], { title: PHONE_RESET_TITLE.itlRecoveryFirst });
        ctlUpdateSteps(b, key, ['4.2-itlrecovery']);
        tvsThenTftp(key, '4.2-itlrecovery');
        phoneResetStep(b, `${key}-2`, ['4.2-itlrecovery'], { title: PHONE_RESET_TITLE.itlRecoverySecond });
        nonSbdCtlDeleteStep(b, key, [{ anyOf: [{ ctlSigner: 'tokenless' }, { version: { from: '14' } }] }]);
        partnerSteps(b, key, ['itlrecovery'], 'after', []);
        gateStep(b, key, gateTitle, {
          commands: [...gateCommands],
          nodes: b.topo.order([...changed, ...b.topo.tftp]),
          phoneItl: true,
          expect: [
            TWO_PHASE_CHECK.newExpiry,
            TWO_PHASE_CHECK.itl,
            ...(mixed ? [TWO_PHASE_CHECK.ctl] : []),
            COUNTS_BACK,
          ],
        });
      },
    );
    phoneInteractionSteps(b, key, 'end');
  });
  return stage;
}

/** Ordered TFTP route (brief 4.3): each TFTP node's CallManager certificate in a stage of its own, TFTP stopped on
 * it. */
function buildOrderedTftpStages(b: PlanBuilder, work: OwnWork, index: number, opts: StageOptions): StageDraft[] {
  const unit = work.unit;
  const wanted = work.nodes.length ? work.nodes : b.topo.cucm;
  // The phones' TFTP order decides the order of the route (primary first).
  const tftpNodes = (b.topo.phoneTftpList ?? b.topo.tftp).filter((n) => wanted.includes(n));
  const others = wanted.filter((n) => !tftpNodes.includes(n));
  let i = index;
  const stages: StageDraft[] = [];
  for (const node of tftpNodes) {
    b.stage = i;
    const key = `${unit.key}-${node}`;
    stages.push({
      index: i,
      title: fill(STAGE_TITLE.orderedTftpNode, { unit: unit.display, node }),
      unit: unit.display,
      anchor: unit.anchor,
      nodes: [node],
    });
    b.add('protect-itl', {
      key: `${key}-tftp-stop`, ...stepText(ORDERED_TFTP_STOP, { node, service: SERVICES.tftp }), nodes: [node],
      effects: { services: [{ action: 'stop', service: SERVICES.tftp, nodes: [node] }] },
    });
    changeSteps(
      b,
      key,
      { ...work, nodes: [node] },
      [{ node, when: [] }],
      unit.anchor,
      true,
      [...unitNotes(b, unit, 'change'), ...expiredWarnings(unit.key, opts.expired)],
      false,
    );
    ctlUpdateSteps(b, key, [unit.rule]);
    partnerSteps(b, key, [unit.key], 'before-restart', []);
    phoneResetStep(b, `${key}-1`, ['4.3-ordered-tftp'], { title: PHONE_RESET_TITLE.orderedTftpFirst });
    b.add('restart', {
      key: `${key}-tftp-start`, ...stepText(ORDERED_TFTP_START, { node, service: SERVICES.tftp }), nodes: [node],
      effects: { services: [{ action: 'start', service: SERVICES.tftp, nodes: [node] }] },
    });
    restartSteps(
      b,
      key,
      unit.restarts
        .filter((r) => r.on === 'changed' || r.service === 'tvs')
        .map((r) => ({ ...r, on: 'changed' as const })),
      [node],
    );
    phoneResetStep(b, `${key}-2`, ['4.3-ordered-tftp'], { title: PHONE_RESET_TITLE.orderedTftpSecond });
    verifyGate(b, key, unit, [node], true, true, work);
    i++;
  }
  if (others.length) {
    const st = buildOwnStage(b, { ...work, nodes: others }, i, { ...opts, orderedTftp: false });
    stages.push({ ...st, title: fill(STAGE_TITLE.orderedTftpOthers, { unit: unit.display }) });
  } else if (stages.length) {
    partnerSteps(b, unit.key, [unit.key], 'after', []);
  }
  return stages;
}
