#!/usr/bin/env bash
# One command from a fresh machine to a running certwatch with zero configuration:
# installs redis-server and the dependencies, builds when the sources changed, and starts every role
# (embedded Redis, mail to DATA_DIR/outbox).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# The build is most of the time to healthy: skip it when nothing it depends on is newer than the last good build.
# The stamp takes the time the build started, and is kept only when tsc succeeded: a source saved during the build,
# or a failed build, means building again next time.
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ ! -f dist/src/cli.js ] \
  || [ -n "$(find src package.json package-lock.json tsconfig.json -newer "$stamp" -print -quit)" ]; then
  echo "run: building (the sources are newer than the last build)"
  mkdir -p dist
  touch "$stamp.next"
  npm run build --silent
  mv "$stamp.next" "$stamp"
fi
exec node bin/certwatch.js start "$@"
