// Finds the CiscoLog tag the whole message is anchored on: `%UC_<FAC>-<sev>-<Name>:` or the legacy 7.x/8.x form
// `%CCM_<SVC>-<SUBFAC>-<sev>-<Name>:` (Name may contain '-'); the first one found wins, header positions never matter.

export interface CiscoLogTag {
  form: 'uc' | 'legacy';
  /** e.g. UC_CERT, UC_ReplWatcher, CCM_SERVICEMANAGER (as sent). */
  facility: string;
  /** Legacy form only, e.g. SERVICEMANAGER. */
  subFacility: string | null;
  severity: number;
  name: string;
  /** Tag text without '%' and the trailing ':' (e.g. UC_CERT-2-CertValidfor7days). */
  text: string;
  /** Index of '%' (or of the tag when sent without '%'). */
  start: number;
  /** Index just after the ':' that ends the tag. */
  end: number;
}

const UC_TAG = /%?(UC_[A-Za-z0-9_]{1,64})-([0-7])-([A-Za-z0-9_]{1,128})[ \t]{0,4}:/y;
const LEGACY_TAG = /%?(CCM_[A-Za-z0-9_]{1,64})-([A-Za-z0-9_]{1,64})-([0-7])-([A-Za-z0-9_][A-Za-z0-9_-]{0,127}?)[ \t]{0,4}:/y;
/** Candidates that fail to match are skipped; this caps the work on text full of '%UC_' lookalikes. */
const MAX_CANDIDATES = 16;

function matchAt(text: string, at: number): CiscoLogTag | null {
  UC_TAG.lastIndex = at;
  const uc = UC_TAG.exec(text);
  if (uc) {
    const facility = uc[1] ?? '';
    const name = uc[3] ?? '';
    return {
      form: 'uc', facility, subFacility: null, severity: Number(uc[2]), name,
      text: `${facility}-${uc[2]}-${name}`, start: at, end: at + uc[0].length,
    };
  }
  LEGACY_TAG.lastIndex = at;
  const legacy = LEGACY_TAG.exec(text);
  if (legacy) {
    const facility = legacy[1] ?? '';
    const sub = legacy[2] ?? '';
    const name = legacy[4] ?? '';
    return {
      form: 'legacy', facility, subFacility: sub, severity: Number(legacy[3]), name,
      text: `${facility}-${sub}-${legacy[3]}-${name}`, start: at, end: at + legacy[0].length,
    };
  }
  return null;
}

/** The first CiscoLog tag at or after `from`, or null. Tags without '%' are accepted only at the very start. */
export function findTag(text: string, from = 0): CiscoLogTag | null {
  let uc = text.indexOf('%UC_', from);
  let ccm = text.indexOf('%CCM_', from);
  for (let tries = 0; tries < MAX_CANDIDATES && (uc >= 0 || ccm >= 0); tries += 1) {
    const at = uc < 0 ? ccm : ccm < 0 ? uc : Math.min(uc, ccm);
    const tag = matchAt(text, at);
    if (tag) return tag;
    if (at === uc) uc = text.indexOf('%UC_', at + 1);
    else ccm = text.indexOf('%CCM_', at + 1);
  }
  // Message bodies published without the '%' (e.g. audit samples `CCM_TOMCAT-GENERIC-3-...`).
  if (from === 0) {
    let i = 0;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i += 1;
    if (text.startsWith('UC_', i) || text.startsWith('CCM_', i)) return matchAt(text, i);
  }
  return null;
}

/** Facility without its UC_/CCM_ prefix, upper-cased, for comparisons (`UC_Cert` -> CERT). */
export function facilityKey(tag: CiscoLogTag): string {
  return tag.facility.replace(/^(?:UC|CCM)_/, '').toUpperCase();
}
