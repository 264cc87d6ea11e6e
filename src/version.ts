// The version of this build: package.json's, read at run time, so the CLI and /metrics cannot drift from it.
import { readFileSync } from 'node:fs';

/**
 * Walks up from this module to certwatch's package.json: `src/` when run through tsx, `dist/src/` after a build, and
 * the image's /app alike, without copying the file into the build.
 */
function readPackageVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'certwatch' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here (or not ours): keep walking up
    }
    if (dir.pathname === '/') throw new Error(`certwatch: no package.json of certwatch above ${import.meta.url}`);
  }
}

export const CERTWATCH_VERSION = readPackageVersion();
