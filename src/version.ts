// The version of this build: package.json's, read at run time, so the CLI and /metrics cannot drift from it; and
// where that package.json is (the checkout or the image's /app), for files found beside it such as the native addon.
import { readFileSync } from 'node:fs';

/**
 * Walks up from this module to certwatch's package.json: `src/` when run through tsx, `dist/src/` after a build, and
 * the image's /app alike, without copying the file into the build.
 */
function findPackage(): { root: URL; version: string } {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'certwatch' && typeof pkg.version === 'string') return { root: dir, version: pkg.version };
    } catch {
      // no package.json here (or not ours): keep walking up
    }
    if (dir.pathname === '/') throw new Error(`certwatch: no package.json of certwatch above ${import.meta.url}`);
  }
}

const found = findPackage();
export const CERTWATCH_VERSION = found.version;
/** Directory of certwatch's package.json, ending in a slash. */
export const CERTWATCH_ROOT: URL = found.root;
