// The mixed-mode CTL update (brief 4.1.4) and the devices that cannot verify a CTL whose signer changed (118893).
import { CTL_CLIENT_GUI } from './shared.js';
import type { StepText } from './step-text.js';

/** Both CTL updates' check. */
const CTL_LISTS_NEW = '`show ctl` lists the new serial numbers and verifies.';

export const CTL_UPDATE_TOKENLESS: StepText = {
  title: 'CTL update: after the last node, before restarts',
  commands: ['utils ctl update CTLFile'],
  why: ['4.1.4-ctl-update'],
  expect: [CTL_LISTS_NEW],
};

/** Tokenless wording stays on the tokenless step (review m2). */
export const CTL_UPDATE_ETOKEN: StepText = {
  title: 'CTL update with the CTL Client (eTokens): after the last node, before restarts',
  gui: [CTL_CLIENT_GUI],
  warnings: ['Only an eToken that signed the current CTL works; without one (and its password), stop here.'],
  why: ['4.1.4-ctl-update'],
  expect: [CTL_LISTS_NEW],
};

/** On the tokenless CTL update when the publisher's CallManager (the CTL's signer on 10.x-11.x) changes. */
export const TOKENLESS_SIGNER_CHANGED =
  "On 10.x-11.x the tokenless CTL is signed with the publisher's CallManager key, which has just changed: phones accept the new CTL through TVS, so TVS must be running on every node.";

export const NON_SBD_CTL_DELETE: StepText = {
  title: 'Delete the CTL by hand on devices without Security by Default',
  action: 'The new CTL signer cannot be verified through TVS by the devices listed in the pre-checks.',
  gui: [
    '7940/7960: Settings > Security Configuration > CTL File > unlock (**#) > Erase',
    'Jabber: File > Reset Jabber (or delete the CTL/ITL files from its profile)',
    'TelePresence: as the endpoint\'s administration guide says',
  ],
  why: ['4.1.4-non-sbd'],
  expect: ['Every device on the pre-check list is registered again.'],
};

/** The pre-check that lists the devices NON_SBD_CTL_DELETE works on. */
export const NON_SBD_PRE_CHECK: StepText = {
  title: 'List the devices without Security by Default that use the CTL',
  action:
    "The CTL's signer changes: Jabber, TelePresence and 7940/7960 (no Security by Default) fail until their CTL is deleted by hand. List them, and who can reach each in the window.",
  gui: ['Cisco Unified CM Administration > Device > Phone > Find (secure Device Security Profile; models without SBD)'],
  why: ['4.1.4-non-sbd', '4.1.5-pre-checks'],
  expect: ['The list of such devices is written down (or there are none).'],
};
