// `show itl` and `show ctl`: the CLI's dump of ITLFile.tlv / CTLFile.tlv, one `BYTEPOS TAG LENGTH VALUE` line per
// item (SIGNERNAME, CANAME, then per record SUBJECTNAME, FUNCTION, ISSUERNAME, SERIALNUMBER; CERTIFICATE shows only a
// hash). No dates: the signer facts come from here, exact expiries from the files themselves or `show cert own`.
import { commonName, normalizeSerial } from '../certificate-fields.js';
import type { DiscoveredFacts, FactSource, StateFact } from '../facts-schema.js';
import { TFTP_FUNCTION } from '../tlv/tlv-facts.js';
import { nodeFromSubjectCn } from '../units.js';
import { readJavaDate } from './java-date.js';
import { linesOf } from './lines.js';

export type TrustListKind = 'itl' | 'ctl';

/** `<bytepos> <TAG> <length> <value>`; the value may be absent (a zero-length DNSNAME). */
const ITEM = /^\s*\d{1,6}\s+([A-Z]{2,40})\s+\d{1,6}(?:\s+(.*))?$/;
const RECORD = /^\s*(?:ITL|CTL) Record #:\s*(\d{1,4})/i;
const ETOKEN_ISSUER = /Cisco Manufacturing CA/i;

interface ShownRecord {
  dnsName: string | null;
  ipAddress: string | null;
  subject: string | null;
  function: string | null;
  issuer: string | null;
  serial: string | null;
  usedToSign: boolean;
}

/** The record functions that carry a node's CallManager certificate (RSA or ECDSA), as the CLI names them. */
const CALLMANAGER_FUNCTION = /^(?:CCM|CCM\+TFTP|TFTP)$/i;

interface ShownFile {
  records: ShownRecord[];
  signerName: string | null;
  signerIssuer: string | null;
  /** "The CTL File was last modified on <Java date>", as an ISO instant; null when not printed or not readable. */
  modifiedAt: string | null;
  sawParse: boolean;
}

const MODIFIED = /^\s*The (?:ITL|CTL) File was last modified on (.{10,60})$/i;

function shownFile(text: string): ShownFile {
  const records: ShownRecord[] = [];
  let signerName: string | null = null;
  let signerIssuer: string | null = null;
  let modifiedAt: string | null = null;
  let inHeader = true;
  let sawParse = false;
  for (const line of linesOf(text)) {
    if (/Parse (?:ITL|CTL) File/i.test(line)) sawParse = true;
    const modified = MODIFIED.exec(line);
    if (modified) {
      const read = readJavaDate(modified[1] ?? '');
      modifiedAt = read.ok ? read.iso : null;
    }
    if (RECORD.test(line)) {
      inHeader = false;
      records.push({
        dnsName: null,
        ipAddress: null,
        subject: null,
        function: null,
        issuer: null,
        serial: null,
        usedToSign: false,
      });
      continue;
    }
    const current = records.at(-1);
    if (current && /was used to sign the (?:ITL|CTL) file/i.test(line) && !/was not used/i.test(line)) {
      current.usedToSign = true;
    }
    const item = ITEM.exec(line);
    if (!item) continue;
    const [, tag = '', value = ''] = item;
    if (inHeader) {
      if (tag === 'SIGNERNAME') signerName = value.trim();
      if (tag === 'CANAME' || tag === 'ISSUERNAME') signerIssuer = value.trim();
    } else if (current) {
      if (tag === 'DNSNAME' && value.trim() !== '') current.dnsName = value.trim();
      if (tag === 'IPADDRESS' && value.trim() !== '') current.ipAddress = value.trim();
      if (tag === 'SUBJECTNAME') current.subject = value.trim();
      if (tag === 'FUNCTION') current.function = value.trim();
      if (tag === 'ISSUERNAME') current.issuer = value.trim();
      if (tag === 'SERIALNUMBER') current.serial = normalizeSerial(value);
    }
  }
  return { records, signerName, signerIssuer, modifiedAt, sawParse };
}

/**
 * The TFTP servers a `show itl` lists, as the file reader names them (tlv-facts.ts): a TFTP record's DNS name, else
 * its subject's CN (an ECDSA certificate's `-EC` dropped), else its address; each once, in the file's order.
 */
function tftpServersShown(records: readonly ShownRecord[]): string[] {
  const named = records.filter((r) => TFTP_FUNCTION.test(r.function ?? '')).flatMap((r) => {
    const cn = r.subject === null ? null : commonName(r.subject);
    const node = r.dnsName ?? nodeFromSubjectCn('CallManager-ECDSA', cn) ?? r.ipAddress;
    return node === null ? [] : [node];
  });
  return [...new Map(named.map((node) => [node.toLowerCase(), node])).values()].slice(0, 64);
}

/**
 * The serials of the CallManager records of a `show itl` / `show ctl` (normalised): a CTL whose serials are not the
 * ITL's is stale (tlv/stale-ctl.ts), as the probe finds it from the files.
 */
export function callManagerSerials(text: string): string[] {
  return shownFile(text)
    .records.filter((r) => CALLMANAGER_FUNCTION.test(r.function ?? '') && r.serial !== null)
    .map((r) => r.serial as string);
}

export function readTrustList(text: string, kind: TrustListKind, source: FactSource): DiscoveredFacts {
  const { records, signerName, signerIssuer, modifiedAt, sawParse } = shownFile(text);
  const signer = records.find((r) => r.usedToSign);
  const name = signerName ?? signer?.subject ?? null;
  if (!sawParse || name === null) {
    if (kind === 'ctl' && /not found|no such file|length of ctl file:\s*0\b/i.test(text)) {
      return {
        certificates: [],
        unread: [],
        state: [
          {
            kind: 'securityMode',
            value: 'non-secure',
            source,
            note: 'the node has no CTL file (a mixed-mode cluster always has one)',
          },
        ],
      };
    }
    return {
      certificates: [],
      state: [],
      unread: [{ reason: 'nothing-read', source, detail: `no ${kind.toUpperCase()} header with a signer` }],
    };
  }
  const cn = commonName(name) ?? name;
  const state: StateFact[] = [];
  if (kind === 'itl') {
    const recovery = /^ITLRECOVERY/i.test(cn);
    state.push({
      kind: 'itlSigner',
      value: recovery ? 'itlrecovery' : 'callmanager',
      source,
      note: `show itl: signed by ${cn.slice(0, 200)}`,
    });
    const servers = tftpServersShown(records);
    if (servers.length > 0) {
      state.push({
        kind: 'tftpServers', value: servers, source,
        note: 'show itl: the TFTP servers the ITL lists (its CCM+TFTP and TFTP records); the order the phones use them in (DHCP option 150) is not in the file',
      });
    }
  } else {
    const issuer = signerIssuer ?? signer?.issuer ?? '';
    const etoken = ETOKEN_ISSUER.test(issuer);
    state.push(
      {
        kind: 'securityMode',
        value: 'mixed',
        source,
        note: 'show ctl lists a CTL file; a cluster set back to non-secure may keep its old CTL',
      },
      {
        kind: 'ctlSigner',
        value: etoken ? 'etoken' : 'tokenless',
        source,
        note: `show ctl: signed by ${cn.slice(0, 200)}, issued by ${issuer.slice(0, 200) || 'an unnamed issuer'}`,
      },
      {
        kind: 'ctlFile',
        value: { signer: name.slice(0, 2000), signedAt: modifiedAt },
        source,
        note: 'show ctl: the CTL file served: its signer and when it was last modified',
      },
    );
  }
  return { certificates: [], state, unread: [] };
}
