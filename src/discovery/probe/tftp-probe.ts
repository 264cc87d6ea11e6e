// The TFTP server's HTTP service (TCP 6970, the port phones use): GET ITLFile.tlv or CTLFile.tlv and read it with the
// pure TLV reader. A CTL that is not served (404) is evidence of its own: a cluster that was never in mixed mode serves
// none, so it is a `securityMode: non-secure` fact.
import type { DiscoveredFacts, FactSource } from '../facts-schema.js';
import { tlvFacts } from '../tlv/tlv-facts.js';
import { boundedGet } from './http-get.js';
import { failed, type ProbeOutcome } from './outcome.js';

export type TlvFileName = 'ITLFile.tlv' | 'CTLFile.tlv';

/** ITL and CTL files are tens of kilobytes (one record per TFTP node and unit); a larger answer is no such file. */
export const MAX_TFTP_FILE_BYTES = 256 * 1024;

export interface ProbeTarget {
  host: string;
  port: number;
  timeoutMs: number;
}

/** `[v6]` in URLs; host names and IPv4 as they are. */
export const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

function noCtlServed(source: FactSource, host: string): DiscoveredFacts {
  return {
    certificates: [],
    state: [{
      kind: 'securityMode', value: 'non-secure', source,
      note: `${host} serves no CTLFile.tlv (404): a cluster in mixed mode serves one from every TFTP server`,
    }],
    unread: [],
  };
}

export async function probeTftpFile(target: ProbeTarget, file: TlvFileName): Promise<ProbeOutcome> {
  const url = new URL(`http://${urlHost(target.host)}:${target.port}/${file}`);
  const got = await boundedGet(url, { timeoutMs: target.timeoutMs, maxBytes: MAX_TFTP_FILE_BYTES });
  if (!got.ok) return failed(got.reason, got.detail);
  if (got.status === 404 && file === 'CTLFile.tlv') {
    return {
      ok: true,
      facts: noCtlServed({ kind: 'ctl-file', detail: url.href }, target.host),
      detail: 'no CTL served (404)',
    };
  }
  if (got.status !== 200) return failed('http-status', `${url.href}: HTTP ${got.status}`);
  const facts = tlvFacts(got.body, file, url.href);
  // A file that cannot be read at all is the probe's failure, named by the reader; a record it skipped is a fact's gap.
  const unreadable = facts.certificates.length === 0 && facts.state.length === 0 ? facts.unread[0] : undefined;
  if (unreadable) return failed(unreadable.reason, `${url.href}: ${unreadable.detail}`);
  return { ok: true, facts, detail: `${got.body.length} bytes, ${facts.certificates.length} certificates` };
}
