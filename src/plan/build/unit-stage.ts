// One stage for one own certificate type (one trust anchor): change on each node, CTL, restarts, phones, gate, partners.
import { TOMCAT_REUSED_AS_CALLMANAGER, type Cond } from '../rules/conditions.js';
import { PARTNERS, type PartnerTiming } from '../rules/partners.js';
import { SERVICES } from '../rules/services.js';
import { UNIT_RULES, type UnitKey, type UnitRule } from '../rules/units.js';
import type { RuleId } from '../rules/rule-catalogue.js';
import type { StageDraft, PlanStep, TrustAnchor } from '../types.js';
import { versionInRange } from '../version.js';
import type { PlanBuilder } from './builder.js';
import { ctlUpdateSteps, gateStep, phoneInteractionSteps, nonSbdCtlDeleteStep, phoneResetStep, restartSteps, type RestartItem } from './common-steps.js';
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

const OS_CERT_GUI = 'Cisco Unified OS Administration > Security > Certificate Management';
const IMP_OS_CERT_GUI = 'Cisco Unified IM and Presence OS Administration > Security > Certificate Management';

function certGui(unit: UnitRule): string {
  return unit.hosts === 'imp' ? IMP_OS_CERT_GUI : OS_CERT_GUI;
}

/** Nodes whose certificate this stage changes, with the version condition that puts each one there (brief 3 scope table). */
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
  const inScope = unit.hosts === 'imp' ? impNodes : [...b.topo.cucm, ...(unit.hosts === 'cucm-and-imp' ? impNodes : [])];
  const wanted = work.nodes.length ? work.nodes : perNode ? inScope : [b.topo.publisher];
  const changes: NodeChange[] = [];
  for (const node of wanted) {
    if (unit.hosts === 'imp' && b.topo.cucm.includes(node)) {
      notes.push(`${node} reported ${unit.display}, but the inventory lists ${node} as a CUCM node: ${unit.display} lives on the IM&P nodes, so it is changed there (check the sender with \`show network cluster\`).`);
      for (const n of impNodes) if (!changes.some((c) => c.node === n)) changes.push({ node: n, when: [] });
      continue;
    }
    const pub = b.topo.isPublisher(node);
    // An IM&P unit's own alarm says the cluster has IM&P nodes; for the other units it is a condition.
    let when: Cond[] = node === PLACEHOLDER.imp && unit.hosts !== 'imp' ? [{ hasImp: true }] : [];
    if (pub !== 'yes' && pubOnly && !perNode) {
      notes.push(`Reported by ${node}; on this version only the publisher has a ${unit.display} certificate.`);
      if (!changes.some((c) => c.node === b.topo.publisher)) changes.push({ node: b.topo.publisher, when: [] });
      continue;
    }
    if (pub !== 'yes' && pubOnly && perNode && perNode.v === 'unknown') when = [...when, { version: perNode.s.versions }];
    if (!changes.some((c) => c.node === node)) changes.push({ node, when });
  }
  if (perNode?.v === 'yes' && unit.key === 'capf') notes.push('Before 14 every node has a CAPF certificate but only the publisher\'s is used.');
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

function partnerSteps(b: PlanBuilder, key: string, units: UnitKey[], timing: PartnerTiming, reuseConds: Cond[]): PlanStep[] {
  const out: PlanStep[] = [];
  for (const p of PARTNERS.filter((x) => x.timing === timing && x.units.some((u) => units.includes(u)))) {
    const viaReuse = !p.units.some((u) => units[0] === u);
    const unitKey = units.find((u) => p.units.includes(u)) ?? p.units[0]!;
    const shown = UNIT_RULES[unitKey].display;
    // What the partner trusts follows the signing when it is known (no self-signed/CA-signed hedge then).
    const signing = b.view.signingOf(unitKey);
    const give = signing === 'self-signed' ? `the new ${shown} certificate`
      : signing === 'ca-signed' || signing === 'multi-san' ? `the CA chain of the new ${shown} certificate (nothing to add if it already trusts that CA)`
        : `the new ${shown} certificate (self-signed) or its CA chain (CA-signed)`;
    const named = (text: string): string => text.replaceAll('{unit}', shown).replaceAll('{give}', give);
    const nodes = p.runsOn === 'imp-nodes' ? (b.topo.imp.length ? b.topo.imp : [PLACEHOLDER.imp]) : p.runsOn === 'publisher' ? [b.topo.publisher] : [p.runsOn];
    const services = p.restartOnImp ? [{ action: 'restart' as const, service: SERVICES[p.restartOnImp], nodes }] : [];
    const step = b.add('partners', {
      key: `${key}-${p.key}`, title: named(p.title), action: named(p.action), gui: p.gui,
      commands: [...(p.commands ?? []), ...services.map((s) => `utils service restart ${s.service}`)],
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
  const etokenCtl = b.holds([{ version: { to: '12.5' } }, { securityMode: 'mixed' }, { ctlSigner: 'etoken' }]) === 'yes';
  return below12 || etokenCtl ? '4.2-itlrecovery-214231' : unit.rule;
}

/** The change itself: one branch per signing (brief 4.1.2), each node its own step. */
function changeSteps(b: PlanBuilder, key: string, work: OwnWork, changes: NodeChange[], anchor: TrustAnchor | null, ctlRelevant: boolean, warnings: string[], reuseCondsForCtl: boolean): PlanStep[] {
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
  const validity = unit.key === 'itlrecovery' ? 'Not After about 20 years ahead'
    : below14 === 'yes' ? 'Not After about 5 years ahead, or your CA\'s validity' : 'Not After later than before';
  const expectFor = (node: string): string => `\`show cert own ${unit.display}/${unit.file}\` on ${node} shows the new validity (${validity}).`;
  const ctl = ctlRelevant && !reuseCondsForCtl;
  // Self-signed: regenerate (or fallback chosen by the admin).
  const regenWhen: Cond[] = fallback || only ? [] : [{ signing: { unit: unit.key, in: ['self-signed'] } }];
  const fallbackWarning = fallback && signing !== 'self-signed' && !only
    ? [`You chose to fall back to self-signed: if this ${unit.display} certificate is CA-signed or multi-server SAN, regenerating replaces it with a self-signed one, and MRA, SSO, Finesse and TLS peers that trust only your CA break until they trust the new certificate.`]
    : [];
  const gui = certGui(unit);
  // The CA chain's store and the unit name `set cert import trust` takes for it (tomcat-ECDSA's chain: tomcat-trust).
  const trust = unit.trustStore ?? `${unit.display}-trust`;
  const trustUnit = trust.replace(/-trust$/i, '');
  const sanPub = sanPublisher(b, unit);
  const sanPubText = unit.hosts === 'imp' ? 'the IM&P publisher' : 'the publisher';
  for (const c of changes) {
    push(b.add('change', {
      key: `${key}-regen-${c.node}`, title: `Regenerate ${unit.display} on ${c.node}`,
      action: '',
      commands: [`set cert regen ${unit.display}`], gui: [`${gui} > Find > ${unit.display} (${c.node}) > Regenerate`],
      nodes: [c.node], warnings: [...warnings, ...fallbackWarning], why: [mainRule(b, unit), '4.1.2-signing', '4.1.1-one-anchor'], anchors,
      expect: [expectFor(c.node)],
      effects: { change: { unit: unit.display, store: 'own', method: 'regen', nodes: [c.node], signing: 'self-signed', ctlRelevant: ctl } },
      when: [...regenWhen, ...c.when],
    }));
  }
  if (fallback) return out;
  // CA-signed per node: CSR, signed by the CA, chain into <unit>-trust, signed certificate uploaded.
  if (unit.signings.includes('ca-signed')) {
    const caWhen: Cond[] = [{ signing: { unit: unit.key, in: ['ca-signed'] } }];
    const nodes = changes.map((c) => c.node);
    push(b.add('change', {
      key: `${key}-csr`, title: `A CSR for ${unit.display} on ${nodes.join(', ')}, signed by your CA`,
      action: 'Before the window; same key type and length, the node\'s FQDN as subject/SAN.',
      commands: [`set csr gen ${unit.display}`],
      gui: [`${gui} > Generate CSR (Purpose ${unit.display}, Distribution: the node), then Download CSR`],
      nodes, why: ['4.1.2-signing', '4.1.2-no-regen-ca'], when: caWhen,
      warnings: [`Never \`set cert regen ${unit.display}\` a CA-signed certificate: it becomes self-signed.`],
      expect: ['The CA returned each node\'s signed certificate and its chain.'],
    }));
    push(b.add('change', {
      key: `${key}-chain`, title: `Upload the CA chain to ${trust}`,
      action: 'Root first, then intermediates; skip those already there.',
      commands: [`set cert import trust ${trustUnit}`],
      gui: [`${gui} > Upload Certificate/Certificate chain (Certificate Purpose: ${trust})`],
      nodes: [unit.hosts === 'imp' ? sanPub : b.topo.publisher], why: ['4.1.2-signing'], when: caWhen,
      expect: [`\`show cert list trust\` lists them in ${trust} on every node.`],
      effects: { change: { unit: `${trust}`, store: 'trust', method: 'trust-upload', nodes: allScopeNodes(b, unit), signing: 'unknown', ctlRelevant: false } },
    }));
    for (const c of changes) {
      push(b.add('change', {
        key: `${key}-upload-${c.node}`, title: `Upload the CA-signed ${unit.display} certificate on ${c.node}`,
        action: '',
        commands: [`set cert import own ${unit.display}`],
        gui: [`${gui} > Upload Certificate/Certificate chain (Purpose ${unit.display}) on ${c.node}`],
        nodes: [c.node], warnings, why: [unit.rule, '4.1.2-signing', '4.1.1-one-anchor'], anchors, expect: [expectFor(c.node)],
        effects: { change: { unit: unit.display, store: 'own', method: 'csr-upload', nodes: [c.node], signing: 'ca-signed', ctlRelevant: ctl } },
        when: [...caWhen, ...c.when],
      }));
    }
  }
  // Multi-server SAN: one CSR on the publisher (the IM&P publisher for IM&P units), uploaded once, covering every node.
  if (unit.signings.includes('multi-san')) {
    // When signing is unknown, offer the multi-SAN branch only where it exists; a declared multi-SAN is trusted as is.
    const msWhen: Cond[] = [{ signing: { unit: unit.key, in: ['multi-san'] } }, ...(signing === 'unknown' && unit.multiSanFrom ? [{ version: { from: unit.multiSanFrom } }] : [])];
    const every = allScopeNodes(b, unit);
    push(b.add('change', {
      key: `${key}-ms-csr`, title: `One multi-server (SAN) CSR for ${unit.display} on ${sanPubText}, signed by your CA`,
      action: `Before the window (nothing changes yet): every ${unit.hosts === 'imp' ? 'IM&P node' : `node${unit.hosts === 'cucm-and-imp' ? ' (IM&P included)' : ''}`} listed as a SAN.`,
      gui: [`${gui} > Generate CSR (Purpose ${unit.display}, Distribution Multi-server(SAN)), then Download CSR`],
      nodes: [sanPub], why: ['4.1.2-signing', '4.1.2-no-regen-ca'], when: msWhen,
      // Self-signed multi-SAN exists from 14 only: no such hint on a cluster known to be older.
      warnings: b.holds([{ version: { from: '14' } }]) === 'no' ? [] : [`A self-signed multi-server certificate (14+): ${gui} > Generate Self-signed (Distribution: Multi-server(SAN)) instead; never \`set cert regen\`.`],
      expect: ['The CA returned one signed certificate listing every node as a SAN.'],
    }));
    push(b.add('change', {
      key: `${key}-ms-chain`, title: `Upload the CA chain to ${trust}`,
      action: 'Root first, then intermediates; skip those already there.',
      commands: [`set cert import trust ${trustUnit}`], gui: [`${gui} > Upload Certificate/Certificate chain (Certificate Purpose: ${trust})`],
      nodes: [sanPub], why: ['4.1.2-signing'], when: msWhen,
      expect: [`\`show cert list trust\` lists them in ${trust}.`],
      effects: { change: { unit: `${trust}`, store: 'trust', method: 'trust-upload', nodes: every, signing: 'unknown', ctlRelevant: false } },
    }));
    push(b.add('change', {
      key: `${key}-ms-upload`, title: `Upload the multi-server ${unit.display} certificate once, on ${sanPubText}`,
      action: `It is copied to every node (${every.join(', ')}): the restarts below are on every node.`,
      gui: [`${gui} > Upload Certificate/Certificate chain (Purpose ${unit.display})`],
      nodes: [sanPub], warnings,
      why: [unit.rule, '4.1.2-signing', '4.1.1-one-anchor'], anchors,
      expect: every.map(expectFor),
      effects: { change: { unit: unit.display, store: 'own', method: 'multi-san-upload', nodes: every, signing: 'multi-san', ctlRelevant: ctl } },
      when: msWhen,
    }));
  }
  return out;
}

function unitNotes(b: PlanBuilder, unit: UnitRule, at: 'change' | 'restart'): string[] {
  return unit.notes.filter((n) => (n.at ?? 'change') === at).map((n) => {
    const h = b.holds(n.when);
    if (h === 'no') return null;
    return h === 'unknown' ? `If ${n.when ? 'it applies to your version/configuration' : ''}: ${n.text}`.replace('If : ', '') : n.text;
  }).filter((x): x is string => x !== null);
}

export function expiredWarnings(unit: UnitKey, expired: boolean): string[] {
  if (!expired) return [];
  const out = ['This certificate has already expired: it can still be regenerated or replaced, but the outage lasts until it is (brief 4.6).'];
  if (unit === 'capf') {
    out.push('An expired CAPF blocks phones that use LSCs (authenticated or encrypted profile, 802.1x, VPN) until they get a new LSC. Re-issue only works once the new CAPF is in the ITL and the phone trusts the ITL signer; if the phones\' MICs have expired too, "By Existing Certificate (MIC)" fails: use an authentication string. Do not assign certificates to phones except wireless 7921/7925, which authenticate with a third-party CA.');
  }
  return out;
}

/** Build the stage(s) for one own unit: one stage, or one per TFTP node on the ordered-TFTP route. */
export function buildOwnStages(b: PlanBuilder, work: OwnWork, index: number, opts: StageOptions): StageDraft[] {
  const unit = work.unit;
  if (unit.key === 'itlrecovery') return [buildItlRecoveryStage(b, work, index, opts)];
  if (opts.orderedTftp && (unit.key === 'callmanager' || unit.key === 'callmanager-ecdsa')) return buildOrderedTftpStages(b, work, index, opts);
  return [buildOwnStage(b, work, index, opts)];
}

function buildOwnStage(b: PlanBuilder, work: OwnWork, index: number, opts: StageOptions): StageDraft {
  const unit = work.unit;
  const key = unit.key;
  const reuse = unit.key === 'tomcat' ? b.holds(TOMCAT_REUSED_AS_CALLMANAGER) : 'no';
  const reuseConds: Cond[] = reuse === 'unknown' ? [...TOMCAT_REUSED_AS_CALLMANAGER] : [];
  const { changes, stageConds, notes } = nodeChanges(b, work);
  // Before 14 only the publisher's CAPF is used (brief 4.2): a subscriber's is regenerated with no CTL update, no CAPF
  // restart, no phone reset and no LSC or partner work (review m1). From 14 a subscriber's alarm is moved to the publisher.
  const unusedCapf = unit.key === 'capf' && changes.length > 0 && changes.every((c) => b.topo.isPublisher(c.node) === 'no');
  const anchor: TrustAnchor | null = unusedCapf ? null : unit.anchor ?? (reuse !== 'no' ? 'CallManager' : null);
  const title = reuse === 'yes' ? 'tomcat (reused as CallManager)' : reuse === 'unknown' ? 'tomcat (CallManager rules if reused)' : unit.display;
  const stage: StageDraft = { index, title, unit: unit.display, anchor, nodes: changes.map((c) => c.node) };
  b.stage = index;
  if (changes.length === 0) {
    b.add('change', {
      key: `${key}-none`, title: `No ${unit.display} certificate to change on this version`,
      action: `${notes.join(' ')} Check with \`show cert list own\` which certificate the alarm refers to.`,
      commands: ['show cert list own'], nodes: [b.topo.publisher], why: ['4.2-scope'],
    });
    return stage;
  }
  b.within(stageConds, () => {
    const cmUnits: UnitKey[] = reuse !== 'no' ? [unit.key, 'callmanager'] : [unit.key];
    const reuseWarn = reuse === 'yes' ? ['tomcat is reused as CallManager: every CallManager rule applies (CTL update, restarts, phone resets).']
      : reuse === 'unknown' ? ['If the tomcat certificate is reused as CallManager (14+), this is a CallManager change: the conditional CallManager steps below then apply.'] : [];
    // On 14+ the step's first action sets "Phone Interaction on Certificate Update" to manual: no warning repeats why.
    const unusedWarn = unusedCapf ? ['Before 14 only the publisher\'s CAPF certificate is used: this subscriber\'s CAPF is regenerated with no CTL update, no CAPF restart, no phone reset and no LSC work.'] : [];
    const warnings = [...reuseWarn, ...notes, ...unusedWarn, ...unitNotes(b, unit, 'change'), ...expiredWarnings(unit.key, opts.expired)];
    if (work.mergedCallManager) warnings.push('The CallManager alarm for these nodes is this same certificate: one change covers both.');
    if (anchor) b.within(reuse === 'unknown' ? reuseConds : [], () => phoneInteractionSteps(b, key, 'start'));
    partnerSteps(b, key, cmUnits, 'before-change', reuseConds);
    const ctlRelevant = !unusedCapf && (unit.ctlRelevant || reuse !== 'no');
    changeSteps(b, key, work, changes, anchor, ctlRelevant, warnings, false);
    // Mixed mode: the CTL update after the last node's change, before any restart or reset (brief 4.1.4).
    if (ctlRelevant) {
      // Tokenless wording only where the CTL may be tokenless (review m2: not in eToken plans).
      const w = anchor === 'CallManager' && changes.some((c) => b.topo.isPublisher(c.node) !== 'no') && b.holds([{ version: { from: '10.0', to: '11.5' } }, { ctlSigner: 'tokenless' }]) !== 'no'
        ? ['On 10.x-11.x the tokenless CTL is signed with the publisher\'s CallManager key, which has just changed: phones accept the new CTL through TVS, so TVS must be running on every node.'] : [];
      b.within(reuseConds, () => ctlUpdateSteps(b, key, [reuse !== 'no' ? '4.1.3-tomcat-reuse' : unit.rule], w));
    }
    b.within(reuseConds, () => partnerSteps(b, key, reuse !== 'no' ? ['callmanager'] : cmUnits, 'before-restart', []));
    // Restarts, node by node, publisher first.
    const multiSan = b.holds([{ signing: { unit: unit.key, in: ['multi-san'] } }]);
    const changed = multiSan === 'yes' ? b.topo.order([...allScopeNodes(b, unit), ...changes.map((c) => c.node)]) : changes.map((c) => c.node);
    // A multi-SAN certificate is every node's: the step names them all, not only the node that reported it.
    stage.nodes = changed;
    const items: RestartItem[] = unusedCapf ? [] : unit.restarts.map((r) => ({ ...r }));
    if (reuse !== 'no') {
      for (const r of UNIT_RULES.callmanager.restarts) items.push({ ...r, when: [...reuseConds, ...(r.when ?? [])], why: '4.1.3-tomcat-reuse' });
    }
    const restarts = restartSteps(b, key, items, changed);
    if (multiSan === 'unknown') {
      const extra = allScopeNodes(b, unit).filter((n) => !changed.includes(n));
      const msItems = items.filter((r) => r.on === 'changed').map((r) => ({ ...r, when: [{ signing: { unit: unit.key, in: ['multi-san' as const] } }, ...(r.when ?? [])] }));
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

/**
 * What `show itl` must show after this step. Up to 11.5 each TFTP node signs its ITL with its own (RSA) CallManager key:
 * after a CallManager change the signer is that new certificate, not the one recorded before (review defect: a gate that
 * could never pass). From 12.0 ITLRecovery signs and stays the recorded signer.
 */
function itlGateCheck(b: PlanBuilder, unit: UnitRule): string {
  const lists = 'verifies and lists the new serial';
  if (unit.key !== 'callmanager') return `Each TFTP node: \`show itl\` ${lists}; signer as recorded.`;
  const below12 = b.holds([{ version: { to: '11.5' } }]);
  if (below12 === 'yes') return `Each TFTP node: \`show itl\` ${lists}; signed by the node's new CallManager.`;
  if (below12 === 'no') return `Each TFTP node: \`show itl\` ${lists}; signer (ITLRecovery) as recorded.`;
  return `Each TFTP node: \`show itl\` ${lists}; signer the node's new CallManager up to 11.5, ITLRecovery from 12.0.`;
}

function verifyGate(b: PlanBuilder, key: string, unit: UnitRule, nodes: string[], itl: boolean, ctl: boolean, work: OwnWork): void {
  const mixed = b.holds([{ securityMode: 'mixed' }]);
  const commands = [`show cert own ${unit.display}/${unit.file}`, ...(itl ? ['show itl'] : []), ...(ctl && mixed !== 'no' ? ['show ctl'] : [])];
  const expect = [
    `On ${nodes.join(', ')}: \`show cert own ${unit.display}/${unit.file}\` shows the new expiry.`,
    ...(itl ? [itlGateCheck(b, unit)] : []),
    ...(ctl && mixed !== 'no' ? [`${mixed === 'unknown' ? 'Mixed mode only: ' : ''}\`show ctl\` verifies and lists the new serial numbers.`] : []),
    // IM&P units touch no phone: their own checks replace the registration count (review M8).
    ...(unit.verify ?? ['Registered-device counts per node are back to the baseline.']),
    ...(b.holds([{ version: { from: '14' } }]) !== 'no' && itl ? ['14+: no mismatch in the ITL File Status report (Cisco Unified CM Administration > Device > Phone).'] : []),
    ...work.copies.map((c) => `The copy ${c.certificate} in ${c.store} (reported by ${c.reportedBy.join(', ') || 'the alarm'}) now shows the new expiry in \`show cert list trust\`.`),
  ];
  gateStep(b, key, `Verify ${unit.display} before going on`, {
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
    b.applyRule('4.2-capf-lsc', 'A subscriber\'s CAPF before 14 is unused: regenerated, no LSC work.');
    return;
  }
  const pubNode = changes.find((c) => b.topo.isPublisher(c.node) !== 'no')?.node ?? b.topo.publisher;
  const condition = pub.some((p) => p === 'yes') ? undefined : { items: ['nodes'], text: `Only if ${pubNode} is the publisher (check: \`show network cluster\`); a subscriber's CAPF before 14 needs no LSC work.` };
  // The partners that validate LSCs (ISE, ASA) or hold CAPF-issued certificates trust the new CAPF first (review B3).
  b.within([], () => partnerSteps(b, key, ['capf'], 'before-lsc', []), condition);
  const when: Cond[] = [{ lsc: ['capf'] }];
  b.add('phones', {
    key: `${key}-lsc`, title: 'Re-issue every CAPF-issued LSC (before the old CAPF expires)',
    action: 'Certificate Operation Install/Upgrade, Authentication Mode "By Existing Certificate (precedence to LSC)"; BAT for many phones.',
    gui: [
      'Cisco Unified CM Administration > Device > Phone > (phone) > CAPF Information > Install/Upgrade',
      'Cisco Unified CM Administration > Bulk Administration > Phones > Update Phones',
    ],
    nodes: [pubNode],
    warnings: [
      'Runs in the background for days, beside the next step; done before the old CAPF expires (checked in the clean-up).',
      '"By Null String" gives no security: only when nothing else works.',
      ...expiredWarnings('capf', opts.expired),
    ],
    why: ['4.2-capf-lsc'], when, condition,
    expect: ['Every phone that had a CAPF-issued LSC shows a new LSC issued by the new CAPF.'],
    effects: { lscReissue: true },
  });
}

/**
 * ITLRecovery, keyed by version and CTL signer (214231 "ITLRecovery Certificate"; review B2, M1, m10):
 * - below 12.0 neither the ITL nor the CTL is signed by ITLRecovery, and with eTokens (to 12.5) the CTL is signed by the
 *   tokens: regenerate, update the CTL in mixed mode, restart TVS (publisher first) then TFTP, reset phones;
 * - 12.0+ non-secure or tokenless: ITLRecovery signs the ITL (and the CTL): the two-phase local-key recipe, with the
 *   TVS and TFTP restarts before the second phone reset.
 */
function buildItlRecoveryStage(b: PlanBuilder, work: OwnWork, index: number, opts: StageOptions): StageDraft {
  const unit = work.unit;
  const key = unit.key;
  const { changes, stageConds, notes } = nodeChanges(b, work);
  const stage: StageDraft = { index, title: unit.display, unit: unit.display, anchor: 'ITLRecovery', nodes: changes.map((c) => c.node) };
  b.stage = index;
  if (changes.length === 0) {
    b.add('change', {
      key: `${key}-none`, title: 'No ITLRecovery certificate on this version',
      action: `${notes.join(' ')} Check with \`show cert list own\` which certificate the alarm refers to.`,
      commands: ['show cert list own'], nodes: [b.topo.publisher], why: ['4.2-scope'],
    });
    return stage;
  }
  b.within(stageConds, () => {
    const warnings = [
      'Start only after CallManager is done and the new CTL has reached the phones (previous gates passed).',
      ...notes, ...unitNotes(b, unit, 'change'), ...expiredWarnings(key, opts.expired),
    ];
    phoneInteractionSteps(b, key, 'start');
    changeSteps(b, key, work, changes, 'ITLRecovery', false, warnings, false);
    const changed = changes.map((c) => c.node);
    const tvsThenTftp = (k: string, why: string): void => {
      restartSteps(b, `${k}-tvs`, [{ service: 'tvs', on: 'all-cucm', why }], changed);
      restartSteps(b, `${k}-tftp`, [{ service: 'tftp', on: 'tftp', why }], changed);
    };
    const mixed = b.holds([{ securityMode: 'mixed' }]) !== 'no';
    // Below 12.0, or an eToken CTL before 14: the CTL is updated (not re-signed) and the ITL keeps its signer.
    const oneRound = (k: string, conds: Cond[], itlSigner: string): void => b.within(conds, () => {
      ctlUpdateSteps(b, k, ['4.2-itlrecovery-214231']);
      tvsThenTftp(k, '4.2-itlrecovery-214231');
      phoneResetStep(b, k, ['4.2-itlrecovery-214231']);
      partnerSteps(b, k, ['itlrecovery'], 'after', []);
      gateStep(b, k, 'Verify ITLRecovery before going on', {
        commands: ['show cert own ITLRecovery/ITLRecovery.pem', 'show itl', ...(mixed ? ['show ctl'] : [])],
        nodes: b.topo.order([...changed, ...b.topo.tftp]), why: ['4.2-itlrecovery-214231'], phoneItl: true,
        expect: [
          '`show cert own ITLRecovery/ITLRecovery.pem` shows the new expiry on every changed node.',
          `\`show itl\` on every TFTP node lists the new ITLRecovery serial and verifies; ${itlSigner}.`,
          ...(mixed ? [`${b.holds([{ securityMode: 'mixed' }]) === 'unknown' ? 'Mixed mode only: ' : ''}\`show ctl\` lists the new ITLRecovery serial and verifies; its signer is unchanged.`] : []),
          'Registered-device counts back to the baseline.',
        ],
      });
    });
    oneRound(`${key}-pre12`, [{ version: { to: '11.5' } }], 'the signer is unchanged (the CallManager certificate of that TFTP node)');
    oneRound(`${key}-etoken`, [{ version: { from: '12.0', to: '12.5' } }, { securityMode: 'mixed' }, { ctlSigner: 'etoken' }], 'it is now signed by the new ITLRecovery certificate');
    // 12.0+: ITLRecovery signs the ITL (and the tokenless CTL): phones must first accept a locally signed file.
    b.within([{ version: { from: '12.0' } }, { anyOf: [{ securityMode: 'non-secure' }, { ctlSigner: 'tokenless' }, { version: { from: '14' } }] }], () => {
      const pub = [b.topo.publisher];
      b.add('update-ctl', {
        key: `${key}-itl-localkey`, title: 'Sign the ITL with the local key (non-secure)',
        action: 'On the publisher, have the ITL signed with the local key so phones accept the ITL that the new ITLRecovery will sign.',
        commands: ['utils itl reset localkey'], nodes: pub, why: ['4.2-itlrecovery'],
        expect: ['The command reports success; `show itl` shows the temporary signer.'],
        effects: { resetLocalkey: 'itl' }, when: [{ securityMode: 'non-secure' }],
      });
      b.add('update-ctl', {
        key: `${key}-ctl-localkey`, title: 'Sign the CTL with the local key (mixed mode, tokenless)',
        action: 'On the publisher, have the CTL signed with the local key so phones accept the CTL that the new ITLRecovery will sign.',
        commands: ['utils ctl reset localkey'], nodes: pub, why: ['4.2-itlrecovery'],
        expect: ['The command reports success; `show ctl` shows the temporary signer.'],
        effects: { resetLocalkey: 'ctl' }, when: [{ securityMode: 'mixed' }],
      });
      phoneResetStep(b, `${key}-1`, ['4.2-itlrecovery'], { title: 'Reset phones in batches and wait (first pass)' });
      ctlUpdateSteps(b, key, ['4.2-itlrecovery']);
      tvsThenTftp(key, '4.2-itlrecovery');
      phoneResetStep(b, `${key}-2`, ['4.2-itlrecovery'], { title: 'Reset phones in batches again and wait (second pass)' });
      nonSbdCtlDeleteStep(b, key, [{ anyOf: [{ ctlSigner: 'tokenless' }, { version: { from: '14' } }] }]);
      partnerSteps(b, key, ['itlrecovery'], 'after', []);
      gateStep(b, key, 'Verify ITLRecovery before going on', {
        commands: ['show cert own ITLRecovery/ITLRecovery.pem', 'show itl', ...(mixed ? ['show ctl'] : [])],
        nodes: b.topo.order([...changed, ...b.topo.tftp]), phoneItl: true,
        expect: ['`show cert own ITLRecovery/ITLRecovery.pem` shows the new expiry.', '`show itl` on every TFTP node is signed by the new ITLRecovery certificate and verifies.', ...(mixed ? ['In mixed mode `show ctl` verifies with the new signer.'] : []), 'Registered-device counts back to the baseline.'],
      });
    });
    phoneInteractionSteps(b, key, 'end');
  });
  return stage;
}

/** Ordered TFTP route (brief 4.3): each TFTP node's CallManager certificate in a stage of its own, TFTP stopped on it. */
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
    stages.push({ index: i, title: `${unit.display} on TFTP server ${node} (ordered TFTP)`, unit: unit.display, anchor: unit.anchor, nodes: [node] });
    b.add('protect-itl', {
      key: `${key}-tftp-stop`, title: `Stop Cisco Tftp on ${node}`,
      action: `Stop TFTP on ${node} so that phones fetch their ITL from the next TFTP server while ${node}'s certificate changes.`,
      commands: [`utils service stop ${SERVICES.tftp}`], nodes: [node], why: ['4.3-ordered-tftp'],
      expect: [`Cisco Tftp [STOPPED] on ${node}.`],
      effects: { services: [{ action: 'stop', service: SERVICES.tftp, nodes: [node] }] },
      warnings: ['Change only this TFTP server\'s certificate now; never two TFTP servers at once on this route.'],
    });
    changeSteps(b, key, { ...work, nodes: [node] }, [{ node, when: [] }], unit.anchor, true, [...unitNotes(b, unit, 'change'), ...expiredWarnings(unit.key, opts.expired)], false);
    ctlUpdateSteps(b, key, [unit.rule]);
    partnerSteps(b, key, [unit.key], 'before-restart', []);
    phoneResetStep(b, `${key}-1`, ['4.3-ordered-tftp'], { title: 'Reset phones so they fetch the ITL from the other TFTP server, and wait' });
    b.add('restart', {
      key: `${key}-tftp-start`, title: `Start Cisco Tftp on ${node} again`,
      action: `Once the phones are registered again, start TFTP on ${node}.`,
      commands: [`utils service start ${SERVICES.tftp}`], nodes: [node], why: ['4.3-ordered-tftp'],
      expect: [`Cisco Tftp [STARTED] on ${node}.`],
      effects: { services: [{ action: 'start', service: SERVICES.tftp, nodes: [node] }] },
    });
    restartSteps(b, key, unit.restarts.filter((r) => r.on === 'changed' || r.service === 'tvs').map((r) => ({ ...r, on: 'changed' as const })), [node]);
    phoneResetStep(b, `${key}-2`, ['4.3-ordered-tftp'], { title: 'Reset phones again and wait' });
    verifyGate(b, key, unit, [node], true, true, work);
    i++;
  }
  if (others.length) {
    const st = buildOwnStage(b, { ...work, nodes: others }, i, { ...opts, orderedTftp: false });
    stages.push({ ...st, title: `${unit.display} on the other nodes` });
  } else if (stages.length) {
    partnerSteps(b, unit.key, [unit.key], 'after', []);
  }
  return stages;
}
