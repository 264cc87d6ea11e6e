// Pasted CLI output: one or several commands' outputs one after the other, each usually behind its `admin:` prompt
// line. Each section goes to the parser of its command (or, without a prompt, of the output it looks like); what no
// parser reads is named in `unread`, never dropped in silence.
import { concatFacts, noFacts, type DiscoveredFacts, type FactSource } from '../facts-schema.js';
import { readCertListOwn } from './cert-list-own.js';
import { readCertOwn } from './cert-own.js';
import { linesOf } from './lines.js';
import { readNetworkCluster } from './network-cluster.js';
import { compareCallManagerSerials, staleCtlFacts } from '../tlv/stale-ctl.js';
import { withSessionNode } from './session-node.js';
import { callManagerSerials, readTrustList } from './trust-list.js';
import { readVersionActive } from './version-active.js';

/** A paste of every supported command of a large cluster is a few hundred kilobytes; more is no paste. */
export const MAX_PASTE_CHARS = 2_000_000;

interface Section {
  /** The command after `admin:`, whitespace collapsed; null for output without a prompt line. */
  command: string | null;
  body: string;
}

const PROMPT = /^\s*admin:\s?(.*)$/;

function sections(text: string): Section[] {
  const out: Section[] = [];
  let current: { command: string | null; lines: string[] } = { command: null, lines: [] };
  const flush = () => {
    const body = current.lines.join('\n');
    if (current.command !== null || body.trim() !== '') out.push({ command: current.command, body });
  };
  for (const line of linesOf(text)) {
    const prompt = PROMPT.exec(line);
    if (prompt) {
      flush();
      const command = (prompt[1] ?? '').trim().replace(/\s+/g, ' ');
      current = { command: command === '' ? null : command, lines: [] };
    } else {
      current.lines.push(line);
    }
  }
  flush();
  return out;
}

function readSection(command: string, body: string, source: FactSource): DiscoveredFacts | null {
  const lower = command.toLowerCase();
  if (lower === 'show cert list own') return readCertListOwn(body, source);
  const own = /^show cert own (\S{1,200})$/i.exec(command);
  if (own) return readCertOwn(body, own[1] ?? '', source);
  if (lower === 'show itl') return readTrustList(body, 'itl', source);
  if (lower === 'show ctl') return readTrustList(body, 'ctl', source);
  if (lower === 'show version active') return readVersionActive(body, source);
  if (lower === 'show network cluster') return readNetworkCluster(body, source);
  return null;
}

/** The command an output without a prompt looks like, from lines only that command prints. */
function guessCommand(body: string): string | null {
  if (/Parse ITL File/i.test(body)) return 'show itl';
  if (/Parse CTL File/i.test(body)) return 'show ctl';
  if (/^\s*Active (?:Master )?Version:/im.test(body)) return 'show version active';
  if (/\sDB(?:Pub|Sub)\b/.test(body)) return 'show network cluster';
  if (/^\s*[A-Za-z][A-Za-z0-9-]{0,40}\/[^\s:/]{1,120}:\s/m.test(body)) return 'show cert list own';
  return null;
}

/**
 * A `show ctl` pasted with the `show itl` of the same node is compared with it as the probe compares the files
 * (tlv/stale-ctl.ts): a CTL whose CallManager serials are not the ITL's claims no mode and no signer, and is kept as a
 * stale CTL (a non-secure cluster still serving its old CTL, or a mixed one that missed its CTL update).
 */
function settleShownCtl(itlBody: string, ctlBody: string, ctl: DiscoveredFacts): DiscoveredFacts {
  const age = compareCallManagerSerials(callManagerSerials(itlBody), callManagerSerials(ctlBody));
  return age.reason === 'ctl-stale' ? staleCtlFacts(ctl, 'serials-differ-from-itl', age.detail) : ctl;
}

/** Reads a paste; `origin` says where it came from (e.g. "POST /api/v1/clusters/c1/evidence"). */
export function readPasted(text: string, origin: string): DiscoveredFacts {
  const whole: FactSource = { kind: 'show-output', detail: origin };
  if (text.length > MAX_PASTE_CHARS) {
    return { ...noFacts(), unread: [{ reason: 'oversized', source: whole, detail: `${text.length} characters` }] };
  }
  if (text.includes('\u0000')) {
    return {
      ...noFacts(),
      unread: [
        { reason: 'not-text', source: whole, detail: 'NUL bytes: post a .tlv file as application/octet-stream' },
      ],
    };
  }
  const parts: DiscoveredFacts[] = [];
  let itlBody: string | null = null;
  let shownCtl: { body: string; at: number } | null = null;
  for (const section of sections(text)) {
    if (section.command === null && section.body.trim() === '') continue;
    const command = section.command ?? guessCommand(section.body);
    const source: FactSource = {
      kind: 'show-output',
      detail: `${origin}: ${(command ?? 'output without a prompt').slice(0, 200)}`,
    };
    const facts = command === null ? null : readSection(command, section.body, source);
    if (facts) {
      if (command?.toLowerCase() === 'show itl') itlBody = section.body;
      if (command?.toLowerCase() === 'show ctl') shownCtl = { body: section.body, at: parts.length };
      parts.push(facts);
    } else if (section.command !== null || section.body.trim() !== '') {
      parts.push({
        ...noFacts(),
        unread: [
          {
            reason: command === null ? 'unknown-output' : 'unknown-command',
            source,
            detail: (command ?? section.body.trim()).slice(0, 120),
          },
        ],
      });
    }
  }
  if (parts.length === 0) {
    return { ...noFacts(), unread: [{ reason: 'empty', source: whole, detail: 'nothing pasted' }] };
  }
  if (itlBody !== null && shownCtl !== null) {
    parts[shownCtl.at] = settleShownCtl(itlBody, shownCtl.body, parts[shownCtl.at] ?? noFacts());
  }
  return withSessionNode(concatFacts(parts));
}
