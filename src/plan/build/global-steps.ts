// The plan's shared phases: pre-checks, protect the ITL (route, eToken move, phone interaction), clean-up, recovery.
import { ownValue } from '../../domain/own-key.js';
import { PRE_CHECKS } from '../rules/pre-checks.js';
import { isImpUnit } from '../rules/units.js';
import { SERVICES } from '../rules/services.js';
import { itlEraseGui } from '../rules/phone-trust-list.js';
import { STATE_CHECKS } from '../rules/state-checks.js';
import type { RouteDecision } from '../types.js';
import type { PlanBuilder } from './builder.js';
import { gateStep, phoneResetStep, restartSteps } from './common-steps.js';

/**
 * Does the plan touch what the phones trust or where they register? Not when every certificate it changes is an IM&P
 * unit (review M8: no phone steps, resets or phone recovery for cup, cup-xmpp, cup-xmpp-s2s). Read from the stage
 * steps, which are built before the shared phases.
 */
export function touchesPhones(b: PlanBuilder): boolean {
  const changes = b.stepsIn('stages').map((s) => s.effects.change).filter((c) => c !== undefined);
  return changes.length === 0 || changes.some((c) => !isImpUnit(c.store === 'trust' ? c.unit.replace(/-trust$/i, '') : c.unit));
}

/** Before a plan that changes the tokenless CTL's signer: know which devices will need their CTL deleted by hand (118893). */
export function nonSbdPreCheck(b: PlanBuilder): void {
  b.add('pre-checks', {
    key: 'non-sbd-devices', title: 'List the devices without Security by Default that use the CTL',
    action: 'This plan changes the key that signs the tokenless CTL. Devices without Security by Default (e.g. Jabber, TelePresence endpoints, 7940/7960) cannot verify the new CTL through TVS and stop working until their CTL is deleted by hand: list them, with who can reach each one during the window.',
    gui: ['Cisco Unified CM Administration > Device > Phone > Find (Device Security Profile with a secure mode; models without Security by Default)'],
    nodes: ['administrator'], why: ['4.1.4-non-sbd', '4.1.5-pre-checks'], effects: { gate: true },
    expect: ['The list of such devices is written down (or there are none).'],
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
    const nodes = pc.runsOn === 'publisher' ? [topo.publisher] : pc.runsOn === 'each-node' ? [...topo.cucm, ...topo.imp] : pc.runsOn === 'each-cucm' ? [...topo.cucm] : pc.runsOn === 'tftp' ? topo.tftp : ['administrator'];
    const warnings = [...pc.warnings];
    if (pc.key === 'cm-groups' && b.view.cluster.callManagerGroupsRedundant === false) {
      warnings.unshift('The inventory says some CallManager Group has a single server: fix that before the window, or phones of that group go unregistered during every restart.');
    }
    b.add('pre-checks', {
      key: pc.key, title: pc.title, action: pc.action, commands: pc.commands.filter((c) => c !== 'show ctl' || b.holds([{ securityMode: 'mixed' }]) !== 'no'),
      gui: pc.gui, nodes, warnings, why: pc.why, expect: pc.expect, when: pc.when, effects: { gate: true },
    });
  }
  const c = b.view.cluster;
  if (c.rollbackToPre8 !== false && trust) {
    b.add('pre-checks', {
      key: 'rollback-param', title: '"Prepare Cluster for Rollback to pre 8.0" is False',
      action: c.rollbackToPre8 === true
        ? 'The inventory says True: phones hold a blank ITL. Unless that is on purpose, set it False, restart TFTP and reset phones before the window.'
        : '',
      gui: [STATE_CHECKS.rollbackToPre8!.gui[0]!], nodes: [topo.publisher], why: ['4.1.5-pre-checks'], effects: { gate: true },
    });
  }
  if (c.itlSigner === 'callmanager' && b.holds([{ version: { from: '12.0' } }]) !== 'no' && trust) {
    b.add('pre-checks', {
      key: 'itl-signer', title: 'ITLRecovery signs the ITL (12.0+)',
      action: 'If a CallManager key does, a `utils itl reset localkey` was left unfinished: restart Cisco Tftp on every TFTP node before the window.',
      commands: ['show itl'], nodes: topo.tftp, why: ['4.1.5-pre-checks'], effects: { gate: true },
    });
  }
  // The state the plan could not know: each check, so the conditional steps can be resolved before the window.
  for (const item of unknownItems) {
    const sc = ownValue(STATE_CHECKS, item);
    if (!sc) continue;
    b.add('pre-checks', {
      key: `state-${item}`, title: `Find out: ${sc.label}`, action: sc.how,
      commands: sc.commands, gui: sc.gui, nodes: item === 'tftpServers' ? [...topo.cucm] : [topo.publisher], why: ['state-check'], effects: { gate: true },
    });
  }
}

export function protectItlSteps(b: PlanBuilder, route: RouteDecision, needs: { ctl: boolean; anchorChange: boolean }): void {
  const topo = b.topo;
  b.stage = null;
  // A plan that changes no trust anchor leaves the ITL alone: the route only matters when something asks about it.
  const routeNotes = route.refused.length > 0 || route.available.includes('ordered-tftp');
  if (route.used === 'standard' && (needs.anchorChange || routeNotes)) {
    b.add('protect-itl', {
      key: 'route-standard', title: needs.anchorChange ? 'ITL route: standard' : 'ITL route: standard (the ITL is not touched)',
      action: needs.anchorChange ? 'one certificate type at a time, TVS untouched while CallManager changes' : '',
      nodes: [topo.publisher], why: ['4.3-standard', '4.1.1-one-anchor'],
      warnings: route.refused.map((r) => `Requested route refused: ${r.text}`).concat(
        route.available.includes('ordered-tftp') ? ['Optional: the ordered-TFTP route is available on this cluster for extra ITL safety (ask for route ordered-tftp).'] : []),
    });
  }
  if (route.used === 'ordered-tftp') {
    b.add('protect-itl', {
      key: 'route-ordered', title: 'ITL route: ordered TFTP',
      action: 'Each TFTP server\'s CallManager certificate changes in a step of its own while TFTP is stopped on it, so phones always have a TFTP server whose ITL they trust. Every phone must be online before you start.',
      nodes: topo.tftp, why: ['4.3-ordered-tftp'],
      warnings: ['Never change two TFTP servers\' certificates at once on this route.'],
    });
  }
  // eToken CTL on 14+: the CTL Client no longer works, move to tokenless first (brief 4.1.4).
  if (needs.ctl) {
    const when = [{ securityMode: 'mixed' as const }, { ctlSigner: 'etoken' as const }, { version: { from: '14' } }];
    b.add('protect-itl', {
      key: 'etoken-to-tokenless', title: 'Move the CTL from eTokens to tokenless',
      action: 'On 14+ the CTL Client cannot update an eToken CTL (and the CTL Provider drops tokens in 14SU3): on the publisher move the cluster to the tokenless CTL with `utils ctl set-cluster mixed-mode` before any certificate changes (118893; Security Guide 12.5).',
      commands: ['utils ctl set-cluster mixed-mode'], nodes: [topo.publisher], why: ['4.1.4-etoken-14'],
      expect: ['The command reports the CTL file was created/updated.'],
      effects: { ctlUpdate: true }, when,
    });
    b.within(when, () => {
      restartSteps(b, 'etoken-move', [
        { service: 'tftp', on: 'tftp', why: '4.1.4-etoken-14' },
        { service: 'callManager', on: 'all-cucm', why: '4.1.4-etoken-14' },
      ], [], 'protect-itl');
      phoneResetStep(b, 'etoken-move', ['4.1.4-etoken-14'], { phase: 'protect-itl' });
      gateStep(b, 'etoken-move', 'Verify the CTL is tokenless', {
        commands: ['show ctl'], nodes: [topo.publisher], why: ['4.1.4-etoken-14'], phase: 'protect-itl',
        expect: ['`show ctl` is signed by the publisher (no SAST record from "Cisco Manufacturing CA" tokens) and verifies.', 'Registered-device counts back to the baseline.'],
      });
    });
  }
  if (route.used === 'rollback') {
    b.add('protect-itl', {
      key: 'rollback-on', title: 'Set "Prepare Cluster for Rollback to pre 8.0" to True',
      action: 'Set the parameter to True and switch the corporate/personal directory URLs to HTTP.',
      gui: [STATE_CHECKS.rollbackToPre8!.gui[0]!, 'Cisco Unified CM Administration > System > Enterprise Parameters > Phone URL Parameters (directory URLs: http:// instead of https://)'],
      nodes: [topo.publisher], why: ['4.3-rollback'],
      warnings: ['Security exposure: phones accept unauthenticated configuration files and trust any TFTP server while it is True. Keep the window short.', 'Extension mobility and other HTTPS phone services stop; calls keep working.'],
    });
    restartSteps(b, 'rollback-on', [{ service: 'tftp', on: 'tftp', why: '4.3-rollback' }, { service: 'tvs', on: 'tftp', why: '4.3-rollback' }], [], 'protect-itl');
    phoneResetStep(b, 'rollback-on', ['4.3-rollback'], { phase: 'protect-itl', extraWarnings: ['From 10.5 the phones reset automatically: wait about 10 minutes instead.'] });
    gateStep(b, 'rollback-on', 'Verify the phones hold a blank ITL', {
      commands: [], gui: ['On a sample phone: Settings > Security > Trust List > ITL File (empty)'], nodes: ['sample phones'], why: ['4.3-rollback'], phase: 'protect-itl',
      expect: ['Sample phones show an empty ITL.', 'Registered-device counts back to the baseline.'],
    });
  }
}

export function cleanUpSteps(b: PlanBuilder, route: RouteDecision, opts: { itlRecoveryChanged: boolean; publisherCapf: boolean }): void {
  const topo = b.topo;
  b.stage = null;
  if (route.used === 'rollback') {
    b.add('clean-up', {
      key: 'rollback-off', title: 'Set "Prepare Cluster for Rollback to pre 8.0" back to False',
      action: 'Set the parameter back to False and restore the HTTPS directory URLs.',
      gui: [STATE_CHECKS.rollbackToPre8!.gui[0]!, 'Cisco Unified CM Administration > System > Enterprise Parameters > Phone URL Parameters (restore https:// URLs)'],
      nodes: [topo.publisher], why: ['4.3-rollback'],
    });
    restartSteps(b, 'rollback-off', [{ service: 'tftp', on: 'tftp', why: '4.3-rollback' }, { service: 'tvs', on: 'tftp', why: '4.3-rollback' }], [], 'clean-up');
    phoneResetStep(b, 'rollback-off', ['4.3-rollback'], { phase: 'clean-up' });
    gateStep(b, 'rollback-off', 'Verify phones hold the new ITL again', {
      commands: ['show itl'], nodes: topo.tftp, why: ['4.3-rollback'], phase: 'clean-up',
      expect: ['Sample phones show a populated ITL (Settings > Security > Trust List).', 'Registered-device counts back to the baseline.'],
    });
  }
  if (opts.publisherCapf) {
    // The LSC re-issue runs beside the next anchor's step (review M3): it is checked here, not inside the CAPF step.
    gateStep(b, 'lsc', 'Check every LSC was re-issued', {
      commands: [], nodes: [topo.publisher], when: [{ lsc: ['capf'] }], phase: 'clean-up',
      gui: ['Cisco Unified CM Administration > Device > Phone > Find (LSC Issued By / LSC Expires columns)'],
      expect: ['No phone left with an LSC issued by the old CAPF; only then may the old CAPF be deleted.'], why: ['4.2-capf-lsc'],
    });
    // On 11.5 and lower a trust deletion needs Certificate Change Notification stopped on every node (brief 4.4).
    const every = [...topo.cucm, ...topo.imp];
    const ccn = (action: 'stop' | 'start'): void => {
      b.add('clean-up', {
        key: `old-capf-ccn-${action}`, title: `${action === 'stop' ? 'Stop' : 'Start'} Cisco Certificate Change Notification on every node (11.5 and lower)`,
        action: '', commands: [`utils service ${action} ${SERVICES.ccn}`], nodes: every, why: ['4.4-delete'],
        effects: { services: [{ action, service: SERVICES.ccn, nodes: every }] }, when: [{ lsc: ['capf'] }, { version: { to: '11.5' } }],
      });
    };
    ccn('stop');
    b.add('clean-up', {
      key: 'old-capf', title: 'Delete the old CAPF certificate once every LSC is re-issued',
      action: 'After the LSC gate (possibly days later), from CAPF-trust and CallManager-trust (then from RADIUS/ISE and the ASA). From 11.0 the deletion on the publisher propagates; before 11.0 repeat it on every node.',
      commands: ['show cert list trust', 'set cert delete CAPF <old CAPF file>', 'set cert delete CallManager <old CAPF file>'],
      gui: ['Cisco Unified OS Administration > Security > Certificate Management > Find (CAPF-trust, CallManager-trust) > old CAPF > Delete'],
      nodes: [topo.publisher], why: ['4.4-old-capf', '4.4-delete'], when: [{ lsc: ['capf'] }],
      warnings: ['Deleting from CAPF-trust or CallManager-trust can reset phones: in a maintenance window.'],
    });
    ccn('start');
  }
  if (opts.itlRecoveryChanged) {
    b.add('clean-up', {
      key: 'itlrecovery-export-again', title: 'Copy the new ITLRecovery.p12 off the cluster (the old one no longer recovers phones)',
      action: '',
      commands: ['file get tftp ITLRecovery.p12'], nodes: [topo.publisher], why: ['4.2-itlrecovery', '4.5-recovery'],

    });
  }
  b.add('clean-up', {
    key: 'drs-after', title: 'DRS backup after the change, all SUCCESS (never restore one from before)',
    action: '',
    gui: ['Disaster Recovery System > Backup > Manual Backup'], nodes: [topo.publisher], why: ['4.5-backup'],
  });
  if (touchesPhones(b) && touchesPhoneTrust(b)) b.add('clean-up', {
    key: 'baseline-after', title: 'Record the new ITL / CTL of every TFTP node and the registered counts, for the next renewal',
    action: '',
    commands: ['show itl', ...(b.holds([{ securityMode: 'mixed' }]) !== 'no' ? ['show ctl'] : [])], nodes: topo.tftp, why: ['4.1.6-verify'],
  });
}

export function recoverySteps(b: PlanBuilder): void {
  const topo = b.topo;
  b.stage = null;
  const add = (d: Parameters<PlanBuilder['add']>[1]): void => {
    b.add('if-something-goes-wrong', d);
  };
  add({
    key: 'stop', title: 'A gate does not match: stop before the next step; never restore a backup from before the change',
    action: '',
    nodes: ['administrator'], why: ['4.5-recovery', '4.5-backup'],
  });
  add({
    key: 'service-not-started', title: 'A service does not come back: `utils service start <service>`; if Tomcat or CallManager will not, `show cert own`',
    action: '',
    nodes: [topo.publisher], why: ['4.5-recovery'],
  });
  // Recovering phones' trust only where the plan touched it (not for IM&P units, review M8).
  if (!touchesPhones(b) || !touchesPhoneTrust(b)) return;
  add({
    key: 'itl-localkey', title: 'Phones lost trust (non-secure, 10.0+): reset the ITL with the local key',
    action: 'Reset the phones and wait after the first command; then restart Cisco Tftp on every TFTP node and reset them again. Without the local key: the remotekey form, with the exported ITLRecovery.p12.',
    // The command takes the host, the user and the ITLRecovery.p12 file (review m7).
    commands: ['utils itl reset localkey', 'utils itl reset remotekey <sftp-host> <sftp-user> <path>/ITLRecovery.p12'],
    nodes: [topo.publisher], why: ['4.5-recovery'], when: [{ securityMode: 'non-secure' }, { version: { from: '10.0' } }],
    effects: { resetLocalkey: 'itl' },
  });
  add({
    key: 'ctl-localkey', title: 'Phones lost trust (mixed mode, 10.0+): the CTL in two passes with the local key',
    // The same two passes as FN70613's workaround (review B1): each command, then CallManager and CTIManager restarts and a reset.
    action: `Pass 1 \`utils ctl reset localkey\`, pass 2 \`utils ctl update CTLFile\`; after each, ${SERVICES.callManager} and ${SERVICES.ctiManager} restarted on every node, the phones reset and sample phones checked.`,
    commands: ['utils ctl reset localkey', 'utils ctl update CTLFile'],
    // Only a tokenless CTL (eToken CTLs are moved to tokenless on 14+); never offered on an eToken cluster (review m2).
    nodes: [topo.publisher], why: ['4.5-recovery'], when: [{ securityMode: 'mixed' }, { version: { from: '10.0' } }, { anyOf: [{ ctlSigner: 'tokenless' }, { version: { from: '14' } }] }],
    effects: { resetLocalkey: 'ctl' },
  });
  add({
    key: 'ctl-etoken', title: 'Phones lost trust (mixed mode, eTokens): update the CTL with the CTL Client',
    action: 'Update CTL File with an eToken that signed the current CTL, restart Cisco Tftp on every TFTP node, reset the phones; the ones still failing need their CTL and ITL erased by hand.',
    gui: ['Cisco CTL Client (Windows PC) > the publisher > Update CTL File, with an original eToken and its password'],
    nodes: ['CTL Client PC', topo.publisher], why: ['4.5-recovery'], when: [{ securityMode: 'mixed' }, { ctlSigner: 'etoken' }, { version: { to: '12.5' } }],
  });
  add({
    key: 'itl-by-hand', title: 'Phones lost trust (8.x-9.x, or not trusting ITLRecovery): erase the ITL on each phone',
    // The menu differs per model family (214231; review m6).
    action: 'The phone then takes the current ITL; a factory reset does it too.',
    gui: itlEraseGui(), nodes: ['each affected phone'], why: ['4.5-recovery'],
  });
}
