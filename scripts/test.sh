#!/usr/bin/env bash
# One command from a fresh machine to the whole test suite: installs redis-server and the dependencies, type-checks,
# and runs every test (unit tests need no I/O; integration tests start their own redis-server, sockets and SMTP server).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "test: node $(node --version)"
npx tsc -p tsconfig.json --noEmit
node scripts/run-tests.mjs "$@"
