// "If something goes wrong" (brief 4.5): stop at a failed gate, bring a service back, and the ways to recover phones
// that lost trust, by security mode, version and CTL signer.
import { CTL_CLIENT_GUI } from './shared.js';
import type { StepText } from './step-text.js';

export const STOP_AT_GATE: StepText = {
  title: 'A gate does not match: stop before the next step; never restore a backup from before the change',
  why: ['4.5-recovery', '4.5-backup'],
};

export const SERVICE_NOT_STARTED: StepText = {
  title: 'A service stays down: `utils service start <service>`; Tomcat or CallManager: `show cert own`',
  why: ['4.5-recovery'],
};

/** The command takes the host, the user and the ITLRecovery.p12 file (review m7). */
export const ITL_LOCALKEY_RECOVERY: StepText = {
  title: 'Phones lost trust (non-secure, 10.0+): reset the ITL with the local key',
  action:
    'After the first command reset the phones and wait; then restart Cisco Tftp on every TFTP node and reset again. If the local key fails: remotekey, with the exported ITLRecovery.p12.',
  commands: ['utils itl reset localkey', 'utils itl reset remotekey <sftp-host> <sftp-user> <path>/ITLRecovery.p12'],
  why: ['4.5-recovery'],
};

/** The same two passes as FN70613's workaround (review B1): each command, then the restarts and a reset. */
export const CTL_LOCALKEY_RECOVERY: StepText = {
  title: 'Phones lost trust (mixed, 10.0+): `utils ctl reset localkey`, `utils ctl update CTLFile`',
  action: 'After each: restart CallManager, CTIManager on every node, reset the phones, check samples.',
  commands: ['utils ctl reset localkey', 'utils ctl update CTLFile'],
  why: ['4.5-recovery'],
};

export const CTL_ETOKEN_RECOVERY: StepText = {
  title: 'Phones lost trust (mixed mode, eTokens): update the CTL with the CTL Client',
  action:
    'Then restart Cisco Tftp on every TFTP node and reset the phones; erase CTL and ITL by hand on those still failing.',
  gui: [CTL_CLIENT_GUI],
  why: ['4.5-recovery'],
};

/** Pages: the erase menu per model family (rules/phone-trust-list.ts; 214231, review m6). */
export const ITL_BY_HAND: StepText = {
  title: 'Phones lost trust (8.x-9.x, or not trusting ITLRecovery): erase the ITL on each phone',
  why: ['4.5-recovery'],
};
