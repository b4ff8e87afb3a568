#!/usr/bin/env bash
# Golden-path deploy benchmark on the local cluster (see golden-path.ts).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
cd "$SLIPWAY_ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/deploys/golden-path.ts "$@"
