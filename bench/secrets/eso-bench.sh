#!/usr/bin/env bash
# External Secrets store write-to-visible benchmark on the local cluster (see eso-sync.ts).
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
ensure_external_secrets
cd "$SLIPWAY_ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/secrets/eso-sync.ts "$@"
