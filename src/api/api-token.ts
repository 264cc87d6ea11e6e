// Which bearer token the API requires. On loopback the token is optional (API_TOKEN if set). Beyond loopback the API
// never runs open: API_TOKEN, else the token file in DATA_DIR, generated when missing or empty. A token too short
// to resist guessing, or a file that cannot be read, stops the start with a clear message instead.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { MIN_TOKEN_LENGTH } from '../config/schema.js';

export type ApiTokenResult =
  | { ok: true; token: string | undefined; generated: string | null; file: string | null }
  | { ok: false; problem: string };

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function generateInto(path: string): string {
  const token = randomBytes(32).toString('base64url');
  // Written beside and renamed: a reader never sees a half-written token file.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${token}\n`, { mode: 0o600 });
  renameSync(temp, path);
  return token;
}

export function resolveApiToken(options: {
  configured: string | undefined;
  httpHost: string;
  dataDir: string;
}): ApiTokenResult {
  const { configured, httpHost, dataDir } = options;
  if (isLoopback(httpHost)) return { ok: true, token: configured, generated: null, file: null };
  if (configured !== undefined) {
    if (configured.length < MIN_TOKEN_LENGTH) {
      return {
        ok: false,
        problem: `API_TOKEN has ${configured.length} characters; beyond loopback (HTTP_HOST=${httpHost}) it needs at least ${MIN_TOKEN_LENGTH} (e.g. \`openssl rand -hex 32\`)`,
      };
    }
    return { ok: true, token: configured, generated: null, file: null };
  }
  const path = resolve(dataDir, 'api-token');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      return {
        ok: false,
        problem: `the API token file ${path} cannot be read (${code ?? (error as Error).message}); fix or remove it, or set API_TOKEN`,
      };
    }
    return { ok: true, token: generateInto(path), generated: path, file: path };
  }
  const token = text.trim();
  if (token === '') return { ok: true, token: generateInto(path), generated: path, file: path };
  if (token.length < MIN_TOKEN_LENGTH) {
    return {
      ok: false,
      problem: `the API token in ${path} has ${token.length} characters; it needs at least ${MIN_TOKEN_LENGTH} (remove the file to have one generated)`,
    };
  }
  chmodSync(path, 0o600);
  return { ok: true, token, generated: null, file: path };
}
