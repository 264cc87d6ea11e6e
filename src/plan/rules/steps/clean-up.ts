// The clean-up every plan ends with: a fresh backup, and the new baseline for the next renewal.
import type { StepText } from './step-text.js';

export const DRS_AFTER: StepText = {
  title: 'DRS backup after the change, all SUCCESS',
  gui: ['Disaster Recovery System > Backup > Manual Backup'],
  why: ['4.5-backup'],
};

/** Commands: `show itl`, and `show ctl` unless the cluster is known non-secure. */
export const BASELINE_AFTER: StepText = {
  title: 'Note the new ITL, CTL and registered counts',
  why: ['4.1.6-verify'],
};
