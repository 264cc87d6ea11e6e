// What is done on the phones: batched resets (brief 4.2) and, from 14, "Phone Interaction on Certificate Update".
import { PHONE_INTERACTION } from '../state-checks.js';
import type { StepText } from './step-text.js';

/** The batched phone reset every step uses: its texts are said once in a plan's "How to" (render/how-to.ts). */
export const PHONE_RESET = {
  action:
    'One Device Pool (or ~10% of the phones) at a time; the next batch once RTMT shows it registered; wait ~10 minutes after the last.',
  gui: 'Cisco Unified CM Administration > Device > Phone > Find (one Device Pool) > Select All > Reset Selected > Reset',
  warnings: [
    'Never Enterprise Parameters > Reset: it also resets gateways and media resources.',
    'A phone that does not register again: see "If something goes wrong" before anything else.',
  ],
  expect: 'The registered-device count per node is back to the baseline.',
} as const;

/** A reset's title: the default, or the pass it is in a recipe that resets more than once. `{pass}` first or second. */
export const PHONE_RESET_TITLE = {
  default: 'Reset phones in batches and wait for registration',
  itlRecoveryFirst: 'Reset phones in batches and wait (first pass)',
  itlRecoverySecond: 'Reset phones in batches again and wait (second pass)',
  orderedTftpFirst: 'Reset phones so they fetch the ITL from the other TFTP server, and wait',
  orderedTftpSecond: 'Reset phones again and wait',
  fn70613: 'FN70613: reset phones in batches and wait ({pass} pass)',
} as const;

/** From 10.5 phones reset by themselves after the rollback parameter changes. */
export const ROLLBACK_AUTO_RESET = 'From 10.5 the phones reset automatically: wait about 10 minutes instead.';

/** Where the parameter is: a field of the Enterprise Parameters page (its Security Parameters part) the title names. */
const PHONE_INTERACTION_PAGE = 'Cisco Unified CM Administration > System > Enterprise Parameters';

/** `{reason}`: PHONE_INTERACTION_REASON by security mode ("before the CTL update" is a reason only in mixed mode:
 * review m8). */
export const PHONE_INTERACTION_MANUAL: StepText = {
  title: `Set "${PHONE_INTERACTION}" to manual (14+)`,
  action: 'Else phones reset when the certificate changes{reason}; set back after the gate.',
  gui: [PHONE_INTERACTION_PAGE],
  why: ['4.1.4-phone-interaction'],
};

export const PHONE_INTERACTION_REASON = {
  mixed: ', before the CTL update',
  unknown: ' (in mixed mode: before the CTL update)',
  nonSecure: '',
} as const;

/** Where the parameter is was said by the step that set it. */
export const PHONE_INTERACTION_BACK: StepText = {
  title: `Set "${PHONE_INTERACTION}" back as it was (14+)`,
  why: ['4.1.4-phone-interaction'],
};
