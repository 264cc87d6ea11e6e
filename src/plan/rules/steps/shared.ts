// Pages, commands and checks that steps of several recipes share, written once.

/** Where own and trust certificates are managed, on a CUCM node or an IM&P node. */
export const CERT_PAGE = {
  cucm: 'Cisco Unified OS Administration > Security > Certificate Management',
  imp: 'Cisco Unified IM and Presence OS Administration > Security > Certificate Management',
} as const;

/** `{service}`: the service's full name (rules/services.ts). */
export const SERVICE_COMMAND = {
  restart: 'utils service restart {service}',
  stop: 'utils service stop {service}',
  start: 'utils service start {service}',
} as const;

/** The CTL Client with an eToken that signed the current CTL (eToken CTLs up to 12.5). */
export const CTL_CLIENT_GUI =
  'Cisco CTL Client (Windows PC) > the publisher > Update CTL File, with an original eToken and its password';

/** Where the phones' LSC issuer and expiry are listed. */
export const LSC_COLUMNS_GUI =
  'Cisco Unified CM Administration > Device > Phone > Find (LSC Issued By / LSC Expires columns)';

/** A gate's last check after anything that resets phones. */
export const COUNTS_BACK = 'Registered-device counts back to the baseline.';

/** Checks that hold only where the condition holds, when the plan does not know whether it does. */
export const QUALIFIER = { below14: 'Below 14: ', mixedOnly: 'Mixed mode only: ' } as const;

/** A check said as is when its condition is known to hold, or qualified ("Below 14: sample phones ...") when not. */
export function qualified(qualifier: string, check: string): string {
  return qualifier ? `${qualifier}${check.charAt(0).toLowerCase()}${check.slice(1)}` : check;
}
