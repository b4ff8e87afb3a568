#!/usr/bin/env bash
# Secrets benchmarks (see kubernetesStore.ts; eso-sync.ts for the External Secrets store): write until a
# new pod reads the value, and a rotation with 20 consumers until every consumer runs the new version.
#
#   bash bench/secrets/bench.sh [--writes N] [--consumers N]
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
ensure_cluster
cd "$SLIPWAY_ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/secrets/kubernetesStore.ts "$@"
