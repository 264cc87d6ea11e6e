// CAPF: every LSC it issued is re-issued before the old CAPF expires, checked in the clean-up, and only then is the
// old CAPF deleted (brief 4.2, 4.4; review M3). {node} the publisher the LSCs are re-issued on.
import { CERT_PAGE, LSC_COLUMNS_GUI } from './shared.js';
import type { StepText } from './step-text.js';

/** The rule's reason when the changed CAPF is a subscriber's before 14 (review m1). */
export const UNUSED_CAPF_REASON = 'A subscriber\'s CAPF before 14 is unused: regenerated, no LSC work.';

/** When the plan does not know whether the changed node is the publisher. */
export const LSC_ONLY_ON_PUBLISHER =
  "Only if {node} is the publisher (check: `show network cluster`); a subscriber's CAPF before 14 needs no LSC work.";

export const LSC_REISSUE: StepText = {
  title: 'Re-issue every CAPF-issued LSC (before the old CAPF expires)',
  action: 'Install/Upgrade, "By Existing Certificate (precedence to LSC)"; BAT for many phones.',
  gui: [
    'Cisco Unified CM Administration > Device > Phone > (phone) > CAPF Information > Install/Upgrade',
    'Cisco Unified CM Administration > Bulk Administration > Phones > Update Phones',
  ],
  warnings: [
    'Runs in the background for days, beside the next step; the clean-up checks it is done.',
    '"By Null String" gives no security: only when nothing else works.',
  ],
  why: ['4.2-capf-lsc'],
  expect: ['Every phone that had a CAPF-issued LSC shows a new LSC issued by the new CAPF.'],
};

/** The re-issue runs beside the next anchor's step: it is checked in the clean-up, not inside the CAPF step. */
export const LSC_GATE: StepText = {
  title: 'Check every LSC was re-issued',
  gui: [LSC_COLUMNS_GUI],
  why: ['4.2-capf-lsc'],
  expect: ['No phone left with an LSC issued by the old CAPF; only then may the old CAPF be deleted.'],
};

export const OLD_CAPF_DELETE: StepText = {
  title: 'Delete the old CAPF certificate once every LSC is re-issued',
  action:
    "After the LSC gate (maybe days later); then from RADIUS/ISE and the ASA too. From 11.0 the publisher's deletion propagates; before, repeat it on every node.",
  commands: [
    'show cert list trust',
    'set cert delete CAPF <old CAPF file>',
    'set cert delete CallManager <old CAPF file>',
  ],
  gui: [`${CERT_PAGE.cucm} > Find (CAPF-trust, CallManager-trust) > old CAPF > Delete`],
  warnings: ['Deleting from CAPF-trust or CallManager-trust can reset phones: in a maintenance window.'],
  why: ['4.4-old-capf', '4.4-delete'],
};
