// Loads the configuration: environment over the optional YAML file (CERTWATCH_CONFIG) over defaults, every problem
// listed.
import { readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { isMap, parseDocument } from 'yaml';
import { didYouMean } from './did-you-mean.js';
import { checkMailbox } from './email-address.js';
import { ipOrCidrProblem, isHostOrIp } from './network-address.js';
import { CONFIG_KEYS, ConfigSchema, MIN_TOKEN_LENGTH, type Config, type ConfigKey } from './schema.js';

export type LoadConfigResult =
  | { ok: true; config: Config; warnings: string[] }
  | { ok: false; problems: string[] };

export type ReadTextFile = (path: string, encoding: 'utf8') => string;

/** Where a value came from, for problem messages (an admin must know which of env or file to fix). */
interface RawValue {
  value: unknown;
  from: string;
}

const BY_ENV = new Map(CONFIG_KEYS.map((key) => [key.env, key]));
const ENV_NAMES = CONFIG_KEYS.map((key) => key.env);

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * Builds the validated Config. Pure apart from reading the CERTWATCH_CONFIG file through `readFile`.
 * An empty environment variable counts as unset (docker-compose writes `KEY=` for absent values).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readFile: ReadTextFile = readFileSync,
): LoadConfigResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const fileValues = readYamlFile(env.CERTWATCH_CONFIG, readFile, problems);

  const values: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const envText = env[key.env];
    let raw: RawValue | undefined;
    if (envText !== undefined && envText.trim() !== '') raw = { value: envText, from: 'env' };
    else if (fileValues.has(key.env)) raw = fileValues.get(key.env);
    if (raw === undefined) {
      const fallback = (ConfigSchema.properties[key.key] as { default?: unknown }).default;
      if (fallback !== undefined) values[key.key] = structuredClone(fallback);
      continue;
    }
    const parsed = parseValue(key, raw, problems);
    if (parsed !== undefined) values[key.key] = parsed;
  }

  checkCombinations(values as Partial<Config>, problems, warnings);
  warnAboutLookalikes(env, warnings);
  if (problems.length > 0) return { ok: false, problems };
  // The per-key checks above mirror the schema; this catches any drift between them instead of trusting it.
  for (const error of Value.Errors(ConfigSchema, values)) {
    problems.push(`internal: config ${error.instancePath} ${error.message}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: values as Config, warnings };
}

function readYamlFile(path: string | undefined, readFile: ReadTextFile, problems: string[]): Map<string, RawValue> {
  const out = new Map<string, RawValue>();
  if (path === undefined || path.trim() === '') return out;
  let text: string;
  try {
    text = readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    problems.push(`CERTWATCH_CONFIG: cannot read ${shown(path)} (${code})`);
    return out;
  }
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.push(`${path}: ${error.message.split('\n')[0]}`);
    return out;
  }
  if (doc.contents === null) return out; // an empty file sets nothing
  if (!isMap(doc.contents)) {
    problems.push(`${path}: expected a mapping of settings (KEY: value)`);
    return out;
  }
  let settings: Record<string, unknown>;
  try {
    settings = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (error) {
    problems.push(`${path}: ${(error as Error).message}`); // e.g. an alias bomb
    return out;
  }
  for (const [name, value] of Object.entries(settings)) {
    if (!BY_ENV.has(name)) {
      const guess = didYouMean(name, ENV_NAMES);
      problems.push(`${path}: unknown key ${shown(name)}${guess ? ` (did you mean ${guess}?)` : ''}`);
      continue;
    }
    if (value === null) continue; // `KEY:` with no value means unset, like an empty env variable
    out.set(name, { value, from: path });
  }
  return out;
}

function parseValue(key: ConfigKey, raw: RawValue, problems: string[]): unknown {
  const fail = (detail: string) => {
    problems.push(`${key.env}: ${detail} (from ${raw.from})`);
    return undefined;
  };
  switch (key.kind) {
    case 'integer': {
      const result = parseInteger(raw.value, key.minimum, key.maximum);
      return typeof result === 'number' ? result : fail(`${shown(raw.value)} ${result.problem}`);
    }
    case 'enum': {
      if (typeof raw.value !== 'string') return fail(`${shown(raw.value)} must be one of ${key.values?.join(', ')}`);
      const value = raw.value.trim().toLowerCase();
      return key.values?.includes(value) ? value : fail(`${shown(raw.value)} must be one of ${key.values?.join(', ')}`);
    }
    case 'string': {
      // YAML reads `API_TOKEN: 12345678` as a number; the admin meant the text.
      if (typeof raw.value === 'number') return checkString(key, String(raw.value), fail);
      if (typeof raw.value !== 'string') {
        return fail(`must be text, found ${key.secret ? typeof raw.value : shown(raw.value)}`);
      }
      return checkString(key, raw.value.trim(), fail);
    }
    case 'list': {
      let items: unknown[];
      if (Array.isArray(raw.value)) items = raw.value;
      // `none` lets the environment turn reminders off, since an empty variable means unset.
      else if (
        key.env === 'REMINDER_DAYS' &&
        typeof raw.value === 'string' &&
        raw.value.trim().toLowerCase() === 'none'
      )
        items = [];
      else if (typeof raw.value === 'string')
        items = raw.value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '');
      else if (typeof raw.value === 'number') items = [raw.value];
      else return fail(`must be a comma-separated list, found ${shown(raw.value)}`);
      const parsed: unknown[] = [];
      let bad = false;
      items.forEach((item, index) => {
        const result = parseListItem(key, item);
        if (typeof result === 'object' && result !== null && 'problem' in result) {
          bad = true;
          fail(`item ${index + 1} ${shown(item)} ${result.problem}`);
        } else parsed.push(result);
      });
      return bad ? undefined : finishList(key, parsed, fail);
    }
  }
}

type Problem = { problem: string };

function parseInteger(value: unknown, minimum = 0, maximum = Number.MAX_SAFE_INTEGER): number | Problem {
  let number: number;
  if (typeof value === 'number') number = value;
  // Strict on purpose: Number('') is 0 and Number('1e3') is 1000; neither is what an admin meant.
  else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) number = Number(value);
  else return { problem: 'is not a whole number' };
  if (!Number.isSafeInteger(number)) return { problem: 'is not a whole number' };
  if (number < minimum || number > maximum) {
    const range = maximum >= Number.MAX_SAFE_INTEGER ? `at least ${minimum}` : `between ${minimum} and ${maximum}`;
    return { problem: `is out of range (must be ${range})` };
  }
  return number;
}

function parseListItem(key: ConfigKey, item: unknown): unknown {
  if (key.itemKind === 'integer') return parseInteger(item, key.minimum, key.maximum);
  if (typeof item !== 'string') return { problem: 'must be text' };
  const text = item.trim();
  if (key.env === 'SYSLOG_ALLOW') {
    const problem = ipOrCidrProblem(text);
    return problem ? { problem } : text;
  }
  if (key.env === 'MAIL_TO') {
    const check = checkMailbox(text);
    return check.ok ? text : { problem: check.reason };
  }
  return text;
}

function finishList(key: ConfigKey, items: unknown[], fail: (detail: string) => undefined): unknown {
  if (key.env !== 'REMINDER_DAYS') return items;
  const days = items as number[];
  const repeated = days.filter((day, index) => days.indexOf(day) !== index);
  if (repeated.length > 0) return fail(`lists ${[...new Set(repeated)].join(', ')} more than once`);
  // The ladder is walked from the farthest day down; accept any order, store it descending.
  return [...days].sort((a, b) => b - a);
}

const URL_SCHEMES: Record<string, readonly string[]> = {
  REDIS_URL: ['redis:', 'rediss:'],
  SMTP_URL: ['smtp:', 'smtps:'],
  PUBLIC_URL: ['http:', 'https:'],
};

function checkString(key: ConfigKey, text: string, fail: (detail: string) => undefined): string | undefined {
  if (text === '') return fail('must not be empty');
  const schemes = URL_SCHEMES[key.env];
  if (schemes) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return fail(
        `${key.secret ? 'value' : shown(text)} is not a URL (expected ${schemes.map((s) => `${s}//`).join(' or ')})`,
      );
    }
    if (!schemes.includes(url.protocol)) {
      return fail(
        `scheme ${shown(url.protocol.replace(/:$/, ''))} is not allowed (expected ${schemes.map((s) => `${s}//`).join(' or ')})`,
      );
    }
    if (url.hostname === '') return fail('URL has no host');
    return text;
  }
  if (key.env === 'SYSLOG_HOST' || key.env === 'HTTP_HOST') {
    // Hosts may be written [::1] as in URLs; bind() wants the bare address.
    const host = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
    return isHostOrIp(host) ? host : fail(`${shown(text)} is not an IP address or host name`);
  }
  if (key.env === 'MAIL_FROM') {
    const check = checkMailbox(text);
    return check.ok ? text : fail(`${shown(text)} ${check.reason}`);
  }
  if (key.env === 'API_TOKEN' && !/^[\x21-\x7e]+$/.test(text)) {
    // It travels in an Authorization header: printable ASCII without spaces only. Never echo a secret.
    return fail('must be printable ASCII without spaces');
  }
  return text;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

function checkCombinations(config: Partial<Config>, problems: string[], warnings: string[]): void {
  const hasCert = config.syslogTlsCert !== undefined;
  const hasKey = config.syslogTlsKey !== undefined;
  if (hasCert !== hasKey) {
    problems.push(hasCert
      ? 'SYSLOG_TLS_KEY: must be set when SYSLOG_TLS_CERT is set (TLS needs both, or neither to stay off)'
      : 'SYSLOG_TLS_CERT: must be set when SYSLOG_TLS_KEY is set (TLS needs both, or neither to stay off)');
  }
  // Two TCP listeners on one port cannot both bind; say so now rather than as EADDRINUSE at start.
  const tcpListeners: { env: string; port: number | undefined; host: string | undefined }[] = [
    { env: 'SYSLOG_TCP_PORT', port: config.syslogTcpPort, host: config.syslogHost },
    ...(hasCert && hasKey ? [{ env: 'SYSLOG_TLS_PORT', port: config.syslogTlsPort, host: config.syslogHost }] : []),
    { env: 'HTTP_PORT', port: config.httpPort, host: config.httpHost },
  ];
  for (let i = 0; i < tcpListeners.length; i++) {
    for (let j = i + 1; j < tcpListeners.length; j++) {
      const a = tcpListeners[i]!;
      const b = tcpListeners[j]!;
      if (a.port === undefined || a.port === 0 || a.port !== b.port) continue;
      const overlap = a.host === b.host || WILDCARD_HOSTS.has(a.host ?? '') || WILDCARD_HOSTS.has(b.host ?? '');
      if (overlap) problems.push(`${b.env}: port ${b.port} is already used by ${a.env}`);
    }
  }
  if (config.apiToken !== undefined && config.apiToken.length < MIN_TOKEN_LENGTH) {
    warnings.push(
      `API_TOKEN is shorter than ${MIN_TOKEN_LENGTH} characters (refused beyond loopback); use a long random token (e.g. \`openssl rand -hex 32\`)`,
    );
  }
}

// Only prefixes no other software is likely to use (HTTP_PROXY and friends are why HTTP_ is not here).
const OWN_PREFIXES = [
  'SYSLOG_',
  'MAIL_',
  'CERTWATCH_',
  'REMINDER_',
  'QUIET_',
  'TICK_',
  'SPOOL_',
  'TRAFFIC_',
  'INGEST_',
  'CLUSTERS_',
];

/** A misspelt variable is silently ignored by the environment; name it so the admin sees why a setting had no
 * effect. */
function warnAboutLookalikes(env: Record<string, string | undefined>, warnings: string[]): void {
  for (const name of Object.keys(env).sort()) {
    if (BY_ENV.has(name) || name === 'CERTWATCH_CONFIG' || !OWN_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      continue;
    }
    const guess = didYouMean(name, ENV_NAMES);
    warnings.push(
      `environment variable ${name} is not a certwatch setting${guess ? ` (did you mean ${guess}?)` : ''}; ignored`,
    );
  }
}
