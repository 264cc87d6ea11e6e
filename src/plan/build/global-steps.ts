// The plan's shared phases: pre-checks, protect the ITL (route, eToken move, phone interaction), clean-up, recovery.
import { ownValue } from '../../domain/own-key.js';
import { PRE_CHECKS } from '../rules/pre-checks.js';
import { isImpUnit } from '../rules/units.js';
import { SERVICES } from '../rules/services.js';
import { itlEraseGui } from '../rules/phone-trust-list.js';
import { STATE_CHECKS } from '../rules/state-checks.js';
import { LSC_GATE, OLD_CAPF_DELETE } from '../rules/steps/capf-lsc.js';
import { BASELINE_AFTER, DRS_AFTER } from '../rules/steps/clean-up.js';
import { NON_SBD_PRE_CHECK } from '../rules/steps/ctl.js';
import { OLD_CAPF_CCN } from '../rules/steps/deletions.js';
import { fill } from '../rules/steps/fill.js';
import { EXPORT_AGAIN } from '../rules/steps/itl-recovery.js';
import { ROLLBACK_AUTO_RESET } from '../rules/steps/phones.js';
import {
  FIND_OUT_TITLE,
  ITL_SIGNED_BY_ITLRECOVERY,
  ROLLBACK_PARAM,
  SINGLE_SERVER_GROUP,
} from '../rules/steps/pre-check-steps.js';
import {
  ETOKEN_MOVE_GATE,
  ETOKEN_TO_TOKENLESS,
  ROLLBACK_OFF,
  ROLLBACK_OFF_GATE,
  ROLLBACK_ON,
  ROLLBACK_ON_GATE,
  ROUTE_NOTE,
  ROUTE_ORDERED_TFTP,
  ROUTE_STANDARD,
} from '../rules/steps/protect.js';
import {
  CTL_ETOKEN_RECOVERY,
  CTL_LOCALKEY_RECOVERY,
  ITL_BY_HAND,
  ITL_LOCALKEY_RECOVERY,
  SERVICE_NOT_STARTED,
  STOP_AT_GATE,
} from '../rules/steps/recovery.js';
import { SERVICE_COMMAND } from '../rules/steps/shared.js';
import { stepText } from '../rules/steps/step-text.js';
import type { RouteDecision } from '../types.js';
import type { PlanBuilder } from './builder.js';
import { gateStep, phoneResetStep, restartSteps } from './common-steps.js';

/**
 * Does the plan touch what the phones trust or where they register? Not when every certificate it changes is an IM&P
 * unit (review M8: no phone steps, resets or phone recovery for cup, cup-xmpp, cup-xmpp-s2s). Read from the stage
 * steps, which are built before the shared phases.
 */
export function touchesPhones(b: PlanBuilder): boolean {
  const changes = b
    .stepsIn('stages')
    .map((s) => s.effects.change)
    .filter((c) => c !== undefined);
  return (
    changes.length === 0 ||
    changes.some((c) => !isImpUnit(c.store === 'trust' ? c.unit.replace(/-trust$/i, '') : c.unit))
  );
}

/** Before a plan that changes the tokenless CTL's signer: know which devices will need their CTL deleted by hand
 * (118893). */
export function nonSbdPreCheck(b: PlanBuilder): void {
  b.add('pre-checks', {
    key: 'non-sbd-devices', ...stepText(NON_SBD_PRE_CHECK), nodes: ['administrator'], effects: { gate: true },
  });
}

/**
 * Does the plan change what the phones trust: a trust anchor (the ITL) or the CTL? Not for a partner's entry in a
 * trust store: its pre-checks, clean-up and recovery leave the ITL and CTL out.
 */
export function touchesPhoneTrust(b: PlanBuilder): boolean {
  const stages = b.stepsIn('stages');
  return stages.some((s) => s.anchors.length > 0 || s.effects.ctlUpdate) || stages.every((s) => !s.effects.change);
}

export function preCheckSteps(b: PlanBuilder, unknownItems: string[]): void {
  const topo = b.topo;
  const phones = touchesPhones(b);
  const trust = phones && touchesPhoneTrust(b);
  for (const pc of PRE_CHECKS.filter((x) => (phones || !x.phones) && (trust || !x.phoneTrust))) {
    const nodes =
      pc.runsOn === 'publisher'
        ? [topo.publisher]
        : pc.runsOn === 'each-node'
          ? [...topo.cucm, ...topo.imp]
          : pc.runsOn === 'each-cucm'
            ? [...topo.cucm]
            : pc.runsOn === 'tftp'
              ? topo.tftp
              : ['administrator'];
    const warnings = [...pc.warnings];
    if (pc.key === 'cm-groups' && b.view.cluster.callManagerGroupsRedundant === false) {
      warnings.unshift(SINGLE_SERVER_GROUP);
    }
    b.add('pre-checks', {
      key: pc.key,
      title: pc.title,
      action: pc.action,
      commands: pc.commands.filter((c) => c !== 'show ctl' || b.holds([{ securityMode: 'mixed' }]) !== 'no'),
      gui: pc.gui,
      nodes,
      warnings,
      why: pc.why,
      expect: pc.expect,
      when: pc.when,
      effects: { gate: true },
    });
  }
  const c = b.view.cluster;
  if (c.rollbackToPre8 !== false && trust) {
    b.add('pre-checks', {
      key: 'rollback-param', ...stepText(c.rollbackToPre8 === true ? ROLLBACK_PARAM.saysTrue : ROLLBACK_PARAM.unknown),
      nodes: [topo.publisher], effects: { gate: true },
    });
  }
  if (c.itlSigner === 'callmanager' && b.holds([{ version: { from: '12.0' } }]) !== 'no' && trust) {
    b.add('pre-checks', {
      key: 'itl-signer', ...stepText(ITL_SIGNED_BY_ITLRECOVERY), nodes: topo.tftp, effects: { gate: true },
    });
  }
  // The state the plan could not know: each check, so the conditional steps can be resolved before the window.
  for (const item of unknownItems) {
    const sc = ownValue(STATE_CHECKS, item);
    if (!sc) continue;
    b.add('pre-checks', {
      key: `state-${item}`,
      title: fill(FIND_OUT_TITLE, { label: sc.label }),
      action: sc.how,
      commands: sc.commands,
      gui: sc.gui,
      nodes: item === 'tftpServers' ? [...topo.cucm] : [topo.publisher],
      why: ['state-check'],
      effects: { gate: true },
    });
  }
}

export function protectItlSteps(
  b: PlanBuilder,
  route: RouteDecision,
  needs: { ctl: boolean; anchorChange: boolean },
): void {
  const topo = b.topo;
  b.stage = null;
  // A plan that changes no trust anchor leaves the ITL alone: the route only matters when something asks about it.
  const routeNotes = route.refused.length > 0 || route.available.includes('ordered-tftp');
  if (route.used === 'standard' && (needs.anchorChange || routeNotes)) {
    b.add('protect-itl', {
      key: 'route-standard', ...stepText(needs.anchorChange ? ROUTE_STANDARD.anchorChange : ROUTE_STANDARD.noAnchor),
      nodes: [topo.publisher],
      warnings: route.refused.map((r) => fill(ROUTE_NOTE.refused, { reason: r.text })).concat(
        route.available.includes('ordered-tftp') ? [ROUTE_NOTE.orderedTftpAvailable] : []),
    });
  }
  if (route.used === 'ordered-tftp') {
    b.add('protect-itl', {
      key: 'route-ordered', ...stepText(ROUTE_ORDERED_TFTP), nodes: topo.tftp,
    });
  }
  // eToken CTL on 14+: the CTL Client no longer works, move to tokenless first (brief 4.1.4).
  if (needs.ctl) {
    const when = [{ securityMode: 'mixed' as const }, { ctlSigner: 'etoken' as const }, { version: { from: '14' } }];
    b.add('protect-itl', {
      key: 'etoken-to-tokenless', ...stepText(ETOKEN_TO_TOKENLESS), nodes: [topo.publisher],
      effects: { ctlUpdate: true }, when,
    });
    b.within(when, () => {
      restartSteps(b, 'etoken-move', [
        { service: 'tftp', on: 'tftp', why: '4.1.4-etoken-14' },
        { service: 'callManager', on: 'all-cucm', why: '4.1.4-etoken-14' },
      ], [], 'protect-itl');
      phoneResetStep(b, 'etoken-move', ['4.1.4-etoken-14'], { phase: 'protect-itl' });
      const gate = stepText(ETOKEN_MOVE_GATE);
      gateStep(b, 'etoken-move', gate.title, {
        commands: gate.commands,
        nodes: [topo.publisher],
        why: gate.why,
        phase: 'protect-itl',
        expect: gate.expect,
      });
    });
  }
  if (route.used === 'rollback') {
    b.add('protect-itl', { key: 'rollback-on', ...stepText(ROLLBACK_ON), nodes: [topo.publisher] });
    restartSteps(
      b,
      'rollback-on',
      [
        { service: 'tftp', on: 'tftp', why: '4.3-rollback' },
        { service: 'tvs', on: 'tftp', why: '4.3-rollback' },
      ],
      [],
      'protect-itl',
    );
    phoneResetStep(b, 'rollback-on', ['4.3-rollback'], { phase: 'protect-itl', extraWarnings: [ROLLBACK_AUTO_RESET] });
    const gate = stepText(ROLLBACK_ON_GATE);
    gateStep(b, 'rollback-on', gate.title, {
      commands: gate.commands,
      gui: gate.gui,
      nodes: ['sample phones'],
      why: gate.why,
      phase: 'protect-itl',
      expect: gate.expect,
    });
  }
}

export function cleanUpSteps(
  b: PlanBuilder,
  route: RouteDecision,
  opts: { itlRecoveryChanged: boolean; publisherCapf: boolean },
): void {
  const topo = b.topo;
  b.stage = null;
  if (route.used === 'rollback') {
    b.add('clean-up', { key: 'rollback-off', ...stepText(ROLLBACK_OFF), nodes: [topo.publisher] });
    restartSteps(
      b,
      'rollback-off',
      [
        { service: 'tftp', on: 'tftp', why: '4.3-rollback' },
        { service: 'tvs', on: 'tftp', why: '4.3-rollback' },
      ],
      [],
      'clean-up',
    );
    phoneResetStep(b, 'rollback-off', ['4.3-rollback'], { phase: 'clean-up' });
    const gate = stepText(ROLLBACK_OFF_GATE);
    gateStep(b, 'rollback-off', gate.title, {
      commands: gate.commands,
      nodes: topo.tftp,
      why: gate.why,
      phase: 'clean-up',
      expect: gate.expect,
    });
  }
  if (opts.publisherCapf) {
    // The LSC re-issue runs beside the next anchor's step (review M3): it is checked here, not inside the CAPF step.
    const lsc = stepText(LSC_GATE);
    gateStep(b, 'lsc', lsc.title, {
      commands: lsc.commands,
      nodes: [topo.publisher],
      when: [{ lsc: ['capf'] }],
      phase: 'clean-up',
      gui: lsc.gui,
      expect: lsc.expect,
      why: lsc.why,
    });
    // On 11.5 and lower a trust deletion needs Certificate Change Notification stopped on every node (brief 4.4).
    const every = [...topo.cucm, ...topo.imp];
    const ccn = (action: 'stop' | 'start'): void => {
      b.add('clean-up', {
        key: `old-capf-ccn-${action}`,
        ...stepText(OLD_CAPF_CCN[action]),
        commands: [fill(SERVICE_COMMAND[action], { service: SERVICES.ccn })],
        nodes: every,
        effects: { services: [{ action, service: SERVICES.ccn, nodes: every }] },
        when: [{ lsc: ['capf'] }, { version: { to: '11.5' } }],
      });
    };
    ccn('stop');
    b.add('clean-up', {
      key: 'old-capf',
      ...stepText(OLD_CAPF_DELETE),
      nodes: [topo.publisher],
      when: [{ lsc: ['capf'] }],
    });
    ccn('start');
  }
  if (opts.itlRecoveryChanged) {
    b.add('clean-up', { key: 'itlrecovery-export-again', ...stepText(EXPORT_AGAIN), nodes: [topo.publisher] });
  }
  b.add('clean-up', { key: 'drs-after', ...stepText(DRS_AFTER), nodes: [topo.publisher] });
  if (touchesPhones(b) && touchesPhoneTrust(b)) b.add('clean-up', {
    key: 'baseline-after', ...stepText(BASELINE_AFTER),
    commands: ['show itl', ...(b.holds([{ securityMode: 'mixed' }]) !== 'no' ? ['show ctl'] : [])], nodes: topo.tftp,
  });
}

export function recoverySteps(b: PlanBuilder): void {
  const topo = b.topo;
  b.stage = null;
  const add = (d: Parameters<PlanBuilder['add']>[1]): void => {
    b.add('if-something-goes-wrong', d);
  };
  add({ key: 'stop', ...stepText(STOP_AT_GATE), nodes: ['administrator'] });
  add({ key: 'service-not-started', ...stepText(SERVICE_NOT_STARTED), nodes: [topo.publisher] });
  // Recovering phones' trust only where the plan touched it (not for IM&P units, review M8).
  if (!touchesPhones(b) || !touchesPhoneTrust(b)) return;
  add({
    key: 'itl-localkey', ...stepText(ITL_LOCALKEY_RECOVERY),
    nodes: [topo.publisher], when: [{ securityMode: 'non-secure' }, { version: { from: '10.0' } }],
    effects: { resetLocalkey: 'itl' },
  });
  add({
    key: 'ctl-localkey', ...stepText(CTL_LOCALKEY_RECOVERY),
    // Only a tokenless CTL (eToken CTLs are moved to tokenless on 14+); never offered on an eToken cluster (review m2).
    nodes: [topo.publisher],
    when: [
      { securityMode: 'mixed' },
      { version: { from: '10.0' } },
      { anyOf: [{ ctlSigner: 'tokenless' }, { version: { from: '14' } }] },
    ],
    effects: { resetLocalkey: 'ctl' },
  });
  add({
    key: 'ctl-etoken',
    ...stepText(CTL_ETOKEN_RECOVERY),
    nodes: ['CTL Client PC', topo.publisher],
    when: [{ securityMode: 'mixed' }, { ctlSigner: 'etoken' }, { version: { to: '12.5' } }],
  });
  add({ key: 'itl-by-hand', ...stepText(ITL_BY_HAND), gui: itlEraseGui(), nodes: ['each affected phone'] });
}
