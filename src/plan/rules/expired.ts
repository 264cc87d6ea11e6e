// What an already expired certificate changes (brief 4.6), per unit, as data: what is failing now, what still works,
// which steps became urgent, and which checks or gates fail until the certificate is replaced. The plan's impact says
// it.
import type { UnitKey } from './units.js';

export interface ExpiredEffects {
  failing: string;
  stillWorks: string;
  urgent: string;
  failingChecks: string;
}

const IMP_CUP: ExpiredEffects = {
  failing:
    'TLS SIP to IM&P fails: the CUCM SIP trunk to IM&P (when it uses TLS) and SIP federation, so phone presence from IM&P and federated SIP contacts stop.',
  stillWorks: 'Calls and phones; Jabber IM and presence over XMPP.',
  urgent: 'the cup change and, for a TLS trunk, the new certificate in CallManager-trust on CUCM.',
  failingChecks: 'the SIP trunk to IM&P and SIP federation tests stay down.',
};

const IMP_XMPP: ExpiredEffects = {
  failing:
    'Jabber clients fail TLS to IM&P (certificate warnings or no IM and presence); Expressway MRA with TLS verify loses IM&P.',
  stillWorks: 'Calls, phones and voicemail; Jabber softphone calls registered to CUCM.',
  urgent: 'the cup-xmpp change and the Cisco XCP Router restart on every IM&P node, then the Expressway-C refresh.',
  failingChecks: 'Jabber sign-in to IM&P and the Expressway-C IM&P server status fail.',
};

const IMP_S2S: ExpiredEffects = {
  failing: 'XMPP federation with other domains fails: no presence or IM with federated contacts.',
  stillWorks: 'IM and presence inside the organisation; calls and phones.',
  urgent: 'the cup-xmpp-s2s change and handing the new certificate to each federation partner.',
  failingChecks: 'presence and IM with a federated contact fail.',
};

export const EXPIRED_EFFECTS: Record<UnitKey, ExpiredEffects> = {
  tomcat: {
    failing:
      'HTTPS to the node fails validation: administration pages show certificate errors, HTTPS phone services (corporate directory, extension mobility) and Jabber/UDS fail, SSO and Expressway MRA with TLS verify fail.',
    stillWorks: 'Phone registration and calls (they do not use tomcat).',
    urgent: 'the tomcat change itself, then the Expressway-C and UCCX/Finesse trust and the SSO re-enable.',
    failingChecks: 'the SAML SSO test, Expressway-C "Refresh servers" and Jabber sign-in fail until it is replaced.',
  },
  'tomcat-ecdsa': {
    failing: 'clients that negotiate ECDSA (browsers, Jabber, Expressway) fail TLS to the web services.',
    stillWorks: 'RSA clients, phone registration and calls.',
    urgent: 'the tomcat-ECDSA change.',
    failingChecks: 'web and Jabber sign-in tests from ECDSA clients fail.',
  },
  callmanager: {
    failing:
      'SIP-TLS peers that validate it (CUBE/SBC, Expressway, Unity Connection secure ports, IOS secure media) and phones with an authenticated or encrypted profile fail TLS to the node.',
    stillWorks:
      'Phones in a non-secure profile keep registering and calling; TVS still vouches for the certificates phones already trust.',
    urgent:
      'the CallManager change, the CTL update in mixed mode and pushing the new certificate to the SIP-TLS peers.',
    failingChecks:
      'SIP-TLS trunks and secure phone registrations stay down, so the registered-device baseline is not reached for secure phones.',
  },
  'callmanager-ecdsa': {
    failing: 'SIP-TLS peers and phones that negotiate ECDSA fail TLS to the node.',
    stillWorks: 'RSA peers and phones; non-secure phones.',
    urgent: 'the CallManager-ECDSA change and pushing it to the ECDSA peers.',
    failingChecks: 'ECDSA SIP-TLS trunks stay down.',
  },
  capf: {
    failing:
      'phones with CAPF-issued LSCs (authenticated or encrypted profile, 802.1x, phone VPN) are blocked, and no LSC can be installed or upgraded.',
    stillWorks: 'Phones without an LSC (non-secure profiles, MIC only) and calls.',
    urgent:
      'the CAPF change, then at once the ISE/ASA upload and the LSC re-issue (the old CAPF no longer protects anything); if the MICs have expired too, "By Existing Certificate (MIC)" fails: use an authentication string.',
    failingChecks:
      '802.1x and VPN authentication of LSC phones fail until each has its new LSC; the LSC re-issue check stays open.',
  },
  tvs: {
    failing:
      'phones can no longer verify certificates that are not in their ITL: HTTPS phone services fail, and a new CallManager certificate would not be accepted.',
    stillWorks: 'Registration and calls with the certificates phones already hold.',
    urgent: 'the TVS change before any CallManager or ITLRecovery change.',
    failingChecks:
      'the phone-side check of the gates (corporate directory, signed configuration) fails until it is replaced.',
  },
  ipsec: {
    failing: 'DRS backups and restores between nodes fail and IPsec tunnels to gateways drop.',
    stillWorks: 'Phones and calls.',
    urgent: 'the ipsec change; take the DRS backup right after it.',
    failingChecks: 'the "DRS backup before the change" pre-check fails until it is replaced.',
  },
  itlrecovery: {
    failing:
      'the recovery path for phones that lost trust (`utils itl reset`) is gone; from 12.0 it signs the ITL (and the tokenless CTL), and SSO with the system certificate fails.',
    stillWorks: 'Phones keep their current ITL, registration and calls.',
    urgent:
      'the ITLRecovery change and the new ITLRecovery.p12 export, before any other trust-anchor change (no recovery is possible until then).',
    failingChecks: 'the SAML SSO test fails where SSO uses the system certificate.',
  },
  cup: IMP_CUP,
  'cup-ecdsa': IMP_CUP,
  'cup-xmpp': IMP_XMPP,
  'cup-xmpp-ecdsa': IMP_XMPP,
  'cup-xmpp-s2s': IMP_S2S,
  'cup-xmpp-s2s-ecdsa': IMP_S2S,
};

/** The impact line of an expired unit. */
export function expiredImpact(display: string, e: ExpiredEffects): string {
  return `${display} has already expired. Failing now: ${e.failing} Still working: ${e.stillWorks} Urgent now: ${e.urgent} Until it is replaced: ${e.failingChecks}`;
}
