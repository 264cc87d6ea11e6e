#!/usr/bin/env bash
# Installs what certwatch needs on a Debian/Ubuntu machine: redis-server and a C compiler (Debian packages), the npm
# dependencies, and builds the native addons (scripts/build-native.sh); with SETUP_CHROMIUM=1 (scripts/test.sh)
# also chromium, for the web pages' browser test. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a $SUDO apt-get install -y -qq "$1" >/dev/null 2>&1 \
    || { echo "setup: could not install $1 (apt-get install -y $1)" >&2; exit 1; }
}

if ! command -v redis-server >/dev/null 2>&1; then
  echo "setup: installing redis-server from Debian's packages"
  apt_install redis-server
fi
# The Debian package starts a system redis on 6379; certwatch does not use it (it starts its own unless REDIS_URL is set).

# The web pages' browser test (test/web/pages-browser.test.ts) drives Debian's chromium; the service never needs it,
# so only the test command asks for it.
if [ "${SETUP_CHROMIUM:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing chromium from Debian's packages (for the web pages' browser test)"
  apt_install chromium
fi

# A symlinked node_modules belongs to another checkout (a git worktree sharing its packages): npm ci would empty that
# checkout's folder, so it is left alone.
if [ -L node_modules ]; then
  echo "setup: node_modules is a link to $(readlink node_modules); not reinstalling it"
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The native addons (the recvmmsg UDP reader, the noise screen) need a C compiler; without them certwatch reads UDP
# with dgram and screens noise in JavaScript.
if ! command -v cc >/dev/null 2>&1; then
  echo "setup: installing build-essential (a C compiler for the native addons) from Debian's packages"
  apt_install build-essential
fi
bash scripts/build-native.sh
