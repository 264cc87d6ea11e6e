// ITL protection routes (brief 4.3) and the conditions under which each may be used, as data.
import type { Cond } from './conditions.js';
import type { RouteId } from '../types.js';

export interface RouteCondition {
  /** Named reason given when this condition fails or is unknown. */
  reason: string;
  /** Refusal text shown to the engineer. */
  text: string;
  cond:
    | Cond[]
    | 'two-tftp-servers'
    | 'phones-tftp-order'
    | 'callmanager-change'
    | 'itl-anchor-change'
    | 'single-node-callmanager';
}

export interface ItlRoute {
  id: RouteId;
  title: string;
  summary: string;
  conditions: RouteCondition[];
  warnings: string[];
}

export const ITL_ROUTES: Record<RouteId, ItlRoute> = {
  standard: {
    id: 'standard',
    title: 'Standard route',
    summary:
      "Cisco's current procedure: one certificate type at a time on all its nodes, TVS untouched while CallManager changes (phones validate the new ITL through TVS), reset phones, wait, verify.",
    conditions: [],
    warnings: [],
  },
  'ordered-tftp': {
    id: 'ordered-tftp',
    title: 'Ordered TFTP route (extra ITL safety)',
    summary:
      "Stop TFTP on the primary, change its CallManager certificate, reset phones so they fetch the ITL from the secondary, start TFTP on the primary when they are back, then do the same for the next TFTP server. Never change two TFTP servers' certificates at once.",
    conditions: [
      {
        reason: 'version-not-8-to-11.5',
        text: "only on 8.x to 11.5 (from 12.0 ITLRecovery signs every TFTP server's ITL, the route is useless)",
        cond: [{ version: { from: '8.0', to: '11.5' } }],
      },
      {
        reason: 'multi-san-callmanager',
        text: 'only with single-node CallManager certificates, not multi-server SAN',
        cond: 'single-node-callmanager',
      },
      {
        reason: 'fewer-than-two-tftp',
        text: 'only with two or more TFTP servers (impossible on a single TFTP server)',
        cond: 'two-tftp-servers',
      },
      // The route starts with the phones' primary TFTP server: the inventory's list gives that order, discovery never
      // does.
      {
        reason: 'tftp-order',
        text: 'only when the order the phones use the TFTP servers in (DHCP option 150) is known: the route starts with the primary',
        cond: 'phones-tftp-order',
      },
      {
        reason: 'no-callmanager-change',
        text: 'only when the plan changes a CallManager certificate',
        cond: 'callmanager-change',
      },
    ],
    warnings: ['Every phone must be online before you start (an offline phone keeps its old ITL).'],
  },
  rollback: {
    id: 'rollback',
    title: 'Rollback-parameter route',
    summary:
      'Set "Prepare Cluster for Rollback to pre 8.0" to True so phones take a blank ITL and trust any TFTP server, change the certificates, then set it back to False.',
    conditions: [
      {
        reason: 'no-itl-anchor-change',
        text: 'only useful when the plan changes a certificate phones trust through the ITL (CallManager, TVS, CAPF, ITLRecovery)',
        cond: 'itl-anchor-change',
      },
    ],
    warnings: [
      'Security exposure: while the parameter is True, phones accept unauthenticated configuration files and trust any TFTP server. Keep the window short.',
      'Extension mobility and other HTTPS phone services stop while it is True; calls keep working.',
      'Mixed mode still needs the CTL update of each step.',
    ],
  },
};
