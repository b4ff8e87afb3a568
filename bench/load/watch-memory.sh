#!/usr/bin/env bash
# What N watches cost the process that holds them, over HTTP/2 and over HTTP/1.1, side by side
# (see watchMemory.ts): RSS, heap and connections after GC, against the shared local cluster.
#
#   bash bench/load/watch-memory.sh [--watches 1000]
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
ensure_cluster
cd "$SLIPWAY_ROOT"
for transport in "" --http1; do
  node --expose-gc --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/load/watchMemory.ts "$@" $transport
done
