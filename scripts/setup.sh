#!/usr/bin/env bash
# Installs what certwatch needs on a Debian/Ubuntu machine: redis-server (Debian package) and the npm dependencies.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "setup: installing redis-server from Debian's packages"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a $SUDO apt-get install -y -qq redis-server >/dev/null 2>&1 \
    || { echo "setup: could not install redis-server (apt-get install -y redis-server)" >&2; exit 1; }
fi
# The Debian package starts a system redis on 6379; certwatch does not use it (it starts its own unless REDIS_URL is set).

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
