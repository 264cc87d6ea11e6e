// A verification gate's words (brief 4.1.6): the unit gate's checks, and the phones' ITL check below 14 (review M2).
// {unit} the unit as displayed, {file} its file, {nodes} the changed nodes.

export const UNIT_GATE_TITLE = 'Verify {unit} before going on';

export const UNIT_GATE_COMMAND = 'show cert own {unit}/{file}';

export const UNIT_GATE_CHECK = {
  newExpiry: 'On {nodes}: `show cert own {unit}/{file}` shows the new expiry.',
  /** Qualified with QUALIFIER.mixedOnly when the security mode is unknown. */
  ctl: '`show ctl` verifies and lists the new serial numbers.',
  /** IM&P units touch no phone: their own checks (rules/units.ts `verify`) replace this (review M8). */
  registered: 'Registered-device counts per node are back to the baseline.',
  itlFileStatus: '14+: no mismatch in the ITL File Status report (Cisco Unified CM Administration > Device > Phone).',
  /** A copy of the certificate in a trust store: `{certificate}`, `{store}`, `{reporters}` (or UNNAMED_REPORTER). */
  copy: '{certificate} in {store} (on {reporters}): the new expiry in `show cert list trust`.',
} as const;

export const UNNAMED_REPORTER = 'the alarm';

/** `{signer}`: ITL_SIGNER. */
export const ITL_GATE_CHECK = 'Each TFTP node: `show itl` verifies and lists the new serial; {signer}.';

/** The ITL and CTL checks in one when the cluster is known to be mixed (both files list the same new serial). */
export const ITL_CTL_GATE_CHECK = 'TFTP nodes: `show itl`, `show ctl` verify, list the new serial; ITL {signer}.';

/**
 * Who signs the ITL after the change. Up to 11.5 each TFTP node signs its ITL with its own (RSA) CallManager key, so
 * after a CallManager change the signer is that new certificate; from 12.0 ITLRecovery signs and stays the recorded
 * signer (review defect: a gate that could never pass).
 */
export const ITL_SIGNER = {
  otherUnit: 'signer as recorded',
  callManagerBelow12: 'signed by the node\'s new CallManager',
  callManagerFrom12: 'signer (ITLRecovery) as recorded',
  callManagerUnknown: 'signer the node\'s new CallManager up to 11.5, ITLRecovery from 12.0',
} as const;

/** Below 14 nothing on the server shows that the phones took the new ITL (review M2): look at sample phones. */
export const PHONE_ITL_GUI = 'Sample phones: web page > Security, or Settings > Security > Trust List > ITL File';

/** Qualified with QUALIFIER.below14 when the version is unknown. */
export const PHONE_ITL_CHECKS = [
  'Sample phones of every model: ITL checksum and signer match `show itl` (else they lock up at the next step).',
  'On them a signed configuration change arrives and the corporate directory opens.',
] as const;
