// UDS answers that need no credentials (Cisco's UDS API reference, developer.cisco.com/site/user-data-services):
// `GET /cucm-uds/version` -> <versionInformation version=".."><version>12.5.1</version></versionInformation> and
// `GET /cucm-uds/servers` -> <servers version=".."><server>cucm-pub.example.net</server>...</servers>.
// Two flat shapes: a linear scanner (indexOf only, no regular expression over the body) reads them; no XML library.
import type { DiscoveredFacts, DiscoveredNode, FactSource } from './facts-schema.js';

/** The answers are a few hundred bytes; a large body is no UDS answer. */
export const MAX_UDS_BODY_CHARS = 256 * 1024;
const MAX_SERVERS = 64;

type Scan = { ok: true; root: string; rootTag: string; body: string } | { ok: false; reason: string; detail: string };

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Math.min(parseInt(name.slice(2), 16), 0x10ffff));
    if (name.startsWith('#')) return String.fromCodePoint(Math.min(parseInt(name.slice(1), 10), 0x10ffff));
    return ENTITIES[name] ?? whole;
  });
}

/** Skips the XML declaration, processing instructions, comments, a doctype and blanks; returns the root element. */
function root(xml: string): Scan {
  let at = 0;
  for (;;) {
    while (at < xml.length && ' \t\r\n\ufeff'.includes(xml[at] ?? '')) at += 1;
    if (xml.startsWith('<?', at)) at = xml.indexOf('?>', at);
    else if (xml.startsWith('<!--', at)) at = xml.indexOf('-->', at);
    else if (xml.startsWith('<!', at)) at = xml.indexOf('>', at);
    else break;
    if (at < 0) return { ok: false, reason: 'not-uds', detail: 'unterminated declaration or comment' };
    at += xml.startsWith('-->', at) ? 3 : xml.startsWith('?>', at) ? 2 : 1;
  }
  if (xml[at] !== '<') return { ok: false, reason: 'not-uds', detail: 'no XML element' };
  const tagEnd = xml.indexOf('>', at);
  if (tagEnd < 0) return { ok: false, reason: 'not-uds', detail: 'unterminated root tag' };
  const rootTag = xml.slice(at + 1, tagEnd);
  const name = rootTag.split(/[\s/]/, 1)[0] ?? '';
  return { ok: true, root: name, rootTag, body: xml.slice(tagEnd + 1) };
}

/** Texts of the `<name>` children in `body` (flat: an element holding markup is skipped), in order. */
function childTexts(body: string, name: string, limit: number): string[] {
  const texts: string[] = [];
  const open = `<${name}`;
  const close = `</${name}>`;
  for (let at = body.indexOf(open); at >= 0 && texts.length < limit; at = body.indexOf(open, at + 1)) {
    const next = body[at + open.length];
    if (next !== '>' && next !== ' ' && next !== '\t' && next !== '\r' && next !== '\n' && next !== '/') continue;
    const tagEnd = body.indexOf('>', at);
    if (tagEnd < 0) break;
    if (body[tagEnd - 1] === '/') continue;
    const end = body.indexOf(close, tagEnd);
    if (end < 0) break;
    const text = body.slice(tagEnd + 1, end);
    if (!text.includes('<')) texts.push(decodeEntities(text).trim());
    at = end;
  }
  return texts;
}

function attribute(tag: string, name: string): string | null {
  const at = tag.indexOf(`${name}=`);
  if (at < 0) return null;
  const quote = tag[at + name.length + 1];
  if (quote !== '"' && quote !== "'") return null;
  const end = tag.indexOf(quote, at + name.length + 2);
  return end < 0 ? null : decodeEntities(tag.slice(at + name.length + 2, end)).trim();
}

function checked(xml: string, wantedRoot: string, source: FactSource): Scan {
  if (xml.length > MAX_UDS_BODY_CHARS) return { ok: false, reason: 'oversized', detail: `${xml.length} characters` };
  const scan = root(xml);
  if (scan.ok && scan.root !== wantedRoot) {
    return {
      ok: false,
      reason: 'not-uds',
      detail: `root element <${scan.root.slice(0, 40)}>, not <${wantedRoot}> (${source.detail})`,
    };
  }
  return scan;
}

const VERSION = /^\d{1,2}\.[0-9A-Za-z.()-]{1,37}$/;
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** `/cucm-uds/version`: the cluster's version, x.y.z only (`show version active` gives the build too). */
export function readUdsVersion(xml: string, source: FactSource): DiscoveredFacts {
  const scan = checked(xml, 'versionInformation', source);
  if (!scan.ok) return { certificates: [], state: [], unread: [{ reason: scan.reason, source, detail: scan.detail }] };
  const version = childTexts(scan.body, 'version', 1)[0] ?? attribute(scan.rootTag, 'version');
  if (version === null || version === undefined || !VERSION.test(version)) {
    return {
      certificates: [],
      state: [],
      unread: [{ reason: 'bad-version', source, detail: (version ?? 'none').slice(0, 60) }],
    };
  }
  return {
    certificates: [],
    state: [{ kind: 'version', value: version, source, note: 'UDS reports major.minor.maintenance only' }],
    unread: [],
  };
}

/** `/cucm-uds/servers`: the cluster's CUCM nodes as configured (host, FQDN or address), in UDS's order. */
export function readUdsServers(xml: string, source: FactSource): DiscoveredFacts {
  const scan = checked(xml, 'servers', source);
  if (!scan.ok) return { certificates: [], state: [], unread: [{ reason: scan.reason, source, detail: scan.detail }] };
  const nodes: DiscoveredNode[] = [];
  const unread: DiscoveredFacts['unread'] = [];
  for (const server of childTexts(scan.body, 'server', MAX_SERVERS)) {
    if (!HOST.test(server)) {
      unread.push({ reason: 'bad-server-name', source, detail: server.slice(0, 120) });
      continue;
    }
    const name = IPV4.test(server) ? server : (server.split('.')[0] ?? server);
    if (nodes.some((n) => n.name.toLowerCase() === name.toLowerCase())) continue;
    nodes.push({ name, addresses: name === server ? [] : [server], roles: ['cucm'] });
  }
  if (nodes.length === 0) {
    return {
      certificates: [],
      state: [],
      unread: [...unread, { reason: 'nothing-read', source, detail: 'no <server> element' }],
    };
  }
  return {
    certificates: [],
    state: [
      { kind: 'nodes', value: nodes, source, note: 'UDS lists the CUCM nodes of the cluster (no IM&P, no roles)' },
    ],
    unread,
  };
}
