#!/usr/bin/env bash
# One command from a fresh machine to the whole test suite: installs redis-server, chromium and the dependencies,
# type-checks, and runs every test (unit tests need no I/O; integration tests start their own redis-server, sockets
# and SMTP server).
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_CHROMIUM=1 bash scripts/setup.sh
echo "test: node $(node --version)"
npx tsc -p tsconfig.json --noEmit
# The long fault tests (chaos scenarios, delivery guarantees, overload, flood fairness: test/support/heavy.ts) run in
# this run only (CI's Node 20 run), not again in the Node 24 run, which calls run-tests.mjs directly. The other files
# run two at a time; the heavy ones run after them, one at a time (scripts/run-tests.mjs). The web pages' browser test
# (Debian's chromium, installed by setup.sh) also runs in this run only.
CERTWATCH_HEAVY=1 CERTWATCH_BROWSER=1 TEST_CONCURRENCY="${TEST_CONCURRENCY:-2}" node scripts/run-tests.mjs "$@"
