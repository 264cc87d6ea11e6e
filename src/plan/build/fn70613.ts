// Field Notice FN70613 (CSCvv13565): a mixed tokenless cluster refresh-upgraded from 11.x/12.0 to 12.5(1) before SU3
// keeps the old ITLRecovery in its CTL, so the CTL's only valid root anchor is the CallManager certificate. Changing
// CallManager (or ITLRecovery) then leaves the CTL with no anchor and every phone must have it deleted by hand. Later
// upgrades do not repair it. The inventory does not know the upgrade history: a pre-check compares the serials, and
// the FN's workaround runs before any CallManager or ITLRecovery change when they differ.
import type { Cond } from '../rules/conditions.js';
import { SERVICES } from '../rules/services.js';
import type { StepCondition, TrustAnchor } from '../types.js';
import type { PlanBuilder } from './builder.js';
import { gateStep, phoneResetStep, restartSteps } from './common-steps.js';

/** Clusters the field notice can affect (eToken and non-secure clusters are not). */
export const FN70613_AFFECTED: readonly Cond[] = [{ securityMode: 'mixed' }, { ctlSigner: 'tokenless' }, { version: { from: '12.5' } }];

/** Changes the workaround must precede: the CTL's remaining anchor (CallManager, either variant) and ITLRecovery. */
export const FN70613_ANCHORS: ReadonlySet<TrustAnchor> = new Set<TrustAnchor>(['CallManager', 'CallManager-ECDSA', 'ITLRecovery']);

const COMPARE = ['show ctl', 'show cert own ITLRecovery/ITLRecovery.pem'];

const MISMATCH: StepCondition = {
  items: ['fn70613'],
  text: 'Only if the FN70613 pre-check found the ITLRecovery serial in `show ctl` different from the one of `show cert own ITLRecovery/ITLRecovery.pem` (or could not compare them on 12.5(1) before SU3).',
};

export function fn70613PreCheck(b: PlanBuilder): void {
  b.add('pre-checks', {
    key: 'fn70613', title: 'FN70613: does the CTL hold the current ITLRecovery certificate?',
    action: 'Compare the serial number of the ITLRecovery record in `show ctl` with the serial number in `show cert own ITLRecovery/ITLRecovery.pem` on the publisher. A cluster refresh-upgraded from 11.x or 12.0 to 12.5(1) before SU3 may still have the old ITLRecovery in its CTL (upgrading further does not repair it): the CTL\'s only valid anchor is then the CallManager certificate.',
    commands: COMPARE, nodes: [b.topo.publisher], why: ['fn70613', '4.1.5-pre-checks'], when: [...FN70613_AFFECTED],
    warnings: ['If they differ, do the FN70613 workaround (planned below, before any CallManager or ITLRecovery change): changing CallManager first would leave every phone with a CTL it can no longer verify, to be deleted on each phone by hand.'],
    expect: ['The serials are the same (the conditional FN70613 steps are then struck out), or the difference is written down.'],
    effects: { gate: true },
  });
}

/** The FN's workaround, in the protect phase: CTL signed by the local key, then updated, each with restarts, resets and a phone check. */
export function fn70613Workaround(b: PlanBuilder): void {
  b.stage = null;
  const pub = b.topo.publisher;
  const round = (n: 1 | 2): void => {
    restartSteps(b, `fn70613-${n}`, [
      { service: 'callManager', on: 'all-cucm', why: 'fn70613' },
      { service: 'ctiManager', on: 'all-cucm', why: 'fn70613' },
    ], [], 'protect-itl');
    phoneResetStep(b, `fn70613-${n}`, ['fn70613'], { phase: 'protect-itl', title: `FN70613: reset phones in batches and wait (${n === 1 ? 'first' : 'second'} pass)` });
    gateStep(b, `fn70613-${n}`, `FN70613: sample phones hold the ${n === 1 ? 'locally signed' : 'updated'} CTL`, {
      phase: 'protect-itl', commands: ['show ctl'], nodes: [pub, 'sample phones of every model'], why: ['fn70613'],
      gui: ['Phone web page > Security / Trust List, or on the phone Settings > Security > Trust List > CTL File'],
      expect: ['The CTL serial/checksum on sample phones of every model matches `show ctl` on the publisher.', 'Registered-device counts back to the baseline.'],
    });
  };
  b.within([...FN70613_AFFECTED], () => {
    b.add('protect-itl', {
      key: 'fn70613-localkey', title: 'FN70613 workaround: sign the CTL with the local key',
      action: 'On the publisher sign the CTL with the local key, so that the phones get a CTL they can verify before the CallManager certificate changes.',
      commands: ['utils ctl reset localkey'], nodes: [pub], why: ['fn70613'],
      warnings: ['Do the whole workaround (both passes) before the first CallManager or ITLRecovery change of this plan.'],
      expect: ['The command reports success.'], effects: { resetLocalkey: 'ctl' },
    });
    round(1);
    b.add('protect-itl', {
      key: 'fn70613-update', title: 'FN70613 workaround: update the CTL file',
      action: `Now that the phones hold the locally signed CTL, update the CTL on the publisher; then restart ${SERVICES.callManager} and ${SERVICES.ctiManager} again and reset the phones again.`,
      commands: ['utils ctl update CTLFile'], nodes: [pub], why: ['fn70613'],
      expect: ['`show ctl` lists the current ITLRecovery serial (the one of `show cert own ITLRecovery/ITLRecovery.pem`) and verifies.'],
      effects: { ctlUpdate: true },
    });
    round(2);
  }, MISMATCH);
}
