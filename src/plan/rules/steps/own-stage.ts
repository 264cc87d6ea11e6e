// The words around an own certificate's stage that are not a step of their own: stage titles, the notes on where the
// change happens, and the warnings the stage's change steps carry. {unit} the unit as displayed, {node} one node.
import type { Signing } from '../../../domain/cluster.js';

export const STAGE_TITLE = {
  tomcatReused: 'tomcat (reused as CallManager)',
  tomcatMaybeReused: 'tomcat (CallManager rules if reused)',
  orderedTftpNode: '{unit} on TFTP server {node} (ordered TFTP)',
  orderedTftpOthers: '{unit} on the other nodes',
} as const;

/** Where the alarm's node is not where the unit's certificate is changed (brief 3 scope table). */
export const SCOPE_NOTE = {
  impUnitOnCucm:
    '{node} reported {unit}, but the inventory lists {node} as a CUCM node: {unit} lives on the IM&P nodes, so it is changed there (check the sender with `show network cluster`).',
  publisherOnly: 'Reported by {node}; on this version only the publisher has a {unit} certificate.',
  capfPerNodeBefore14: 'Before 14 every node has a CAPF certificate but only the publisher\'s is used.',
} as const;

/** A unit note (rules/units.ts) whose condition the plan cannot decide: `{note}` is the note. */
export const IF_IT_APPLIES = 'If it applies to your version/configuration: {note}';

export const STAGE_WARNING = {
  tomcatMaybeReused: 'If tomcat is reused as CallManager (14+), the conditional CallManager steps apply.',
  unusedCapf:
    "Before 14 only the publisher's CAPF certificate is used: this subscriber's CAPF is regenerated with no CTL update, no CAPF restart, no phone reset and no LSC work.",
  mergedCallManager: 'The CallManager alarm for these nodes is this same certificate: one change covers both.',
} as const;

/** Brief 4.6: an expired certificate can still be changed; CAPF has its own consequences. */
export const EXPIRED_WARNING = {
  any: 'This certificate has already expired: it can still be regenerated or replaced, but the outage lasts until it is (brief 4.6).',
  capf: 'An expired CAPF blocks phones that use LSCs (authenticated or encrypted profile, 802.1x, VPN) until they get a new LSC. Re-issue only works once the new CAPF is in the ITL and the phone trusts the ITL signer; if the phones\' MICs have expired too, "By Existing Certificate (MIC)" fails: use an authentication string. Do not assign certificates to phones except wireless 7921/7925, which authenticate with a third-party CA.',
} as const;

const GIVE_CA_CHAIN = 'the CA chain of the new {unit} certificate (nothing to add if it already trusts that CA)';

/** What a partner must trust (rules/partners.ts `{give}`), by the signing of the unit's new certificate. */
export const PARTNER_GIVE: Readonly<Record<Signing, string>> = {
  'self-signed': 'the new {unit} certificate',
  'ca-signed': GIVE_CA_CHAIN,
  'multi-san': GIVE_CA_CHAIN,
  unknown: 'the new {unit} certificate (self-signed) or its CA chain (CA-signed)',
};
