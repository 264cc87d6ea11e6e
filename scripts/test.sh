#!/usr/bin/env bash
# One command from a fresh machine to the whole test suite: installs redis-server and the dependencies, type-checks,
# and runs every test (unit tests need no I/O; integration tests start their own redis-server, sockets and SMTP server).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "test: node $(node --version)"
npx tsc -p tsconfig.json --noEmit
# The long fault tests (chaos scenarios, delivery guarantees, overload, flood fairness: test/support/heavy.ts) run in
# this run only (CI's Node 20 run), not again in the Node 24 run, which calls run-tests.mjs directly.
CERTWATCH_HEAVY=1 node scripts/run-tests.mjs "$@"
