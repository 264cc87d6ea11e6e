// Secret-free copy of the configuration, the only form in which it may be logged.
import { CONFIG_KEYS, type Config } from './schema.js';

export const REDACTED = '[redacted]';

/** Keeps a URL's shape (scheme, user, host) but never its password. */
function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password === '') return text;
    url.password = '***'; // brackets would be percent-encoded inside a URL
    return url.toString();
  } catch {
    return REDACTED; // not a URL: nothing safe to show
  }
}

/** Secrets become `[redacted]`; URLs keep everything but their password, so the log still says where we connect. */
export function redactedConfig(config: Config): Config {
  const copy: Record<string, unknown> = { ...config };
  for (const key of CONFIG_KEYS) {
    const value = copy[key.key];
    if (!key.secret || typeof value !== 'string') continue;
    copy[key.key] = key.unit === 'URL' ? redactUrl(value) : REDACTED;
  }
  return copy as Config;
}
