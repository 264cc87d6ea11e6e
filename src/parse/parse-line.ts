// One syslog message -> certificate event, noise or a typed rejection. Anchored on the first CiscoLog tag; noise
// leaves early and cheaply; certificate alarms (direct, legacy, or nested in an RTMT alert) get the full treatment.
import type { CertificateEvent, EventVia } from '../domain/certificate-event.js';
import { isKnownCertificateAlarm, urgencyOfAlarm } from './alarm-names.js';
import { parseCertificateMessage } from './certificate-message.js';
import { resolveTimestamp } from './ciscolog-timestamp.js';
import { facilityKey, findTag, type CiscoLogTag } from './ciscolog-tag.js';
import { parseEnvelope } from './envelope.js';
import { inferExpiry } from './expiry.js';
import { parseLegacyTail } from './legacy-tail.js';
import { isNodeName, nodeFromHost } from './node-name.js';
import { normaliseKey, parseParams } from './params.js';
import { parseJavaDate, rtmtBlocksFromSyslog, type RtmtBlock } from './rtmt.js';
import { sniffNodeText } from './sniff-node.js';
import { noise, rejected, type ParseContext, type ParseOutcome } from './types.js';
import { isKnownIanaZone, type ZoneRef } from './zones.js';

/** A CiscoLog message is ~800 octets; RTMT alerts and relays add some. Far beyond that is not one syslog message. */
export const MAX_MESSAGE_CHARS = 16384;
/** RTMT alerts nest one alarm line; an alert quoting an alert is the most that is followed. */
const MAX_NESTING = 2;

const BINARY_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const LINE_BREAK = /[\r\n]/;
/** Characters that have no business in a certificate name: controls, C1, zero-width, line/paragraph separators, bidi. */
const UNSAFE_IN_FIELD = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const UNIT_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_CERTIFICATE_CHARS = 255;
/** Untagged text is noise only if it looks like syslog (PRI, a 3164/CiscoLog/ISO timestamp, or a `prog[pid]:` tag). */
const SYSLOG_LIKE = /^\s*(?:<\d{1,3}>|[A-Z][a-z]{2} {1,2}\d{1,2} (?:\d{4} )?\d{1,2}:\d{2}:\d{2}[ .]|\d{4}-\d{2}-\d{2}T\d{2}:\d{2})|(?:^|\s)[A-Za-z0-9_.\/-]{1,64}\[\d{1,10}\]: /;

/** A UC_CERT tag cut before its ':' at the very end of the text (the rest of the alarm was lost). */
const CUT_CERT_TAG = /%(?:UC|CCM)_CERT(?:-[0-7A-Za-z_-]*)?$/i;

export interface MessageOptions {
  via: EventVia;
  depth: number;
  /** Node named around a nested line (RTMT `NodeID :` field), used when the line itself names none. */
  fallbackNode: string | null;
  /** Time named around a nested line (RTMT `TimeStamp :`), used when the line has no CiscoLog timestamp. */
  fallbackTime: Date | null;
  /** The text is known to be cut at its end (RTMT detail cut inside the nested line). */
  cut: boolean;
}

const DIRECT: MessageOptions = { via: 'syslog', depth: 0, fallbackNode: null, fallbackTime: null, cut: false };

/** One syslog message (as decoded by decodeFrame, or one line of a POST body). Never throws. */
export function parseLine(text: string, ctx: ParseContext): ParseOutcome {
  return parseMessage(text, ctx, DIRECT);
}

export function parseMessage(text: string, ctx: ParseContext, opt: MessageOptions): ParseOutcome {
  if (text.length > MAX_MESSAGE_CHARS) return rejected('oversized', `${text.length} characters, limit ${MAX_MESSAGE_CHARS}`);
  if (text.trim() === '') return rejected('empty', 'no text');
  if (BINARY_CHAR.test(text)) return rejected('binary', 'control characters in the text');
  const tag = findTag(text);
  if (!tag) {
    if (CUT_CERT_TAG.test(text.length > 160 ? text.slice(-160) : text)) return rejected('truncated', 'certificate alarm cut inside its tag');
    if (SYSLOG_LIKE.test(text.length > 512 ? text.slice(0, 512) : text)) return noise(sniffNodeText(text), null);
    return rejected('malformed', 'neither a syslog header nor a CiscoLog tag');
  }
  const facility = facilityKey(tag);
  const sub = tag.subFacility?.toUpperCase() ?? null;
  if (facility === 'RTMT' || sub === 'RTMT') return parseRtmtAlert(text, tag, ctx, opt);
  const certFacility = facility === 'CERT' || sub === 'CERT';
  // Any alarm carrying a certificate Message is treated as one, whatever its facility (never drop one silently).
  if (!certFacility && text.indexOf('Certificate name:', tag.end) < 0) return noise(sniffNodeText(text, tag.start), tag.text);
  return parseCertificateAlarm(text, tag, ctx, opt, certFacility);
}

interface AlarmBody {
  message: string | null;
  /** The text ended inside the Message (or before it). */
  messageCut: boolean;
  nodeId: string | null;
  clusterId: string | null;
}

function readUcBody(text: string, tag: CiscoLogTag, cutOutside: boolean): AlarmBody {
  let p = tag.end;
  while (text[p] === ' ' || text[p] === '\t') p += 1;
  if (text[p] === '%' || text[p] === '[') {
    const params = parseParams(text, p);
    const message = params.params.get('message') ?? null;
    const lastKey = normaliseKey(params.entries[params.entries.length - 1]?.[0] ?? '');
    // The value of the block the text ended in may be cut: never take a cut NodeID/ClusterID for a real one.
    const cutKey = !params.closed || cutOutside ? lastKey : null;
    const messageCut = message === null ? !params.closed || cutOutside : cutKey === 'message';
    const trusted = (key: string) => (cutKey === key ? null : (params.params.get(key) ?? null));
    return { message, messageCut, nodeId: trusted('nodeid'), clusterId: trusted('clusterid') };
  }
  // No %[..] block: read it like the legacy free-text form.
  return readLegacyBody(text, tag, cutOutside || p >= text.length);
}

function readLegacyBody(text: string, tag: CiscoLogTag, cutOutside: boolean): AlarmBody {
  const tail = parseLegacyTail(text.slice(tag.end));
  const start = tail.description.search(/Certificate (?:expiration|name:)/);
  const message = start < 0 ? null : tail.description.slice(start).replace(/^Message\s*[:=]\s*/, '');
  // Without an App ID tail the free text may have been cut anywhere.
  return { message, messageCut: cutOutside || tail.appId === null, nodeId: tail.nodeId, clusterId: tail.clusterId };
}

function meaningfulCluster(id: string | null): string | null {
  if (id === null) return null;
  const v = id.trim();
  return v === '' || v.toLowerCase() === 'standalonecluster' ? null : v;
}

function nodeZoneOf(node: string, ctx: ParseContext): ZoneRef | null {
  const zone = ctx.zoneForNode?.(node);
  return zone !== undefined && zone !== '' && isKnownIanaZone(zone) ? { kind: 'iana', name: zone } : null;
}

function parseCertificateAlarm(text: string, tag: CiscoLogTag, ctx: ParseContext, opt: MessageOptions, certFacility: boolean): ParseOutcome {
  if (LINE_BREAK.test(text)) return rejected('malformed', 'line break inside a certificate alarm (log injection?)');
  const body = tag.form === 'uc' ? readUcBody(text, tag, opt.cut) : readLegacyBody(text, tag, opt.cut);
  const knownName = isKnownCertificateAlarm(tag.name);
  if (body.message === null) {
    if (body.messageCut) return rejected('truncated', `${tag.text} cut before its Message`);
    if (knownName) return rejected('malformed', `${tag.text} without a certificate Message`);
    return noise(sniffNodeText(text, tag.start), tag.text);
  }
  const parsed = parseCertificateMessage(body.message, body.messageCut);
  if (!parsed.ok) {
    if (parsed.reason === 'absent') {
      if (knownName) return rejected('malformed', `${tag.text}: ${parsed.detail}`);
      return noise(sniffNodeText(text, tag.start), tag.text);
    }
    return rejected(parsed.reason, `${tag.text}: ${parsed.detail}`);
  }
  const msg = parsed.message;
  if (msg.certificate.length > MAX_CERTIFICATE_CHARS || UNSAFE_IN_FIELD.test(msg.certificate)) {
    return rejected('malformed', `${tag.text}: certificate name with control or invisible characters, or too long`);
  }
  if (!UNIT_SHAPE.test(msg.unit)) return rejected('malformed', `${tag.text}: unit "${msg.unit.slice(0, 40)}" is not a store name`);

  const header = text.slice(0, tag.start);
  const env = parseEnvelope(header);
  let node: string;
  const nodeId = body.nodeId?.trim() ?? '';
  if (nodeId !== '') {
    if (!isNodeName(nodeId)) return rejected('malformed', `${tag.text}: NodeID is not a host name`);
    node = nodeId;
  } else node = nodeFromHost(env.host) ?? nodeFromHost(opt.fallbackNode) ?? nodeFromHost(env.relayHost) ?? 'unknown';

  const nodeZone = nodeZoneOf(node, ctx);
  const notes = [...msg.notes];
  let alarmAt: Date;
  const resolved = env.timestamp === null ? null : resolveTimestamp(env.timestamp, ctx.receivedAt, nodeZone);
  if (resolved) {
    alarmAt = resolved.at;
    if (resolved.note !== '') notes.push(`alarm time: ${resolved.note}`);
  } else if (opt.fallbackTime !== null) {
    alarmAt = opt.fallbackTime;
    notes.push('alarm time from the RTMT alert');
  } else {
    const relay = env.relayTimestamp === null ? Number.NaN : Date.parse(env.relayTimestamp);
    alarmAt = Number.isFinite(relay) ? new Date(relay) : ctx.receivedAt;
    notes.push(Number.isFinite(relay) ? 'alarm time from the relay header' : 'no alarm time; receive time used');
  }

  const alarmUrgency = certFacility || knownName ? urgencyOfAlarm(tag.name) : 'unknown';
  const expiry = inferExpiry({ expirationText: msg.expirationText, urgency: alarmUrgency, alarmAt, nodeZone, notes });
  const event: CertificateEvent = {
    alarm: tag.name,
    severity: tag.severity,
    alarmUrgency,
    alarmAt: alarmAt.toISOString(),
    node,
    host: env.host,
    clusterId: meaningfulCluster(body.clusterId),
    certificate: msg.certificate,
    unit: msg.unit,
    certType: msg.certType,
    trustStore: /-trust$/i.test(msg.unit),
    expiry,
    via: opt.via,
    raw: text,
  };
  return { kind: 'certificate', event };
}

/** Nested line of a legacy RTMT alert without MatchedEvent fields: from the nested tag back to the field boundary. */
function legacyNestedBlock(text: string, tag: CiscoLogTag): RtmtBlock | null {
  const nested = findTag(text, tag.end);
  if (!nested) return null;
  const boundary = Math.max(text.lastIndexOf('#012', nested.start) + 4, text.lastIndexOf('Detail:', nested.start) + 7, tag.end);
  return { matchedEvent: text.slice(boundary, text.length).trim(), cut: false, nodeId: null, timeStamp: null };
}

/** How a nested line is parsed: via rtmt-*, one level deeper, with the block's NodeID/TimeStamp as fallbacks. */
export function nestedOptions(block: RtmtBlock, opt: MessageOptions): MessageOptions {
  return {
    via: opt.via === 'rtmt-mail' ? 'rtmt-mail' : 'rtmt-syslog',
    depth: opt.depth + 1,
    fallbackNode: block.nodeId,
    fallbackTime: block.timeStamp === null ? null : parseJavaDate(block.timeStamp),
    cut: block.cut,
  };
}

/** Nested alarm lines of an RTMT alert, parsed in turn: the first certificate event wins, else its rejection, else null. */
function parseRtmtBlocks(blocks: RtmtBlock[], ctx: ParseContext, opt: MessageOptions): ParseOutcome | null {
  let rejection: ParseOutcome | null = null;
  for (const block of blocks) {
    const outcome = parseMessage(block.matchedEvent, ctx, nestedOptions(block, opt));
    if (outcome.kind === 'certificate') return outcome;
    if (outcome.kind === 'rejected' && (outcome.reason === 'truncated' || outcome.reason === 'malformed') && findTag(block.matchedEvent)) {
      rejection ??= outcome;
    }
  }
  return rejection;
}

function parseRtmtAlert(text: string, tag: CiscoLogTag, ctx: ParseContext, opt: MessageOptions): ParseOutcome {
  const outer = noise(sniffNodeText(text, tag.start), tag.text);
  if (opt.depth >= MAX_NESTING) return outer;
  let blocks = rtmtBlocksFromSyslog(text, tag.end);
  if (blocks.length === 0) {
    const legacy = legacyNestedBlock(text, tag);
    blocks = legacy ? [legacy] : [];
  }
  return parseRtmtBlocks(blocks, ctx, opt) ?? outer;
}
