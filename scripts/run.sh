#!/usr/bin/env bash
# One command from a fresh machine to a running certwatch with zero configuration:
# installs redis-server and the dependencies, builds, and starts every role (embedded Redis, mail to DATA_DIR/outbox).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run build --silent
exec node bin/certwatch.js start "$@"
