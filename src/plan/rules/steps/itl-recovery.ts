// ITLRecovery's recipes (214231 "ITLRecovery Certificate"; review B2, M1, m10): below 12.0 or with an eToken CTL one
// round (CTL update, TVS then TFTP, a reset); from 12.0 non-secure or tokenless the two-phase local-key recipe.
// Its gates' title is UNIT_GATE_TITLE; the checks are its own.
import type { StepText } from './step-text.js';

/** One anchor at a time (brief 4.1.1): ITLRecovery follows the CallManager stage. */
export const AFTER_CALLMANAGER =
  'Start only after CallManager is done and the new CTL has reached the phones (previous gates passed).';

export const SHOW_OWN_ITLRECOVERY = 'show cert own ITLRecovery/ITLRecovery.pem';

/** The one-round gate (below 12.0, or an eToken CTL). `{signer}`: ONE_ROUND_ITL_SIGNER. */
export const ONE_ROUND_CHECK = {
  newExpiry: `\`${SHOW_OWN_ITLRECOVERY}\` shows the new expiry on every changed node.`,
  itl: '`show itl` on every TFTP node lists the new ITLRecovery serial and verifies; {signer}.',
  /** Qualified with QUALIFIER.mixedOnly when the security mode is unknown. */
  ctl: '`show ctl` lists the new ITLRecovery serial and verifies; its signer is unchanged.',
} as const;

export const ONE_ROUND_ITL_SIGNER = {
  below12: 'the signer is unchanged (the CallManager certificate of that TFTP node)',
  etoken: 'it is now signed by the new ITLRecovery certificate',
} as const;

/** 12.0+: ITLRecovery signs the ITL (and the tokenless CTL). */
export const TWO_PHASE_CHECK = {
  newExpiry: `\`${SHOW_OWN_ITLRECOVERY}\` shows the new expiry.`,
  itl: '`show itl` on every TFTP node is signed by the new ITLRecovery certificate and verifies.',
  ctl: 'In mixed mode `show ctl` verifies with the new signer.',
} as const;

/** 12.0+: phones must first accept a locally signed file. */
export const ITL_LOCALKEY: StepText = {
  title: 'Sign the ITL with the local key (non-secure)',
  action:
    'On the publisher, have the ITL signed with the local key so phones accept the ITL that the new ITLRecovery will sign.',
  commands: ['utils itl reset localkey'],
  why: ['4.2-itlrecovery'],
  expect: ['The command reports success; `show itl` shows the temporary signer.'],
};

export const CTL_LOCALKEY: StepText = {
  title: 'Sign the CTL with the local key (mixed mode, tokenless)',
  action:
    'On the publisher, have the CTL signed with the local key so phones accept the CTL that the new ITLRecovery will sign.',
  commands: ['utils ctl reset localkey'],
  why: ['4.2-itlrecovery'],
  expect: ['The command reports success; `show ctl` shows the temporary signer.'],
};

/** In the clean-up: the exported ITLRecovery.p12 is what recovers phones (brief 4.5). */
export const EXPORT_AGAIN: StepText = {
  title: 'Copy the new ITLRecovery.p12 off the cluster (the old one no longer recovers phones)',
  commands: ['file get tftp ITLRecovery.p12'],
  why: ['4.2-itlrecovery', '4.5-recovery'],
};
