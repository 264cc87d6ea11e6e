// A restart step per node, and the ordered-TFTP route's stop and start of TFTP (brief 4.3).
// {node} the node, {services} the services' names joined by ", ", {service} one service's name.
import { SERVICE_COMMAND } from './shared.js';
import type { StepText } from './step-text.js';

/** Said once in a plan's "How to" (render/how-to.ts), so the restart tables need not repeat it. */
export const CALLMANAGER_RESTART_CAUTION =
  'Calls on a node drop while its Cisco CallManager restarts (phones fail over within their group).';

/** One service on the node; commands are SERVICE_COMMAND.restart per service. */
const RESTART_ONE: StepText = {
  title: 'Restart {services} on {node}',
  action: 'On {node}, restart the service.',
  expect: ['{services} [STARTED] in `utils service list` on {node}.'],
};

/** The action differs only by how many services the node restarts. */
export const RESTART: { one: StepText; several: StepText } = {
  one: RESTART_ONE,
  several: { ...RESTART_ONE, action: 'On {node}, restart these services one after the other.' },
};

/** A restarted service's own note (rules/units.ts): `{note}`. */
export const SERVICE_NOTE = '{service}: {note}';

export const ORDERED_TFTP_STOP: StepText = {
  title: 'Stop Cisco Tftp on {node}',
  action:
    "Stop TFTP on {node} so that phones fetch their ITL from the next TFTP server while {node}'s certificate changes.",
  commands: [SERVICE_COMMAND.stop],
  warnings: ['Change only this TFTP server\'s certificate now; never two TFTP servers at once on this route.'],
  why: ['4.3-ordered-tftp'],
  expect: ['Cisco Tftp [STOPPED] on {node}.'],
};

export const ORDERED_TFTP_START: StepText = {
  title: 'Start Cisco Tftp on {node} again',
  action: 'Once the phones are registered again, start TFTP on {node}.',
  commands: [SERVICE_COMMAND.start],
  why: ['4.3-ordered-tftp'],
  expect: ['Cisco Tftp [STARTED] on {node}.'],
};
