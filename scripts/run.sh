#!/usr/bin/env bash
# One command from a fresh machine to a running certwatch with zero configuration:
# installs redis-server and the dependencies, compiles when the sources changed (scripts/build.sh), and starts every role
# from the compiled JavaScript (embedded Redis, mail to DATA_DIR/outbox).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
# Source maps: stack traces name the TypeScript files and lines. Semi-spaces of 8 MB: a young generation of 24 MB
# instead of up to 48 MB, about 25 MB less RSS for the service with no datagram lost for it (bench/README.md, part 9).
# The worker process inherits the first and sets its own heap flags (src/service/worker-process.ts).
exec node --enable-source-maps --max-semi-space-size=8 bin/certwatch.js start "$@"
