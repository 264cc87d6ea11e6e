// RTMT alert unwrapping (brief 2.4): the alert detail holds the original alarm line as `MatchedEvent : <line>`
// among `SeverityMatch / AppID / ClusterID / NodeID / TimeStamp` fields, separated by `#012` on syslog and by real
// newlines (possibly wrapped) in the e-mail form. This file finds those blocks; parse-line parses the nested line.
import { monthIndex } from './calendar.js';
import { wallClockToUtc, zoneFromToken } from './zones.js';

export interface RtmtBlock {
  /** The nested alarm line (after unwrapping). */
  matchedEvent: string;
  /** The detail ended inside this line (syslog form cut at ~800 octets). */
  cut: boolean;
  /** `NodeID :` field of the block, a fallback node for the nested line. */
  nodeId: string | null;
  /** `TimeStamp :` field (Java Date text), a fallback alarm time for the nested line. */
  timeStamp: string | null;
}

const FIELD = /^\s*(SeverityMatch|MatchedEvent|AppID|ClusterID|NodeID|TimeStamp)\s*:\s?(.*)$/;
/** The outer alert's own parameters start here; everything before it (minus one ']') is the alert detail. */
const OUTER_APP_IDS = ['[AppID=Cisco AMC Service]', '[App ID=Cisco AMC Service]'];
const MAX_BLOCKS = 32;

function firstToken(value: string): string | null {
  const token = value.trim().split(/[\s\]]/, 1)[0] ?? '';
  return token === '' ? null : token;
}

/**
 * Groups field lines into blocks (one per MatchedEvent). With `wrapped`, lines that are not a known field continue
 * the MatchedEvent (e-mail clients wrap long lines) and are joined with one space: that undoes RFC 5322 folding,
 * format=flowed soft breaks and word wraps that ate the space alike. A hard wrap inside a word cannot be told from a
 * word wrap and would gain a space; mail clients wrap at spaces, and quoted-printable soft breaks are undone earlier.
 */
export function blocksFromFieldLines(lines: string[], wrapped: boolean): RtmtBlock[] {
  const blocks: RtmtBlock[] = [];
  let current: RtmtBlock | null = null;
  let inEvent = false;
  for (const line of lines) {
    const m = FIELD.exec(line);
    if (m) {
      inEvent = false;
      const label = m[1];
      const value = m[2] ?? '';
      if (label === 'MatchedEvent') {
        if (blocks.length >= MAX_BLOCKS) break;
        current = { matchedEvent: value, cut: false, nodeId: null, timeStamp: null };
        blocks.push(current);
        inEvent = true;
      } else if (current && label === 'NodeID') current.nodeId = firstToken(value);
      else if (current && label === 'TimeStamp') current.timeStamp = value.split(']', 1)[0]?.trim() ?? null;
      continue;
    }
    if (wrapped && inEvent && current) {
      if (line.trim() === '') {
        inEvent = false;
        continue;
      }
      current.matchedEvent = `${current.matchedEvent.replace(/\s+$/, '')} ${line.trim()}`;
    }
  }
  for (const b of blocks) b.matchedEvent = b.matchedEvent.trim();
  return blocks;
}

/** Blocks of an RTMT alert received over syslog (`AlertDetail= ...#012MatchedEvent : ...#012...`). */
export function rtmtBlocksFromSyslog(text: string, from: number): RtmtBlock[] {
  const matched = text.indexOf('MatchedEvent', from);
  if (matched < 0) return [];
  const detailAt = text.indexOf('AlertDetail=', from);
  const start = detailAt >= 0 && detailAt < matched ? detailAt + 'AlertDetail='.length : from;
  let end = text.length;
  for (const id of OUTER_APP_IDS) {
    const at = text.lastIndexOf(id);
    if (at > matched) {
      end = at;
      break;
    }
  }
  let detail = text.slice(start, end);
  if (end < text.length && detail.endsWith(']')) detail = detail.slice(0, -1);
  const segments = detail.split(/#\s?012/);
  const blocks = blocksFromFieldLines(segments, false);
  // The detail was cut inside the last MatchedEvent when no other field follows it.
  const lastSegment = segments[segments.length - 1] ?? '';
  const last = blocks[blocks.length - 1];
  if (last && /^\s*MatchedEvent\s*:/.test(lastSegment)) last.cut = true;
  return blocks;
}

const JAVA_DATE = /^(?:[A-Za-z]{3} )?([A-Za-z]{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) (\d{4})$/;

/** `Fri May 21 08:10:24 CDT 2021` (Java Date.toString) -> instant; null when the zone is not in the table. */
export function parseJavaDate(text: string): Date | null {
  const m = JAVA_DATE.exec(text.trim());
  if (!m) return null;
  const month = monthIndex(m[1] ?? '');
  const zone = zoneFromToken(m[6] ?? '');
  if (month === null || zone === null) return null;
  const day = Number(m[2]);
  const year = Number(m[7]);
  if (day < 1 || day > 31 || year < 1990 || year > 2199) return null;
  const t = wallClockToUtc({ year, month, day, hour: Number(m[3]), minute: Number(m[4]), second: Number(m[5]), millisecond: 0 }, zone);
  return Number.isFinite(t) ? new Date(t) : null;
}
