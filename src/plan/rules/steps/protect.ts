// Protecting the phones' trust before the stages (brief 4.3, 4.1.4): the ITL route, the eToken CTL's move to tokenless
// on 14+, and the rollback route's parameter (set here, set back in the clean-up).
import { STATE_CHECKS } from '../state-checks.js';
import { COUNTS_BACK } from './shared.js';
import type { StepText } from './step-text.js';

export const ROUTE_STANDARD: { anchorChange: StepText; noAnchor: StepText } = {
  anchorChange: {
    title: 'ITL route: standard',
    action: 'one certificate type at a time, TVS untouched while CallManager changes',
    why: ['4.3-standard', '4.1.1-one-anchor'],
  },
  noAnchor: { title: 'ITL route: standard (the ITL is not touched)', why: ['4.3-standard', '4.1.1-one-anchor'] },
};

export const ROUTE_NOTE = {
  /** `{reason}`: why the route asked for was refused. */
  refused: 'Requested route refused: {reason}',
  orderedTftpAvailable:
    'Optional: the ordered-TFTP route is available on this cluster for extra ITL safety (ask for route ordered-tftp).',
} as const;

export const ROUTE_ORDERED_TFTP: StepText = {
  title: 'ITL route: ordered TFTP',
  action:
    "Each TFTP server's CallManager certificate changes in a step of its own while TFTP is stopped on it, so phones always have a TFTP server whose ITL they trust. Every phone must be online before you start.",
  warnings: ["Never change two TFTP servers' certificates at once on this route."],
  why: ['4.3-ordered-tftp'],
};

/**
 * On 14+ the CTL Client no longer works: the cluster moves to the tokenless CTL first, on the publisher (the appendix
 * cites 118893 and the Security Guide). What the command did is checked once, by ETOKEN_MOVE_GATE two actions later
 * (`show ctl` signed by the publisher): nothing between them depends on it.
 */
export const ETOKEN_TO_TOKENLESS: StepText = {
  title: 'Move the CTL from eTokens to tokenless',
  commands: ['utils ctl set-cluster mixed-mode'],
  why: ['4.1.4-etoken-14'],
};

export const ETOKEN_MOVE_GATE: StepText = {
  title: 'Verify the CTL is tokenless',
  commands: ['show ctl'],
  why: ['4.1.4-etoken-14'],
  expect: ['`show ctl` verifies, signed by the publisher (no "Cisco Manufacturing CA" SAST record).', COUNTS_BACK],
};

const ROLLBACK_PAGE = STATE_CHECKS.rollbackToPre8!.gui[0]!;
const DIRECTORY_URLS_PAGE = 'Cisco Unified CM Administration > System > Enterprise Parameters > Phone URL Parameters';

export const ROLLBACK_ON: StepText = {
  title: 'Set "Prepare Cluster for Rollback to pre 8.0" to True',
  action: 'Set the parameter to True and switch the corporate/personal directory URLs to HTTP.',
  gui: [ROLLBACK_PAGE, `${DIRECTORY_URLS_PAGE} (directory URLs: http:// instead of https://)`],
  warnings: [
    'Security exposure: phones accept unauthenticated configuration files and trust any TFTP server while it is True. Keep the window short.',
    'Extension mobility and other HTTPS phone services stop; calls keep working.',
  ],
  why: ['4.3-rollback'],
};

export const ROLLBACK_ON_GATE: StepText = {
  title: 'Verify the phones hold a blank ITL',
  gui: ['On a sample phone: Settings > Security > Trust List > ITL File (empty)'],
  why: ['4.3-rollback'],
  expect: ['Sample phones show an empty ITL.', COUNTS_BACK],
};

export const ROLLBACK_OFF: StepText = {
  title: 'Set "Prepare Cluster for Rollback to pre 8.0" back to False',
  action: 'Set the parameter back to False and restore the HTTPS directory URLs.',
  gui: [ROLLBACK_PAGE, `${DIRECTORY_URLS_PAGE} (restore https:// URLs)`],
  why: ['4.3-rollback'],
};

export const ROLLBACK_OFF_GATE: StepText = {
  title: 'Verify phones hold the new ITL again',
  commands: ['show itl'],
  why: ['4.3-rollback'],
  expect: ['Sample phones show a populated ITL (Settings > Security > Trust List).', COUNTS_BACK],
};
