// Field Notice FN70613 (CSCvv13565): a mixed tokenless cluster refresh-upgraded from 11.x/12.0 to 12.5(1) before SU3
// keeps the old ITLRecovery in its CTL, so the CTL's only valid root anchor is the CallManager certificate. Changing
// CallManager (or ITLRecovery) then leaves the CTL with no anchor and every phone must have it deleted by hand. Later
// upgrades do not repair it. The inventory does not know the upgrade history: a pre-check compares the serials, and
// the FN's workaround runs before any CallManager or ITLRecovery change when they differ.
import type { Cond } from '../rules/conditions.js';
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
  text: 'Only if the FN70613 pre-check found different serials (or could not compare them).',
};

export function fn70613PreCheck(b: PlanBuilder): void {
  b.add('pre-checks', {
    key: 'fn70613', title: 'FN70613: the ITLRecovery serial in `show ctl` is the one of `show cert own`',
    action: '',
    commands: COMPARE, nodes: [b.topo.publisher], why: ['fn70613', '4.1.5-pre-checks'], when: [...FN70613_AFFECTED],
    warnings: ['If they differ (a refresh upgrade to 12.5(1) before SU3), the FN70613 workaround below comes first, or every phone needs its CTL deleted by hand.'],
    expect: [],
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
      phase: 'protect-itl', commands: ['show ctl'], nodes: [pub], why: ['fn70613'],
      gui: ['Sample phones of every model: web page > Security, or Settings > Security > Trust List > CTL File'],
      expect: ['Their CTL checksum matches `show ctl` on the publisher.'],
    });
  };
  b.within([...FN70613_AFFECTED], () => {
    b.add('protect-itl', {
      key: 'fn70613-localkey', title: 'FN70613 workaround: sign the CTL with the local key',
      action: '',
      commands: ['utils ctl reset localkey'], nodes: [pub], why: ['fn70613'],
      warnings: ['Both passes before any CallManager or ITLRecovery change.'],
      expect: [], effects: { resetLocalkey: 'ctl' },
    });
    round(1);
    b.add('protect-itl', {
      key: 'fn70613-update', title: 'FN70613 workaround: update the CTL file',
      action: '',
      commands: ['utils ctl update CTLFile'], nodes: [pub], why: ['fn70613'],
      expect: ['`show ctl` verifies and lists the ITLRecovery serial of `show cert own ITLRecovery/ITLRecovery.pem`.'],
      effects: { ctlUpdate: true },
    });
    round(2);
  }, MISMATCH);
}
