// Every rule the engine can apply, by id, with the brief section it comes from (the `why` of each step points here).
import { ownValue } from '../../domain/own-key.js';

export interface RuleInfo {
  title: string;
  /** Section of ../shared/domain/cucm-certificates.md (or Cisco document) it comes from. */
  source: string;
}

export const RULES = {
  '4.1.1-one-anchor': { title: 'One trust-anchor change per step; phones registered with the new ITL before the next', source: 'brief 4.1.1' },
  '4.1.2-signing': { title: 'Branch on signing: self-signed regenerate, CA-signed CSR flow, multi-SAN once on the publisher', source: 'brief 4.1.2' },
  '4.1.2-no-regen-ca': { title: 'Never `set cert regen` a CA-signed or multi-SAN certificate unless falling back to self-signed', source: 'brief 4.1.2' },
  '4.1.3-tomcat-reuse': { title: 'Tomcat reused as CallManager (14+) follows every CallManager rule', source: 'brief 4.1.3; Cisco 222534' },
  '4.1.4-ctl-update': { title: 'Mixed mode: update the CTL after the step\'s last node and before restarts / resets', source: 'brief 4.1.4' },
  '4.1.4-etoken-14': { title: 'eToken CTL on 14+ must move to tokenless first', source: 'brief 4.1.4, section 3' },
  '4.1.4-phone-interaction': { title: '14+: phones may reset on their own when the certificate changes ("Phone Interaction on Certificate Update")', source: 'brief 4.1.4 (unconfirmed practice)' },
  'fn70613': { title: 'FN70613: a refresh-upgraded mixed tokenless cluster on 12.5+ may hold an old ITLRecovery in its CTL; the workaround comes before any CallManager or ITLRecovery change', source: 'Cisco Field Notice FN70613 (CSCvv13565); plan review 2, B1' },
  '4.1.4-non-sbd': { title: 'When the tokenless CTL signer changes (publisher CallManager on 10.x-11.x, ITLRecovery on 12.0+), devices without Security by Default need their CTL deleted by hand', source: 'Cisco 118893; plan review 2, M6' },
  '4.1.5-pre-checks': { title: 'Pre-checks before any step', source: 'brief 4.1.5' },
  '4.1.6-verify': { title: 'Verify after each step and stop until it matches', source: 'brief 4.1.6' },
  '4.1.6-phone-itl': { title: 'Below 14 the gate checks the ITL on sample phones of every model and tries something that needs it', source: 'plan review 2, M2' },
  '4.2-order': { title: 'Order: tomcat and ipsec, CAPF, CallManager (each variant), ITLRecovery, TVS last (overridable)', source: 'brief 4.2' },
  '4.2-scope': { title: 'Scope of each certificate per version (publisher-only CAPF from 14, ITLRecovery per node 10.0-12.0)', source: 'brief section 3, 4.2' },
  '4.2-tomcat': { title: 'tomcat: change, restart Cisco Tomcat node by node, Cisco Tftp, SSO/UDS/DRF where they apply', source: 'brief 4.2' },
  '4.2-callmanager': { title: 'CallManager: change, CTL (mixed), restart CallManager/CTIManager/TVS/Tftp (HAProxy 14+), reset phones in batches', source: 'brief 4.2' },
  '4.2-capf': { title: 'CAPF: change, CTL (mixed), restart CAPF/TVS/Tftp, reset phones', source: 'brief 4.2' },
  '4.2-capf-lsc': { title: 'Publisher CAPF: re-issue CAPF-issued LSCs before the old CAPF expires; subscriber CAPF before 14 needs no LSC work', source: 'brief 4.2' },
  '4.2-tvs': { title: 'TVS: change, restart TVS publisher first then subscribers, Tftp, reset phones; no CTL update', source: 'brief 4.2' },
  '4.2-ipsec': { title: 'ipsec: change with no backup/restore running, restart DRF Master/Local and Tomcat', source: 'brief 4.2' },
  '4.2-itlrecovery': { title: 'ITLRecovery: its own two-phase recipe (reset localkey, reset phones, Tftp or CTL update, reset again)', source: 'brief 4.2' },
  '4.2-imp': { title: 'IM&P units (cup, cup-xmpp, cup-xmpp-s2s and ECDSA variants): on the IM&P nodes only, multi-SAN from the IM&P publisher; cup restarts Cisco SIP Proxy, cup-xmpp* restart Cisco XCP Router on every IM&P node; no ITL/CTL change, no phone resets', source: 'plan review 2, M8; IM&P Configuration and Administration Guide, Security' },
  '4.2-itlrecovery-214231': { title: 'ITLRecovery below 12.0 or with an eToken CTL: regenerate, update the CTL (mixed), restart TVS (publisher first) then TFTP, reset phones; no local-key round', source: 'Cisco 214231 "ITLRecovery Certificate"; plan review 2, B2 and M1' },
  '4.2-phones': { title: 'Reset phones in batches (never Enterprise Parameters > Reset) and wait for registration', source: 'brief 4.2' },
  '4.2-partners': { title: 'Partners that trust the certificate are updated before or after the change', source: 'brief 4.2, section 3' },
  '4.2-sso': { title: 'SSO: disable before, re-export SP metadata, re-enable and test after', source: 'brief 4.2' },
  '4.3-standard': { title: 'Standard ITL route: one type at a time, TVS untouched while CallManager changes', source: 'brief 4.3' },
  '4.3-ordered-tftp': { title: 'Ordered TFTP route: 8.x-11.5, single-node CallManager certificates, two or more TFTP servers', source: 'brief 4.3' },
  '4.3-rollback': { title: 'Rollback-parameter route: blank ITL for the window, then revert', source: 'brief 4.3' },
  '4.4-classify': { title: 'Trust stores: classify the entry first; nothing is regenerated in a trust store', source: 'brief 4.4' },
  '4.4-own-copy': { title: 'Copy of an own node certificate: renew on the source node', source: 'brief 4.4.1' },
  '4.4-partner': { title: 'External partner: renewed there, uploaded here (same CN replaces), delete what remains', source: 'brief 4.4.2' },
  '4.4-ca-chain': { title: 'CA root/intermediate: new chain and re-signed leaves first, old CA deleted last', source: 'brief 4.4.3' },
  '4.4-preloaded': { title: 'Expired Cisco-preloaded or unused certificate: delete it', source: 'brief 4.4.4' },
  '4.4-old-capf': { title: 'Old CAPF: delete only after every LSC is re-issued', source: 'brief 4.4.5' },
  '4.4-delete': { title: 'Deleting trust entries: in the window, CCN stopped and restarted on 11.5 and lower, scope by version, restart the store\'s service', source: 'brief 4.4' },
  '4.4-bugs': { title: 'Bugs cited by the renewal TechNote (CSCtn50405, CSCut58407, CSCto86463): cautious wording', source: 'brief 4.4' },
  '4.5-backup': { title: 'DRS backup before and after the change', source: 'brief 4.5' },
  '4.5-recovery': { title: 'Recovery when phones lost trust', source: 'brief 4.5' },
  '4.6-expired': { title: 'Expired certificates can still be regenerated; expired CAPF blocks LSC phones', source: 'brief 4.6' },
  'state-check': { title: 'State item unknown: check it before the window', source: 'brief section 3' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export function ruleTitle(id: string): string {
  return ownValue<RuleInfo>(RULES, id)?.title ?? id;
}
