// Pre-checks the builder adds beside the fixed list (rules/pre-checks.ts): those that depend on the inventory, and one
// "Find out" per cluster-state item the plan could not know.
import { STATE_CHECKS } from '../state-checks.js';
import type { StepText } from './step-text.js';

/** Put first on the CallManager Groups pre-check when the inventory says a group has one server. */
export const SINGLE_SERVER_GROUP =
  'The inventory says some CallManager Group has a single server: fix that before the window, or phones of that group go unregistered during every restart.';

const ROLLBACK_PARAM_FALSE: StepText = {
  title: '"Prepare Cluster for Rollback to pre 8.0" False',
  gui: [STATE_CHECKS.rollbackToPre8!.gui[0]!],
  why: ['4.1.5-pre-checks'],
};

/** The action only when the inventory says True; unknown, the title says what to check. */
export const ROLLBACK_PARAM: { unknown: StepText; saysTrue: StepText } = {
  unknown: ROLLBACK_PARAM_FALSE,
  saysTrue: {
    ...ROLLBACK_PARAM_FALSE,
    action:
      'The inventory says True: phones hold a blank ITL. Unless that is on purpose, set it False, restart TFTP and reset phones before the window.',
  },
};

export const ITL_SIGNED_BY_ITLRECOVERY: StepText = {
  title: 'ITLRecovery signs the ITL (12.0+)',
  commands: ['show itl'],
  warnings: ['If a CallManager key does (`utils itl reset localkey` unfinished): restart Tftp on each.'],
  why: ['4.1.5-pre-checks'],
};

/** `{label}`, action, commands and pages from the state check (rules/state-checks.ts). */
export const FIND_OUT_TITLE = 'Find out: {label}';
