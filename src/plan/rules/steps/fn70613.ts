// Field Notice FN70613's pre-check and workaround (CSCvv13565; review B1): the CTL signed with the local key, then
// updated, each pass followed by restarts, a reset (PHONE_RESET_TITLE.fn70613) and a check on sample phones.
import { SHOW_OWN_ITLRECOVERY } from './itl-recovery.js';
import type { StepText } from './step-text.js';

export const FN70613_PRE_CHECK: StepText = {
  title: 'FN70613: serials match',
  commands: ['show ctl', SHOW_OWN_ITLRECOVERY],
  warnings: ['If not (a refresh upgrade to 12.5(1) before SU3): the workaround below first.'],
  why: ['fn70613', '4.1.5-pre-checks'],
};

/** The workaround's steps carry this condition: the pre-check decides it. */
export const FN70613_MISMATCH = 'Only if the FN70613 pre-check found different serials (or could not compare them).';

export const FN70613_LOCALKEY: StepText = {
  title: 'FN70613 workaround: sign the CTL with the local key',
  commands: ['utils ctl reset localkey'],
  warnings: ['Both passes before any CallManager or ITLRecovery change.'],
  why: ['fn70613'],
};

export const FN70613_UPDATE: StepText = {
  title: 'FN70613 workaround: update the CTL file',
  commands: ['utils ctl update CTLFile'],
  why: ['fn70613'],
  expect: [`\`show ctl\` verifies and lists the ITLRecovery serial of \`${SHOW_OWN_ITLRECOVERY}\`.`],
};

/** `{ctl}`: FN70613_PASS_CTL of the pass. */
export const FN70613_PASS_GATE: StepText = {
  title: 'FN70613: sample phones hold the {ctl} CTL',
  gui: ['Sample phones of every model: web page > Security, or Settings > Security > Trust List > CTL File'],
  commands: ['show ctl'],
  why: ['fn70613'],
  expect: ['Their CTL checksum matches `show ctl` on the publisher.'],
};

/** Each pass: the reset's `{pass}` and the gate's `{ctl}`. */
export const FN70613_PASS = {
  1: { pass: 'first', ctl: 'locally signed' },
  2: { pass: 'second', ctl: 'updated' },
} as const;
