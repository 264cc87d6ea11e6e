// Every rule the engine can apply, by id, with the brief section it comes from (the `why` of each step points here).
import { ownValue } from '../../domain/own-key.js';

export interface RuleInfo {
  title: string;
  /** Section of ../shared/domain/cucm-certificates.md (or Cisco document) it comes from. */
  source: string;
}

export const RULES = {
  '4.1.1-one-anchor': {
    title: 'One trust anchor per step; phones take the new ITL before the next',
    source: 'brief 4.1.1',
  },
  '4.1.2-signing': {
    title: 'Self-signed: regenerate; CA-signed: CSR; multi-SAN: once on the publisher',
    source: 'brief 4.1.2',
  },
  '4.1.2-no-regen-ca': { title: 'Never `set cert regen` a CA-signed or multi-SAN certificate', source: 'brief 4.1.2' },
  '4.1.3-tomcat-reuse': {
    title: 'Tomcat reused as CallManager (14+) follows every CallManager rule',
    source: 'brief 4.1.3; Cisco 222534',
  },
  '4.1.4-ctl-update': { title: 'Mixed mode: CTL update after the last node, before restarts', source: 'brief 4.1.4' },
  '4.1.4-etoken-14': {
    title: 'eToken CTL, 14+ (no CTL Client): tokenless first',
    source: 'Cisco 118893; Security Guide 12.5; brief 4.1.4',
  },
  '4.1.4-phone-interaction': {
    title: '14+: phones may reset when the certificate changes',
    source: 'brief 4.1.4 (unconfirmed practice)',
  },
  'fn70613': {
    title: 'Old ITLRecovery in the CTL (refresh upgrade): workaround first',
    source: 'FN70613 (CSCvv13565); review B1',
  },
  '4.1.4-non-sbd': {
    title: 'New tokenless CTL signer: delete the CTL on devices without SBD',
    source: 'Cisco 118893; review M6',
  },
  '4.1.5-pre-checks': { title: 'Pre-checks before any step', source: 'brief 4.1.5' },
  '4.1.6-verify': { title: 'Verify after each step and stop until it matches', source: 'brief 4.1.6' },
  '4.1.6-phone-itl': { title: 'Below 14: check the ITL on sample phones of every model', source: 'review M2' },
  '4.2-order': { title: 'Order: tomcat/ipsec, CAPF, CallManager, ITLRecovery, TVS last', source: 'brief 4.2' },
  '4.2-scope': { title: 'Scope of each certificate per version', source: 'brief section 3, 4.2' },
  '4.2-tomcat': {
    title: 'tomcat: Tomcat node by node, Tftp, SSO/UDS/DRF where they apply',
    source: 'brief 4.2; Security Guide',
  },
  '4.2-callmanager': {
    title: 'CallManager: CTL, CallManager/CTIManager/TVS/Tftp, phone resets',
    source: 'brief 4.2; Security Guide',
  },
  '4.2-capf': { title: 'CAPF: CTL (mixed), restart CAPF/TVS/Tftp, reset phones', source: 'brief 4.2' },
  '4.2-capf-lsc': {
    title: 'Publisher CAPF: re-issue CAPF-issued LSCs before the old CAPF expires',
    source: 'brief 4.2',
  },
  '4.2-tvs': { title: 'TVS: restart TVS publisher first, Tftp, reset phones; no CTL update', source: 'brief 4.2' },
  '4.2-ipsec': { title: 'ipsec: no backup/restore running; restart DRF Master/Local and Tomcat', source: 'brief 4.2' },
  '4.2-itlrecovery': { title: 'ITLRecovery 12.0+: two passes with the local key', source: 'brief 4.2' },
  '4.2-imp': {
    title: 'IM&P units: IM&P nodes only, SIP Proxy / XCP Router, no phone work',
    source: 'review M8; IM&P guide',
  },
  '4.2-itlrecovery-214231': {
    title: 'ITLRecovery below 12.0 or eToken: CTL, TVS then TFTP, phones',
    source: 'Cisco 214231; review B2, M1',
  },
  '4.2-phones': { title: 'Reset phones in batches, never Enterprise Parameters > Reset', source: 'brief 4.2' },
  '4.2-partners': {
    title: 'Partners that trust the certificate are updated before or after',
    source: 'brief 4.2, section 3',
  },
  '4.2-sso': { title: 'SSO: disable before; re-export metadata, re-enable, test after', source: 'brief 4.2' },
  '4.3-standard': { title: 'Standard ITL route: TVS untouched while CallManager changes', source: 'brief 4.3' },
  '4.3-ordered-tftp': { title: 'Ordered TFTP: 8.x-11.5, per-node CallManager, two or more TFTP', source: 'brief 4.3' },
  '4.3-rollback': { title: 'Rollback-parameter route: blank ITL for the window, then revert', source: 'brief 4.3' },
  '4.4-classify': { title: 'Trust stores: classify the entry; nothing is regenerated there', source: 'brief 4.4' },
  '4.4-own-copy': { title: 'Copy of an own node certificate: renew on the source node', source: 'brief 4.4.1' },
  '4.4-partner': { title: 'Partner certificate: renewed there, uploaded here, old one deleted', source: 'brief 4.4.2' },
  '4.4-ca-chain': { title: 'CA chain: new chain and re-signed leaves first, old CA last', source: 'brief 4.4.3' },
  '4.4-preloaded': { title: 'Expired Cisco-preloaded or unused certificate: delete it', source: 'brief 4.4.4' },
  '4.4-old-capf': { title: 'Old CAPF: delete only after every LSC is re-issued', source: 'brief 4.4.5' },
  '4.4-delete': { title: 'Trust deletions: in the window, CCN stopped on 11.5 and lower', source: 'brief 4.4' },
  '4.4-bugs': { title: 'Bugs the TechNote cites (CSCtn50405, CSCut58407, CSCto86463)', source: 'brief 4.4' },
  '4.5-backup': { title: 'DRS backup before and after the change', source: 'brief 4.5' },
  '4.5-recovery': { title: 'Recovery when phones lost trust', source: 'brief 4.5' },
  '4.6-expired': { title: 'Expired certificates can still be regenerated; CAPF blocks LSCs', source: 'brief 4.6' },
  'state-check': { title: 'State item unknown: check it before the window', source: 'brief section 3' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export function ruleTitle(id: string): string {
  return ownValue<RuleInfo>(RULES, id)?.title ?? id;
}
