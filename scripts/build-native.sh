#!/usr/bin/env bash
# Builds the native addons (N-API only) with the system's C compiler: the recvmmsg UDP reader (native/udp-batch) into
# native/build/udp_batch.node and the noise screen (native/frame-scan) into native/build/frame_scan.node. The headers
# come from the npm package node-api-headers, so no node-gyp and no download. Without a compiler it says so and exits
# 0: certwatch then reads UDP with Node's dgram (SYSLOG_UDP_READER=auto) and screens noise in JavaScript (the same
# decision, slower).
set -euo pipefail
cd "$(dirname "$0")/.."

CC="${CC:-cc}"
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "build-native: no C compiler ($CC); skipped, UDP is read with dgram and noise screened in JavaScript (apt-get install build-essential to build it)"
  exit 0
fi
mkdir -p native/build
build() { # name, source
  # Built beside and renamed over: a running certwatch keeps its mapped copy instead of reading a half-written file.
  "$CC" -O2 -Wall -Wextra -shared -fPIC -pthread -I node_modules/node-api-headers/include \
    -o "native/build/$1.node.tmp" "$2"
  mv "native/build/$1.node.tmp" "native/build/$1.node"
  echo "build-native: built native/build/$1.node"
}
build udp_batch native/udp-batch/udp_batch.c
build frame_scan native/frame-scan/frame_scan.c
