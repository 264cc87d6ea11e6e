#!/usr/bin/env bash
# Compiles the TypeScript sources to dist/ (tsc, with source maps) when anything the build depends on is newer than the
# last good build: the service runs as compiled JavaScript (tsx's compiler would cost each process about 37 MB of RSS;
# tsx stays for the tests and `npm run dev`). Used by scripts/run.sh, `npm start` and the bench.
set -euo pipefail
cd "$(dirname "$0")/.."

# The build is most of the time to healthy: skip it when nothing it depends on is newer than the last good build.
# The stamp takes the time the build started, and is kept only when tsc succeeded: a source saved during the build,
# or a failed build, means building again next time.
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ ! -f dist/src/cli.js ] \
  || [ -n "$(find src package.json package-lock.json tsconfig.json -newer "$stamp" -print -quit)" ]; then
  echo "build: compiling (the sources are newer than the last build)"
  mkdir -p dist
  touch "$stamp.next"
  npm run build --silent
  mv "$stamp.next" "$stamp"
fi
