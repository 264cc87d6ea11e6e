// Slugs and short hashes for ids that end up in Redis keys, BullMQ job ids and URLs (never a ':').
import { createHash } from 'node:crypto';

/** Lower-case, [a-z0-9-] only, runs of anything else become one '-', trimmed, at most `max` characters. */
export function slug(text: string, max = 40): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return s === '' ? 'x' : s;
}

/** First `length` hex characters of the SHA-256 of the parts joined by NUL (unambiguous join). */
export function shortHash(parts: readonly string[], length = 8): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}
