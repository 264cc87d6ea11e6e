// Deleting an entry from trust stores (brief 4.4): Certificate Change Notification and the IM&P sync services stopped
// around it on 11.5 and lower, the deletion by version, the gate. {store} a trust store, {stores} several joined,
// {entry} the certificate's name (or UNNAMED_ENTRY), {storeUnit} the store as `set cert delete` takes it, {name} the
// certificate's name safe for the CLI (or CERTIFICATE_NAME_PLACEHOLDER). Commands: SERVICE_COMMAND per service.
import { CERT_PAGE } from './shared.js';
import type { StepText } from './step-text.js';

/** An entry whose name the alarm did not give: in titles, and on the GUI page and in the gate. */
export const UNNAMED_ENTRY = { title: 'the old entry', page: 'the entry' } as const;

/** What the engineer types instead of a name that is unsafe in a CLI command. */
export const CERTIFICATE_NAME_PLACEHOLDER = '<certificate file name as shown by show cert list trust>';

export const DELETION_WARNING = {
  /** `{stores}`: the stores whose deletion can reset phones. */
  resetsPhones:
    'Deleting from {stores} can reset phones: inside the window (the TechNote cites CSCut58407; check its notes for your release).',
  unsafeName:
    'The reported certificate name contains unusual characters: copy the exact name from `show cert list trust` instead.',
  reappears: 'A deleted certificate may reappear (the TechNote cites CSCto86463): check again after the next restart.',
} as const;

const CCN_STOP_TITLE = 'Stop Cisco Certificate Change Notification on every node (11.5 and lower)';

/** `why` continues with the deletion's own rules. */
export const CCN_STOP: StepText = {
  title: CCN_STOP_TITLE,
  why: ['4.4-delete'],
  expect: ['Cisco Certificate Change Notification [STOPPED] on every node.'],
};

export const CCN_START: StepText = {
  title: 'Start Cisco Certificate Change Notification again on every node',
  action: 'Certificates are not distributed while it is stopped.',
  why: ['4.4-delete'],
  expect: ['Cisco Certificate Change Notification [STARTED] on every node.'],
};

/** Around the old CAPF's deletion in the clean-up. */
export const OLD_CAPF_CCN: { stop: StepText; start: StepText } = {
  stop: { title: CCN_STOP_TITLE, why: ['4.4-delete'] },
  start: { title: 'Start Cisco Certificate Change Notification on every node (11.5 and lower)', why: ['4.4-delete'] },
};

export const IMP_SYNC_STOP: StepText = {
  title: 'Stop the IM&P sync services (IM&P below 12.0)',
  why: ['4.4-delete'],
  expect: ['Both services [STOPPED] on every IM&P node.'],
};

export const IMP_SYNC_START: StepText = {
  title: 'Start the IM&P sync services again',
  why: ['4.4-delete'],
  expect: ['Both services [STARTED] on every IM&P node.'],
};

/** The CLI takes the unit without "-trust" (CLI reference: `set cert delete ipsec test.pem`; review m7). */
const DELETE_ENTRY: Omit<StepText, 'title'> = {
  commands: ['set cert delete {storeUnit} {name}'],
  gui: [`${CERT_PAGE.cucm} > Find ({store}) > {pageEntry} > Delete`],
  why: ['4.4-delete', '4.4-bugs'],
  expect: ['`show cert list trust` no longer lists the entry on any node.'],
};

/** Before 11.0 a deletion applies to one node; from 11.0 it propagates. `{pageEntry}`: the name or
 * UNNAMED_ENTRY.page. */
export const DELETE_FROM_STORE: { eachNode: StepText; propagates: StepText } = {
  eachNode: {
    ...DELETE_ENTRY,
    title: 'Delete {entry} from {store} on every node that holds it (before 11.0)',
    action: 'Before 11.0 a deletion applies to one node only.',
  },
  propagates: {
    ...DELETE_ENTRY,
    title: 'Delete {entry} from {store} (propagates from 11.0)',
    action: 'From 11.0 it propagates to the cluster: on the publisher, then verify on every node.',
  },
};

/** `{entry}`: the name or UNNAMED_ENTRY.page. */
export const DELETION_GATE: StepText = {
  title: 'Check {entry} is gone from {stores} everywhere',
  commands: ['show cert list trust'],
  why: ['4.4-delete'],
  expect: ['The entry is listed on no node.', 'Registered-device count back to the baseline.'],
};
