// A POST body: many syslog lines, or the text of an RTMT alert e-mail (detected by its field lines), -> outcomes.
import { nestedOptions, parseMessage, type MessageOptions } from './parse-line.js';
import { looksLikeRtmtMail, parseRtmtMail } from './rtmt-mail.js';
import { noise, rejected, type ParseContext, type ParseOutcome } from './types.js';
import { isNodeName, shortHostName } from './node-name.js';

const MAIL: MessageOptions = { via: 'rtmt-mail', depth: 0, fallbackNode: null, fallbackTime: null, cut: false };
const SYSLOG: MessageOptions = { via: 'syslog', depth: 0, fallbackNode: null, fallbackTime: null, cut: false };

/**
 * Syslog lines: one outcome per non-blank line; lines starting with '#' are comments (the samples' convention) and
 * skipped. RTMT e-mail text: one outcome per MatchedEvent block (a nested certificate alarm becomes an event with
 * via 'rtmt-mail'); an alert mail without any MatchedEvent is one noise outcome.
 */
export function parseText(text: string, ctx: ParseContext): ParseOutcome[] {
  if (text.trim() === '') return [rejected('empty', 'no text')];
  if (looksLikeRtmtMail(text)) return parseMailText(text, ctx);
  const out: ParseOutcome[] = [];
  for (const line of text.split(/\r?\n|\r/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    out.push(parseMessage(line, ctx, SYSLOG));
  }
  return out.length > 0 ? out : [rejected('empty', 'only comments')];
}

function parseMailText(text: string, ctx: ParseContext): ParseOutcome[] {
  const mail = parseRtmtMail(text);
  const atNode = mail.atNode !== null && isNodeName(mail.atNode) ? shortHostName(mail.atNode) : null;
  const tag = mail.alertName === null ? 'RTMT alert e-mail' : `RTMT ${mail.alertName}`;
  if (mail.blocks.length === 0) return [noise(atNode, tag)];
  // Each MatchedEvent is reported for itself: a certificate event, or noise/rejection naming the nested line's node and tag.
  return mail.blocks.map((block) => parseMessage(block.matchedEvent, ctx, nestedOptions(block, MAIL)));
}
