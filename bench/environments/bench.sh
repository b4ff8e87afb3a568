#!/usr/bin/env bash
# Environment create-to-ready benchmark on the local cluster (see create-to-ready.ts).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
cd "$SLIPWAY_ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/environments/create-to-ready.ts "$@"
