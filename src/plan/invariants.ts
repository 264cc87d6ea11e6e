// Safety invariants of a plan (issue 4 "Tests"), each a named check returning violations; used by tests and callers.
import { ownValue } from '../domain/own-key.js';
import { isKnownService, SERVICES, TOMCAT_SERVICES_FROM_14 } from './rules/services.js';
import { isImpUnit } from './rules/units.js';
import type { Plan, PlanStep } from './types.js';
import { parseVersion, versionInRange } from './version.js';

export interface InvariantViolation {
  invariant: string;
  stepId?: string;
  message: string;
}

type Check = (plan: Plan) => InvariantViolation[];

function allSteps(plan: Plan): PlanStep[] {
  return plan.phases.flatMap((p) => p.steps);
}

function restarts(s: PlanStep): boolean {
  return s.effects.services.some((a) => a.action === 'restart' || a.action === 'start');
}

const CTL_ANCHORS = new Set(['CallManager', 'CallManager-ECDSA', 'CAPF']);
const REGEN = /^set cert regen (\S+)/i;
const SERVICE_CMD = /^utils service (stop|start|restart) (.+)$/i;

/** 4.1.1: no step changes two trust anchors (nor regenerates two units). */
export const noStepChangesTwoAnchors: Check = (plan) =>
  allSteps(plan).flatMap((s) => {
    const regen = new Set(s.commands.map((c) => REGEN.exec(c)?.[1]?.toLowerCase()).filter(Boolean));
    if (s.anchors.length > 1 || regen.size > 1) {
      return [
        {
          invariant: 'noStepChangesTwoAnchors',
          stepId: s.id,
          message: `step ${s.number} changes ${[...s.anchors, ...regen].join(' + ')}`,
        },
      ];
    }
    return [];
  });

/** 4.1.4: in mixed mode each CallManager/CAPF stage updates the CTL after its last change and before restarts and
 * resets. */
export const ctlUpdateBeforeRestarts: Check = (plan) => {
  const mode = plan.context.securityMode;
  if (mode === 'non-secure') return [];
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  for (const stage of plan.stages) {
    const idx = steps.map((s, i) => ({ s, i })).filter((x) => x.s.stage === stage.index);
    const changes = idx.filter(
      (x) =>
        x.s.effects.change?.store === 'own' &&
        (x.s.effects.change.ctlRelevant || x.s.anchors.some((a) => CTL_ANCHORS.has(a))),
    );
    if (!changes.length) continue;
    const first = changes[0]!.i;
    const last = changes[changes.length - 1]!.i;
    const ctl = idx.find((x) => x.i > last && x.s.effects.ctlUpdate);
    if (!ctl) {
      out.push({
        invariant: 'ctlUpdateBeforeRestarts',
        message: `stage ${stage.index} (${stage.title}) changes a CTL certificate but has no CTL update after its last change`,
      });
      continue;
    }
    if (
      mode === 'mixed' &&
      idx.filter((x) => x.i > last && x.s.effects.ctlUpdate).every((x) => x.s.condition?.items.includes('securityMode'))
    ) {
      out.push({
        invariant: 'ctlUpdateBeforeRestarts',
        stepId: ctl.s.id,
        message: `stage ${stage.index}: the CTL update is conditional although the cluster is in mixed mode`,
      });
    }
    for (const x of idx) {
      if (x.i > first && x.i < ctl.i && (restarts(x.s) || x.s.effects.phoneReset)) {
        out.push({
          invariant: 'ctlUpdateBeforeRestarts',
          stepId: x.s.id,
          message: `stage ${stage.index}: step ${x.s.number} restarts services or resets phones before the CTL update (step ${ctl.s.number})`,
        });
      }
    }
  }
  return out;
};

/** The ITLRecovery procedure of 214231 applies: below 12.0, or a mixed cluster with an eToken CTL before 14. */
function itlRecoveryOneRound(plan: Plan): 'yes' | 'no' | 'unknown' {
  const v = parseVersion(plan.context.version);
  const below12 = versionInRange(v, { to: '11.5' });
  if (below12 === 'yes') return 'yes';
  const etoken =
    plan.context.securityMode === 'mixed' && plan.context.ctlSigner === 'etoken'
      ? versionInRange(v, { to: '12.5' })
      : 'no';
  if (etoken === 'yes') return 'yes';
  return below12 === 'unknown' || (plan.context.securityMode !== 'non-secure' && plan.context.ctlSigner === 'unknown')
    ? 'unknown'
    : 'no';
}

/** 4.2: on 12.0+ (non-secure or tokenless) ITLRecovery follows change -> reset localkey -> phones -> Tftp restart or
 * CTL update -> phones -> gate. */
export const itlRecoveryTwoPhase: Check = (plan) => {
  if (itlRecoveryOneRound(plan) === 'yes') return [];
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  const mode = plan.context.securityMode;
  for (const stage of plan.stages) {
    const idx = steps.map((s, i) => ({ s, i })).filter((x) => x.s.stage === stage.index);
    const changes = idx.filter((x) => x.s.anchors.includes('ITLRecovery') && x.s.effects.change?.store === 'own');
    if (!changes.length) continue;
    let at = changes[changes.length - 1]!.i;
    const expectNext = (label: string, pred: (s: PlanStep) => boolean): boolean => {
      const hit = idx.find((x) => x.i > at && pred(x.s));
      if (!hit) {
        out.push({
          invariant: 'itlRecoveryTwoPhase',
          message: `stage ${stage.index} (ITLRecovery): missing ${label} after step ${steps[at]!.number}`,
        });
        return false;
      }
      at = hit.i;
      return true;
    };
    const localkey = (s: PlanStep): boolean =>
      mode === 'mixed'
        ? s.effects.resetLocalkey === 'ctl'
        : mode === 'non-secure'
          ? s.effects.resetLocalkey === 'itl'
          : !!s.effects.resetLocalkey;
    const second = (s: PlanStep): boolean =>
      mode === 'mixed'
        ? !!s.effects.ctlUpdate
        : mode === 'non-secure'
          ? s.effects.services.some((a) => a.service === 'Cisco Tftp' && a.action === 'restart')
          : !!s.effects.ctlUpdate || s.effects.services.some((a) => a.service === 'Cisco Tftp');
    if (!expectNext('the reset localkey', localkey)) continue;
    if (!expectNext('the first phone reset', (s) => !!s.effects.phoneReset)) continue;
    if (!expectNext(mode === 'mixed' ? 'the CTL update' : 'the Tftp restart / CTL update', second)) continue;
    if (!expectNext('the second phone reset', (s) => !!s.effects.phoneReset)) continue;
    expectNext('the verification gate', (s) => !!s.effects.gate);
  }
  return out;
};

/** 4.1.4: no CTL step in a non-secure cluster, and none when only TVS (or nothing CTL-relevant) changes. */
export const noCtlWhereNotNeeded: Check = (plan) => {
  const steps = allSteps(plan);
  const isCtl = (s: PlanStep): boolean => !!s.effects.ctlUpdate || s.commands.some((c) => /^utils ctl /i.test(c));
  if (plan.context.securityMode === 'non-secure') {
    return steps.filter(isCtl).map((s) => ({ invariant: 'noCtlWhereNotNeeded', stepId: s.id, message: `step ${s.number} touches the CTL in a non-secure cluster` }));
  }
  const out: InvariantViolation[] = [];
  for (const stage of plan.stages) {
    const inStage = steps.filter((s) => s.stage === stage.index);
    const changes = inStage.filter((s) => s.effects.change);
    const needsCtl = changes.some((s) => s.effects.change!.ctlRelevant || s.anchors.some((a) => CTL_ANCHORS.has(a)) || s.anchors.includes('ITLRecovery'));
    if (!needsCtl) out.push(...inStage.filter(isCtl).map((s) => ({ invariant: 'noCtlWhereNotNeeded', stepId: s.id, message: `step ${s.number} updates the CTL in stage ${stage.index} (${stage.title}), which changes nothing in the CTL` })));
  }
  const anyNeeds = steps.some(
    (s) => s.stage !== null && (s.effects.change?.ctlRelevant || s.anchors.some((a) => a !== 'TVS')),
  );
  if (!anyNeeds) {
    out.push(
      ...steps
        .filter((s) => s.stage === null && s.phase !== 'if-something-goes-wrong' && isCtl(s))
        .map((s) => ({
          invariant: 'noCtlWhereNotNeeded',
          stepId: s.id,
          message: `step ${s.number} touches the CTL although no step needs it`,
        })),
    );
  }
  return out;
};

/** 4.1.2 / 4.4: no `set cert regen` for a trust store, nor for a CA-signed or multi-SAN certificate without the
 * fallback. */
export const noRegenOfTrustOrCaSigned: Check = (plan) => allSteps(plan).flatMap((s) => {
  const out: InvariantViolation[] = [];
  for (const c of s.commands) {
    const unit = REGEN.exec(c)?.[1];
    if (!unit) continue;
    if (/-trust$/i.test(unit)) out.push({ invariant: 'noRegenOfTrustOrCaSigned', stepId: s.id, message: `step ${s.number} regenerates trust store ${unit}` });
    const signing = plan.context.signing[unit.toLowerCase()];
    if (!plan.context.fallbackToSelfSigned && (signing === 'ca-signed' || signing === 'multi-san')) {
      out.push({ invariant: 'noRegenOfTrustOrCaSigned', stepId: s.id, message: `step ${s.number} regenerates ${unit}, which is ${signing}` });
    }
    if (!plan.context.fallbackToSelfSigned && s.effects.change && s.effects.change.signing !== 'self-signed') {
      out.push({ invariant: 'noRegenOfTrustOrCaSigned', stepId: s.id, message: `step ${s.number} regenerates in its ${s.effects.change.signing} branch` });
    }
  }
  if (s.effects.change?.method === 'regen' && s.effects.change.store === 'trust') out.push({ invariant: 'noRegenOfTrustOrCaSigned', stepId: s.id, message: `step ${s.number} regenerates a trust entry` });
  return out;
});

/** 4.3: the ordered-TFTP route never on 12.0+, with one TFTP server, without the phones' TFTP order, or with multi-SAN
 * CallManager certificates. */
export const orderedTftpOnlyWhereAllowed: Check = (plan) => {
  const used = plan.route.used === 'ordered-tftp' || allSteps(plan).some((s) => s.why.includes('4.3-ordered-tftp'));
  if (!used) return [];
  const out: InvariantViolation[] = [];
  const v = parseVersion(plan.context.version);
  if (versionInRange(v, { from: '8.0', to: '11.5' }) !== 'yes') {
    out.push({
      invariant: 'orderedTftpOnlyWhereAllowed',
      message: `ordered-TFTP route on version ${plan.context.version}`,
    });
  }
  const tftp = plan.context.tftpServers;
  if (tftp === 'unknown' || tftp.length < 2) {
    out.push({
      invariant: 'orderedTftpOnlyWhereAllowed',
      message: `ordered-TFTP route with ${tftp === 'unknown' ? 'an unknown number of' : tftp.length} TFTP server(s)`,
    });
  }
  if (plan.context.tftpOrder !== 'phones') {
    out.push({
      invariant: 'orderedTftpOnlyWhereAllowed',
      message: "ordered-TFTP route without the phones' TFTP order",
    });
  }
  const cmUnits = new Set(plan.stages.filter((st) => /^CallManager/i.test(st.unit)).map((st) => st.unit.toLowerCase()));
  for (const u of cmUnits) {
    const sg = plan.context.signing[u];
    if (sg === 'multi-san' || sg === 'unknown') {
      out.push({
        invariant: 'orderedTftpOnlyWhereAllowed',
        message: `ordered-TFTP route with ${sg} ${u} certificates`,
      });
    }
  }
  return out;
};

/** 4.2 (default order): every TVS change comes after every CallManager change, unless moved ahead for its deadline. */
export const tvsAfterCallManager: Check = (plan) => {
  const steps = allSteps(plan);
  const cm = steps.filter(
    (s) => s.anchors.some((a) => a === 'CallManager' || a === 'CallManager-ECDSA') && s.effects.change,
  );
  // A TVS step moved ahead for its deadline (review M3) is the one allowed exception, and the plan says why.
  const early = new Set(plan.stages.filter((st) => st.movedForDeadline).map((st) => st.index));
  const tvs = steps.filter((s) => s.anchors.includes('TVS') && s.effects.change && !early.has(s.stage ?? -1));
  const lastCm = Math.max(...cm.map((s) => s.number), -1);
  return tvs
    .filter((s) => s.number < lastCm)
    .map((s) => ({
      invariant: 'tvsAfterCallManager',
      stepId: s.id,
      message: `TVS change (step ${s.number}) before a CallManager change (step ${lastCm})`,
    }));
};

/** 4.2: LSC re-issue after a publisher CAPF change when LSCs are CAPF-issued or unknown; never for a subscriber CAPF
 * before 14, nor without CAPF LSCs. */
export const lscReissueAfterPublisherCapf: Check = (plan) => {
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  const pub = plan.context.publisher;
  const lsc = plan.context.lsc;
  const v = parseVersion(plan.context.version);
  for (const stage of plan.stages) {
    const inStage = steps.filter((s) => s.stage === stage.index);
    // By unit, not anchor: a subscriber's CAPF before 14 is no trust anchor in use (review m1).
    const capf = inStage.filter((s) => s.effects.change?.store === 'own' && s.effects.change.unit === 'CAPF');
    if (!capf.length) continue;
    const reissue = inStage.filter((s) => s.effects.lscReissue);
    const onPub = capf.filter((s) => s.effects.change!.nodes.includes(pub));
    if (
      (onPub.length && (lsc === 'capf' || lsc === 'unknown') && !pub.startsWith('[')) ||
      (onPub.length && pub.startsWith('[') && (lsc === 'capf' || lsc === 'unknown'))
    ) {
      const lastPub = Math.max(...onPub.map((s) => s.number));
      if (!reissue.some((s) => s.number > lastPub)) {
        out.push({
          invariant: 'lscReissueAfterPublisherCapf',
          message: `stage ${stage.index}: publisher CAPF changed (step ${lastPub}) with ${lsc} LSCs but no LSC re-issue follows`,
        });
      }
    }
    const subscribersOnly = !pub.startsWith('[') && capf.every((s) => !s.effects.change!.nodes.includes(pub));
    if (subscribersOnly && versionInRange(v, { to: '12.5' }) === 'yes' && reissue.length) {
      out.push({
        invariant: 'lscReissueAfterPublisherCapf',
        stepId: reissue[0]!.id,
        message: `stage ${stage.index}: LSC re-issue for a subscriber CAPF before 14`,
      });
    }
    if ((lsc === 'none' || lsc === 'external-ca') && reissue.length) {
      out.push({
        invariant: 'lscReissueAfterPublisherCapf',
        stepId: reissue[0]!.id,
        message: `stage ${stage.index}: LSC re-issue although LSCs are ${lsc}`,
      });
    }
  }
  return out;
};

/** Every stopped service is explicitly started again later on the same node. */
export const everyStoppedServiceStarted: Check = (plan) => {
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  steps.forEach((s, i) => {
    for (const a of s.effects.services.filter((x) => x.action === 'stop')) {
      for (const node of a.nodes) {
        // An explicit start: a later restart elsewhere in the plan does not count as bringing the service back.
        const again = steps
          .slice(i + 1)
          .some((t) =>
            t.effects.services.some((b) => b.service === a.service && b.action === 'start' && b.nodes.includes(node)),
          );
        if (!again) {
          out.push({
            invariant: 'everyStoppedServiceStarted',
            stepId: s.id,
            message: `${a.service} stopped on ${node} (step ${s.number}) is never started again`,
          });
        }
      }
    }
    for (const c of s.commands) {
      const m = SERVICE_CMD.exec(c);
      if (
        m &&
        m[1]!.toLowerCase() === 'stop' &&
        !s.effects.services.some((x) => x.action === 'stop' && x.service === m[2])
      ) {
        out.push({
          invariant: 'everyStoppedServiceStarted',
          stepId: s.id,
          message: `step ${s.number} stops ${m[2]} without recording it`,
        });
      }
    }
  });
  return out;
};

/** 4.7: every service a plan stops, starts or restarts is named as in the brief's list. */
export const everyRestartNamesKnownService: Check = (plan) =>
  allSteps(plan).flatMap((s) => {
    const names = [
      ...s.effects.services.map((a) => a.service),
      ...s.commands.map((c) => SERVICE_CMD.exec(c)?.[2]).filter((x): x is string => !!x),
    ];
    return names
      .filter((n) => !isKnownService(n))
      .map((n) => ({
        invariant: 'everyRestartNamesKnownService',
        stepId: s.id,
        message: `step ${s.number} names unknown service "${n}"`,
      }));
  });

/** 4.1.5: pre-checks come first. */
export const preChecksFirst: Check = (plan) => {
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  if (steps[0]?.phase !== 'pre-checks') {
    out.push({ invariant: 'preChecksFirst', message: 'the plan does not start with pre-checks' });
  }
  const firstOther = steps.findIndex((s) => s.phase !== 'pre-checks');
  steps.forEach((s, i) => {
    if (s.phase === 'pre-checks' && firstOther >= 0 && i > firstOther) {
      out.push({
        invariant: 'preChecksFirst',
        stepId: s.id,
        message: `pre-check step ${s.number} comes after step ${steps[firstOther]!.number}`,
      });
    }
  });
  return out;
};

/** 4.1.6: a verification gate follows every certificate change, before anything of another stage. */
export const gateFollowsEachChange: Check = (plan) => {
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  steps.forEach((s, i) => {
    if (!s.effects.change) return;
    let ok = false;
    for (let j = i + 1; j < steps.length; j++) {
      const t = steps[j]!;
      if (t.stage !== s.stage && t.effects.change) break;
      if (t.stage === s.stage && t.effects.gate) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      out.push({
        invariant: 'gateFollowsEachChange',
        stepId: s.id,
        message: `no verification gate after the change in step ${s.number}`,
      });
    }
  });
  return out;
};

/** 4.1.1: between two trust-anchor stages the phones re-register (reset + gate) with the new ITL. */
export const phonesReRegisterBetweenAnchors: Check = (plan) => {
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  const anchorSteps = steps
    .map((s, i) => ({ s, i }))
    .filter((x) => x.s.anchors.length && x.s.effects.change && x.s.stage !== null);
  for (let k = 1; k < anchorSteps.length; k++) {
    const prev = anchorSteps[k - 1]!;
    const cur = anchorSteps[k]!;
    if (prev.s.stage === cur.s.stage) continue;
    const between = steps.slice(prev.i + 1, cur.i);
    const reset = between.findIndex((s) => s.effects.phoneReset);
    const gate = between.findIndex((s, j) => j > reset && s.effects.gate);
    if (reset < 0 || gate < 0) {
      out.push({
        invariant: 'phonesReRegisterBetweenAnchors',
        stepId: cur.s.id,
        message: `step ${cur.s.number} changes ${cur.s.anchors.join(',')} without a phone reset and gate after step ${prev.s.number}`,
      });
    }
  }
  return out;
};

/**
 * Review B2 / M1 (214231): below 12.0, and on an eToken CTL before 14, ITLRecovery signs neither the CTL nor (below
 * 12.0) the ITL: no local-key round; the change is followed by the CTL update (mixed), TVS restarted on the publisher,
 * then TFTP, a phone reset and a gate that looks for the new serial (and, below 12.0, an unchanged ITL signer).
 */
export const itlRecoveryByVersion: Check = (plan) => {
  if (itlRecoveryOneRound(plan) !== 'yes') return [];
  const below12 = versionInRange(parseVersion(plan.context.version), { to: '11.5' }) === 'yes';
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  for (const stage of plan.stages) {
    const idx = steps.map((s, i) => ({ s, i })).filter((x) => x.s.stage === stage.index);
    const changes = idx.filter((x) => x.s.anchors.includes('ITLRecovery') && x.s.effects.change?.store === 'own');
    if (!changes.length) continue;
    for (const x of idx.filter(
      (y) => y.s.effects.resetLocalkey || y.s.commands.some((c) => /reset localkey/.test(c)),
    )) {
      out.push({
        invariant: 'itlRecoveryByVersion',
        stepId: x.s.id,
        message: `step ${x.s.number}: a local-key round for ITLRecovery ${below12 ? 'below 12.0' : 'on an eToken CTL'}`,
      });
    }
    const expects = (s: PlanStep): string => s.expect.join(' ');
    for (const x of idx.filter(
      (y) => y.s.effects.gate && below12 && /signed by the new ITLRecovery/.test(expects(y.s)),
    )) {
      out.push({
        invariant: 'itlRecoveryByVersion',
        stepId: x.s.id,
        message: `step ${x.s.number} expects an ITL signed by ITLRecovery below 12.0`,
      });
    }
    const restartOf =
      (name: string, node?: string) =>
      (s: PlanStep): boolean =>
        s.effects.services.some(
          (a) => a.service === name && a.action === 'restart' && (!node || a.nodes.includes(node)),
        );
    const sequence: [string, (s: PlanStep) => boolean][] = [
      ...(plan.context.securityMode === 'mixed'
        ? [['the CTL update', (s: PlanStep) => !!s.effects.ctlUpdate] as [string, (s: PlanStep) => boolean]]
        : []),
      ['the TVS restart on the publisher', restartOf('Cisco Trust Verification Service', plan.context.publisher)],
      ['the TFTP restart', restartOf('Cisco Tftp')],
      ['the phone reset', (s) => !!s.effects.phoneReset],
      [
        'a gate that looks for the new ITLRecovery serial',
        (s) =>
          !!s.effects.gate && /new ITLRecovery serial/.test(expects(s)) && (!below12 || /unchanged/.test(expects(s))),
      ],
    ];
    let at = changes[changes.length - 1]!.i;
    for (const [label, pred] of sequence) {
      const hit = idx.find((x) => x.i > at && pred(x.s));
      if (!hit) {
        out.push({
          invariant: 'itlRecoveryByVersion',
          message: `stage ${stage.index} (ITLRecovery): missing ${label} after step ${steps[at]!.number}`,
        });
        break;
      }
      at = hit.i;
    }
  }
  return out;
};

/**
 * Review B3: partners that validate LSCs or hold CAPF-issued certificates (ISE, ASA, secure CTI users) get the new CAPF
 * before any LSC is re-issued from it; a phone with a new LSC would otherwise fail 802.1x or VPN.
 */
export const capfTrustBeforeLscReissue: Check = (plan) => {
  const steps = allSteps(plan);
  const firstReissue = steps.findIndex((s) => s.effects.lscReissue);
  if (firstReissue < 0) return [];
  return steps
    .slice(firstReissue + 1)
    .filter((s) => s.effects.trustPush === 'CAPF')
    .map((s) => ({
      invariant: 'capfTrustBeforeLscReissue',
      stepId: s.id,
      message: `step ${s.number} gives a partner the new CAPF only after the LSC re-issue (step ${steps[firstReissue]!.number})`,
    }));
};

/**
 * Review M2: below 14 (or when the version is unknown) every trust-anchor stage ends in a gate that checks the ITL on
 * sample phones; a phone that rejected the new ITL still registers through TVS and locks up at the next step.
 */
export const phoneItlCheckBelow14: Check = (plan) => {
  if (versionInRange(parseVersion(plan.context.version), { to: '12.5' }) === 'no') return [];
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  for (const stage of plan.stages) {
    const inStage = steps.filter((s) => s.stage === stage.index);
    const changes = inStage.filter((s) => s.anchors.length && s.effects.change?.store === 'own');
    if (!changes.length) continue;
    const last = changes[changes.length - 1]!.number;
    if (!inStage.some((s) => s.number > last && s.effects.gate && s.effects.phoneItlCheck)) {
      out.push({
        invariant: 'phoneItlCheckBelow14',
        message: `stage ${stage.index} (${stage.title}) changes ${changes[0]!.anchors.join(', ')} on ${plan.context.version} without a gate that checks the ITL on sample phones`,
      });
    }
  }
  return out;
};

/** Review M4: Cisco SSOSP / UDS / AXL Tomcat exist from 14 only: never restarted before 14, conditional on it when
 * unknown. */
export const noTomcat14ServicesBefore14: Check = (plan) => {
  const before14 = versionInRange(parseVersion(plan.context.version), { to: '12.5' });
  if (before14 === 'no') return [];
  return allSteps(plan).flatMap((s) =>
    s.effects.services
      .filter((a) => TOMCAT_SERVICES_FROM_14.has(a.service))
      .filter(() => before14 === 'yes' || !s.condition?.items.includes('version'))
      .map((a) => ({
        invariant: 'noTomcat14ServicesBefore14',
        stepId: s.id,
        message: `step ${s.number} ${a.action}s ${a.service} on ${plan.context.version}${before14 === 'unknown' ? ' without a 14+ condition' : ''}`,
      })),
  );
};

/** Review M5: on 14+ a tomcat change restarts Cisco Tomcat, Cisco AXL Tomcat (where Tomcat restarts), Cisco DRF Master
 * and Cisco DRF Local. */
export const tomcatRestartsCompleteOn14: Check = (plan) => {
  if (versionInRange(parseVersion(plan.context.version), { from: '14' }) !== 'yes') return [];
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  for (const stage of plan.stages) {
    const inStage = steps.filter((s) => s.stage === stage.index);
    if (!inStage.some((s) => s.effects.change?.store === 'own' && /^tomcat/i.test(s.effects.change.unit))) continue;
    const restarted = (name: string): string[] =>
      inStage.flatMap((s) =>
        s.effects.services.filter((a) => a.service === name && a.action === 'restart').flatMap((a) => a.nodes),
      );
    const tomcat = restarted('Cisco Tomcat');
    const axl = restarted('Cisco AXL Tomcat');
    for (const [name, nodes] of [
      ['Cisco Tomcat', tomcat],
      ['Cisco AXL Tomcat', axl],
      ['Cisco DRF Master', restarted('Cisco DRF Master')],
      ['Cisco DRF Local', restarted('Cisco DRF Local')],
    ] as const) {
      if (!nodes.length) {
        out.push({
          invariant: 'tomcatRestartsCompleteOn14',
          message: `stage ${stage.index} (${stage.title}) changes tomcat on ${plan.context.version} without restarting ${name}`,
        });
      }
    }
    for (const n of axl.filter((x) => !tomcat.includes(x))) {
      out.push({
        invariant: 'tomcatRestartsCompleteOn14',
        message: `stage ${stage.index}: Cisco AXL Tomcat restarted on ${n} where Cisco Tomcat is not`,
      });
    }
  }
  return out;
};

/**
 * Review M6 (118893): when the tokenless CTL's signer changes (the publisher's CallManager on 10.x-11.x, ITLRecovery
 * on 12.0+), devices without Security by Default are listed in the pre-checks and have their CTL deleted by hand.
 */
export const nonSbdCtlDeleteWhenSignerChanges: Check = (plan) => {
  const c = plan.context;
  if (c.securityMode === 'non-secure') return [];
  const v = parseVersion(c.version);
  // An eToken CTL is moved to tokenless on 14+ only; below 14 the tokens sign it and the signer does not change.
  const etoken = c.ctlSigner === 'etoken';
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  for (const stage of plan.stages) {
    const inStage = steps.filter((s) => s.stage === stage.index);
    const signer = inStage.filter(
      (s) =>
        s.effects.change?.store === 'own' &&
        ((s.anchors.includes('ITLRecovery') && versionInRange(v, { from: etoken ? '14' : '12.0' }) !== 'no') ||
          (!etoken &&
            s.effects.change.unit === 'CallManager' &&
            s.effects.change.nodes.includes(c.publisher) &&
            versionInRange(v, { from: '10.0', to: '11.5' }) !== 'no')),
    );
    if (!signer.length) continue;
    const last = signer[signer.length - 1]!.number;
    if (!inStage.some((s) => s.number > last && s.effects.manualCtlDelete)) {
      out.push({
        invariant: 'nonSbdCtlDeleteWhenSignerChanges',
        message: `stage ${stage.index} (${stage.title}) changes the CTL signer without deleting the CTL on devices without Security by Default`,
      });
    }
    if (!steps.some((s) => s.phase === 'pre-checks' && s.why.includes('4.1.4-non-sbd'))) {
      out.push({
        invariant: 'nonSbdCtlDeleteWhenSignerChanges',
        message: 'no pre-check lists the devices without Security by Default',
      });
    }
  }
  return out;
};

/**
 * Review M3: the LSC re-issue after a CAPF change may take days and runs beside the next anchor's step: no gate that
 * waits for it stands before a later certificate change.
 */
export const lscReissueDoesNotBlock: Check = (plan) => {
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  steps.forEach((s, i) => {
    if (!s.effects.gate || !s.why.includes('4.2-capf-lsc')) return;
    const later = steps
      .slice(i + 1)
      .find((t) => t.stage !== null && t.stage !== s.stage && t.anchors.length && t.effects.change);
    if (later) {
      out.push({
        invariant: 'lscReissueDoesNotBlock',
        stepId: s.id,
        message: `step ${s.number} waits for every LSC before the ${later.anchors.join(', ')} change of step ${later.number}`,
      });
    }
  });
  return out;
};

const FN70613_ANCHORS = new Set(['CallManager', 'CallManager-ECDSA', 'ITLRecovery']);

/**
 * Review B1 (FN70613): on a mixed tokenless cluster on 12.5+ (or where that is unknown), a plan that changes
 * CallManager
 * or ITLRecovery compares the CTL's ITLRecovery serial with the certificate's in the pre-checks, and runs the FN's
 * workaround before the first such change: CTL reset localkey, restarts, phone reset, phone check; CTL update,
 * restarts, phone reset, phone check.
 */
export const fn70613WorkaroundFirst: Check = (plan) => {
  const c = plan.context;
  if (
    c.securityMode === 'non-secure' ||
    c.ctlSigner === 'etoken' ||
    versionInRange(parseVersion(c.version), { from: '12.5' }) === 'no'
  )
    return [];
  const steps = allSteps(plan);
  const first = steps.findIndex(
    (s) => s.effects.change?.store === 'own' && s.anchors.some((a) => FN70613_ANCHORS.has(a)),
  );
  if (first < 0) return [];
  const out: InvariantViolation[] = [];
  const fn = (s: PlanStep): boolean => s.why.includes('fn70613');
  const pre = steps.find(
    (s) =>
      fn(s) &&
      s.phase === 'pre-checks' &&
      s.commands.includes('show ctl') &&
      s.commands.includes('show cert own ITLRecovery/ITLRecovery.pem'),
  );
  if (!pre) {
    out.push({
      invariant: 'fn70613WorkaroundFirst',
      message:
        'no pre-check compares the ITLRecovery serial in `show ctl` with `show cert own ITLRecovery/ITLRecovery.pem`',
    });
  }
  const restartsBoth = (s: PlanStep): boolean =>
    ['Cisco CallManager', 'Cisco CTIManager'].every((n) =>
      s.effects.services.some((a) => a.service === n && a.action === 'restart'),
    );
  const sequence: [string, (s: PlanStep) => boolean][] = [
    ['`utils ctl reset localkey`', (s) => s.effects.resetLocalkey === 'ctl'],
    ['the CallManager/CTIManager restarts', restartsBoth],
    ['the first phone reset', (s) => !!s.effects.phoneReset],
    ['the first phone check', (s) => !!s.effects.gate],
    ['`utils ctl update CTLFile`', (s) => !!s.effects.ctlUpdate],
    ['the second CallManager/CTIManager restarts', restartsBoth],
    ['the second phone reset', (s) => !!s.effects.phoneReset],
    ['the second phone check', (s) => !!s.effects.gate],
  ];
  let at = -1;
  for (const [label, pred] of sequence) {
    const hit = steps.findIndex((s, i) => i > at && fn(s) && pred(s));
    if (hit < 0 || hit > first) {
      out.push({
        invariant: 'fn70613WorkaroundFirst',
        message: `the FN70613 workaround lacks ${label} before the first CallManager/ITLRecovery change (step ${steps[first]!.number})`,
      });
      break;
    }
    at = hit;
  }
  return out;
};

/**
 * Review M8: an IM&P unit (cup, cup-xmpp, cup-xmpp-s2s, ECDSA variants) is no phone trust anchor: its stage changes no
 * anchor, updates no CTL, resets no phone and restarts only IM&P services: Cisco SIP Proxy on every changed node for
 * cup, Cisco XCP Router on every changed node (every IM&P node) for cup-xmpp*. A plan of IM&P units only has no phone
 * step anywhere, recovery included.
 */
export const impUnitsLeavePhonesAlone: Check = (plan) => {
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  const phoneStep = (s: PlanStep): boolean =>
    !!(
      s.effects.phoneReset ||
      s.effects.ctlUpdate ||
      s.effects.resetLocalkey ||
      s.effects.manualCtlDelete ||
      s.effects.lscReissue ||
      s.anchors.length
    );
  const impStages = plan.stages.filter((st) => isImpUnit(st.unit));
  for (const stage of impStages) {
    const inStage = steps.filter((s) => s.stage === stage.index);
    for (const s of inStage.filter(phoneStep)) {
      out.push({
        invariant: 'impUnitsLeavePhonesAlone',
        stepId: s.id,
        message: `step ${s.number} touches phones, the ITL or the CTL in the ${stage.unit} stage`,
      });
    }
    for (const s of inStage) {
      for (const a of s.effects.services.filter(
        (x) => x.service !== SERVICES.sipProxy && x.service !== SERVICES.xcpRouter,
      )) {
        out.push({
          invariant: 'impUnitsLeavePhonesAlone',
          stepId: s.id,
          message: `step ${s.number} ${a.action}s ${a.service} in the ${stage.unit} stage`,
        });
      }
    }
    const wanted = /^cup-xmpp/i.test(stage.unit) ? SERVICES.xcpRouter : SERVICES.sipProxy;
    const restarted = new Set(
      inStage.flatMap((s) =>
        s.effects.services.filter((a) => a.service === wanted && a.action === 'restart').flatMap((a) => a.nodes),
      ),
    );
    const changed = new Set(inStage.flatMap((s) => (s.effects.change?.store === 'own' ? s.effects.change.nodes : [])));
    for (const n of changed)
      if (!restarted.has(n)) {
        out.push({
          invariant: 'impUnitsLeavePhonesAlone',
          message: `stage ${stage.index} (${stage.unit}) changes ${n} without restarting ${wanted} there`,
        });
      }
  }
  if (plan.stages.length && impStages.length === plan.stages.length) {
    for (const s of steps.filter((x) => x.effects.phoneReset || x.effects.resetLocalkey)) {
      out.push({
        invariant: 'impUnitsLeavePhonesAlone',
        stepId: s.id,
        message: `step ${s.number} resets phones or the ITL/CTL in a plan of IM&P units only`,
      });
    }
  }
  return out;
};

/**
 * Review m1: before 14 only the publisher's CAPF is used; a stage that changes only subscribers' CAPF certificates
 * updates no CTL, restarts no CAPF service, resets no phone and gives no partner (ISE, ASA) a CAPF to trust.
 */
export const subscriberCapfWithoutPhoneWork: Check = (plan) => {
  const pub = plan.context.publisher;
  if (pub.startsWith('[') || versionInRange(parseVersion(plan.context.version), { to: '12.5' }) !== 'yes') return [];
  const steps = allSteps(plan);
  const out: InvariantViolation[] = [];
  for (const stage of plan.stages) {
    const inStage = steps.filter((s) => s.stage === stage.index);
    const capf = inStage.filter((s) => s.effects.change?.store === 'own' && s.effects.change.unit === 'CAPF');
    if (!capf.length || capf.some((s) => s.effects.change!.nodes.includes(pub))) continue;
    for (const s of inStage.filter(
      (x) =>
        x.effects.ctlUpdate ||
        x.effects.phoneReset ||
        x.effects.trustPush ||
        x.effects.lscReissue ||
        x.effects.services.some((a) => a.service === SERVICES.capf),
    )) {
      out.push({
        invariant: 'subscriberCapfWithoutPhoneWork',
        stepId: s.id,
        message: `step ${s.number}: CTL, CAPF restart, phone or partner work for a subscriber CAPF on ${plan.context.version}`,
      });
    }
  }
  return out;
};

export const INVARIANTS: Record<string, Check> = {
  noStepChangesTwoAnchors,
  ctlUpdateBeforeRestarts,
  itlRecoveryTwoPhase,
  noCtlWhereNotNeeded,
  noRegenOfTrustOrCaSigned,
  orderedTftpOnlyWhereAllowed,
  tvsAfterCallManager,
  lscReissueAfterPublisherCapf,
  everyStoppedServiceStarted,
  everyRestartNamesKnownService,
  preChecksFirst,
  gateFollowsEachChange,
  phonesReRegisterBetweenAnchors,
  fn70613WorkaroundFirst,
  itlRecoveryByVersion,
  capfTrustBeforeLscReissue,
  phoneItlCheckBelow14,
  noTomcat14ServicesBefore14,
  tomcatRestartsCompleteOn14,
  nonSbdCtlDeleteWhenSignerChanges,
  lscReissueDoesNotBlock,
  impUnitsLeavePhonesAlone,
  subscriberCapfWithoutPhoneWork,
};

export function checkInvariants(plan: Plan, only: string[] = Object.keys(INVARIANTS)): InvariantViolation[] {
  return only.flatMap((name) => ownValue(INVARIANTS, name)?.(plan) ?? []);
}
