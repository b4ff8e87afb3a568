#!/usr/bin/env bash
# Deploy-request benchmarks (see requests.ts): the approvals inbox and lists over 10,000 stored
# requests, and approval to all replicas Ready on the local cluster.
#
#   bash bench/approvals/bench.sh [--requests N] [--queries N] [--applies N]
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
ensure_packages
ensure_cluster
cd "$SLIPWAY_ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs bench/approvals/requests.ts "$@"
