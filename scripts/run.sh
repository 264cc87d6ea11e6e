#!/usr/bin/env bash
# One command from a fresh machine to a running certwatch with zero configuration:
# installs redis-server and the dependencies, compiles when the sources changed (scripts/build.sh), and starts every role
# from the compiled JavaScript (embedded Redis, mail to DATA_DIR/outbox).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
# Source maps: stack traces name the TypeScript files and lines (the worker process inherits the flag).
exec node --enable-source-maps bin/certwatch.js start "$@"
