// The certificate alarm's `Message`: `Certificate expiration Notification. Certificate name:<file> Unit:<unit>
// Type:<own-cert|trust-cert> Expiration:<...>`, cut by CUCM at about 129 characters (so any field may be the cut one).

export interface CertificateMessage {
  certificate: string;
  /** Store as spelled (tomcat, CallManager-ECDSA, tomcat-trust, ...). */
  unit: string;
  /** own-cert / trust-cert as sent; completed from an unambiguous cut prefix (`own-c`); 'unknown' when cut away. */
  certType: string;
  /** Text after `Expiration:` as sent (possibly cut; '' when cut away). */
  expirationText: string;
  /** Notes on what was cut (for the event's expiry note). */
  notes: string[];
}

export type CertificateMessageResult =
  | { ok: true; message: CertificateMessage }
  | { ok: false; reason: 'absent' | 'truncated' | 'malformed'; detail: string };

/** CUCM cuts the Message value at about 129 characters; a value this long may have lost its tail. */
export const MESSAGE_CUT_CHARS = 129;
const POSSIBLY_CUT_FROM = MESSAGE_CUT_CHARS - 12;

const NAME_LABEL = 'Certificate name:';
const KNOWN_TYPES = ['own-cert', 'trust-cert'];

/**
 * Parses a Message value. `cut` says the value is known to be cut (the text ended inside the parameter); a value
 * near the cut length is treated as possibly cut too, because CUCM closes the bracket after cutting. A unit that may
 * be cut (`Unit:tomcat` could be the start of `tomcat-trust` or `tomcat-ECDSA`) is never guessed: truncated.
 */
export function parseCertificateMessage(value: string, cut: boolean): CertificateMessageResult {
  const nameAt = value.indexOf(NAME_LABEL);
  if (nameAt < 0) {
    // `Certificate expiration Notification. Certif`: the notification was cut before the name.
    if (/^\s*Certificate\b/i.test(value)) {
      return { ok: false, reason: 'truncated', detail: 'certificate Message cut before the certificate name' };
    }
    return { ok: false, reason: 'absent', detail: 'no certificate name in the Message' };
  }
  const possiblyCut = cut || value.length >= POSSIBLY_CUT_FROM;
  const nameStart = nameAt + NAME_LABEL.length;
  const unitAt = value.indexOf(' Unit:', nameStart);
  if (unitAt < 0) return { ok: false, reason: 'truncated', detail: 'certificate Message cut before its Unit' };
  const certificate = value.slice(nameStart, unitAt).trim();
  if (certificate === '') return { ok: false, reason: 'malformed', detail: 'empty certificate name' };

  const unitStart = unitAt + ' Unit:'.length;
  const typeAt = value.indexOf(' Type:', unitStart);
  let unitEnd = typeAt;
  if (unitEnd < 0) {
    const space = value.slice(unitStart).search(/\s/);
    unitEnd = space < 0 ? value.length : unitStart + space;
  }
  const unit = value.slice(unitStart, unitEnd).trim();
  const unitComplete = unitEnd < value.length && /\s/.test(value[unitEnd] ?? '');
  if (unit === '' || (!unitComplete && possiblyCut)) {
    return { ok: false, reason: 'truncated', detail: `certificate Message cut in its Unit ("${unit}")` };
  }

  const notes: string[] = [];
  let certType = 'unknown';
  let expirationText = '';
  if (typeAt >= 0) {
    const typeStart = typeAt + ' Type:'.length;
    const expAt = value.indexOf('Expiration:', typeStart);
    const typeText = value.slice(typeStart, expAt < 0 ? value.length : expAt).trim().split(/\s/, 1)[0] ?? '';
    const typeComplete = expAt >= 0 || !possiblyCut || KNOWN_TYPES.includes(typeText.toLowerCase());
    if (typeComplete) certType = typeText === '' ? 'unknown' : typeText;
    else {
      const matches = KNOWN_TYPES.filter((t) => typeText !== '' && t.startsWith(typeText.toLowerCase()));
      certType = matches.length === 1 ? (matches[0] ?? 'unknown') : 'unknown';
      notes.push(`Type cut to "${typeText}"`);
    }
    if (expAt >= 0) expirationText = value.slice(expAt + 'Expiration:'.length).replace(/^\s+/, '');
  } else {
    notes.push('Type cut away');
  }
  return { ok: true, message: { certificate, unit, certType, expirationText, notes } };
}
