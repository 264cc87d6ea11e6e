// Field Notice FN70613 (CSCvv13565): a mixed tokenless cluster refresh-upgraded from 11.x/12.0 to 12.5(1) before SU3
// keeps the old ITLRecovery in its CTL, so the CTL's only valid root anchor is the CallManager certificate. Changing
// CallManager (or ITLRecovery) then leaves the CTL with no anchor and every phone must have it deleted by hand. Later
// upgrades do not repair it. The inventory does not know the upgrade history: a pre-check compares the serials, and
// the FN's workaround runs before any CallManager or ITLRecovery change when they differ.
import type { Cond } from '../rules/conditions.js';
import type { StepCondition, TrustAnchor } from '../types.js';
import {
  FN70613_LOCALKEY,
  FN70613_MISMATCH,
  FN70613_PASS,
  FN70613_PASS_GATE,
  FN70613_PRE_CHECK,
  FN70613_UPDATE,
} from '../rules/steps/fn70613.js';
import { fill } from '../rules/steps/fill.js';
import { PHONE_RESET_TITLE } from '../rules/steps/phones.js';
import { stepText } from '../rules/steps/step-text.js';
import type { PlanBuilder } from './builder.js';
import { gateStep, phoneResetStep, restartSteps } from './common-steps.js';

/** Clusters the field notice can affect (eToken and non-secure clusters are not). */
export const FN70613_AFFECTED: readonly Cond[] = [
  { securityMode: 'mixed' },
  { ctlSigner: 'tokenless' },
  { version: { from: '12.5' } },
];

/** Changes the workaround must precede: the CTL's remaining anchor (CallManager, either variant) and ITLRecovery. */
export const FN70613_ANCHORS: ReadonlySet<TrustAnchor> = new Set<TrustAnchor>([
  'CallManager',
  'CallManager-ECDSA',
  'ITLRecovery',
]);

const MISMATCH: StepCondition = { items: ['fn70613'], text: FN70613_MISMATCH };

export function fn70613PreCheck(b: PlanBuilder): void {
  b.add('pre-checks', {
    key: 'fn70613', ...stepText(FN70613_PRE_CHECK), nodes: [b.topo.publisher], when: [...FN70613_AFFECTED],
    effects: { gate: true },
  });
}

/** The FN's workaround, in the protect phase: CTL signed by the local key, then updated, each with restarts, resets and
 * a phone check. */
export function fn70613Workaround(b: PlanBuilder): void {
  b.stage = null;
  const pub = b.topo.publisher;
  const round = (n: 1 | 2): void => {
    restartSteps(
      b,
      `fn70613-${n}`,
      [
        { service: 'callManager', on: 'all-cucm', why: 'fn70613' },
        { service: 'ctiManager', on: 'all-cucm', why: 'fn70613' },
      ],
      [],
      'protect-itl',
    );
    phoneResetStep(b, `fn70613-${n}`, ['fn70613'], {
      phase: 'protect-itl',
      title: fill(PHONE_RESET_TITLE.fn70613, FN70613_PASS[n]),
    });
    const gate = stepText(FN70613_PASS_GATE, FN70613_PASS[n]);
    gateStep(b, `fn70613-${n}`, gate.title, {
      phase: 'protect-itl',
      commands: gate.commands,
      nodes: [pub],
      why: gate.why,
      gui: gate.gui,
      expect: gate.expect,
    });
  };
  b.within([...FN70613_AFFECTED], () => {
    b.add('protect-itl', {
      key: 'fn70613-localkey', ...stepText(FN70613_LOCALKEY), nodes: [pub], effects: { resetLocalkey: 'ctl' },
    });
    round(1);
    b.add('protect-itl', {
      key: 'fn70613-update', ...stepText(FN70613_UPDATE), nodes: [pub],
      effects: { ctlUpdate: true },
    });
    round(2);
  }, MISMATCH);
}
