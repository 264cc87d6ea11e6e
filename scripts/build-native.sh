#!/usr/bin/env bash
# Builds the recvmmsg UDP reader (native/udp-batch, N-API only) into native/build/udp_batch.node with the system's C
# compiler; the headers come from the npm package node-api-headers, so no node-gyp and no download. Without a compiler
# it says so and exits 0: certwatch then reads UDP with Node's dgram (SYSLOG_UDP_READER=auto).
set -euo pipefail
cd "$(dirname "$0")/.."

CC="${CC:-cc}"
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "build-native: no C compiler ($CC); skipped, UDP is read with dgram (apt-get install build-essential to build it)"
  exit 0
fi
mkdir -p native/build
# Built beside and renamed over: a running certwatch keeps its mapped copy instead of reading a half-written file.
"$CC" -O2 -Wall -Wextra -shared -fPIC -pthread -I node_modules/node-api-headers/include \
  -o native/build/udp_batch.node.tmp native/udp-batch/udp_batch.c
mv native/build/udp_batch.node.tmp native/build/udp_batch.node
echo "build-native: built native/build/udp_batch.node"
