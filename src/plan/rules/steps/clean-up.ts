// The clean-up every plan ends with: a fresh backup, and the new baseline for the next renewal.
import type { StepText } from './step-text.js';

export const DRS_AFTER: StepText = {
  title: 'DRS backup after the change, all SUCCESS (never restore one from before)',
  gui: ['Disaster Recovery System > Backup > Manual Backup'],
  why: ['4.5-backup'],
};

/** Commands: `show itl`, and `show ctl` unless the cluster is known non-secure. */
export const BASELINE_AFTER: StepText = {
  title: 'Record the new ITL / CTL of every TFTP node and the registered counts, for the next renewal',
  why: ['4.1.6-verify'],
};
